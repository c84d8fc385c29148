/**
 * The reference client (clients/lakala.ts) against a listening simulator, configured the way a
 * merchant configures Lakala's SDK from GET /__admin/credentials (appid, serialNo, priKeyPath,
 * lklCerPath, serverUrl), and as strict as the SDK: only HTTP 200 is read, Lklapi-Serial is a hex
 * number (case and leading zeros do not matter), a platform certificate out of its validity or
 * not configured is refused, and an answer whose signature does not verify throws SignatureError.
 * A refusal is a result; a reset connection a transport error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError, ProtocolError, SignatureError, TransportError } from '../clients/http.ts';
import { createLakalaClient, type LakalaClient, type LakalaClientOptions } from '../clients/lakala.ts';
import { lakala } from '../simulators/lakala/index.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';
import { exampleReqData } from './conformance/lakala.ts';

let sim: StartedSimulator;
let options: LakalaClientOptions;
let n = 0;

interface SdkConfig {
  appId: string;
  serialNo: string;
  priKeyPath: string;
  lklCerPath: string;
}

beforeAll(async () => {
  sim = await startSimulator(lakala);
  const sdk = (sim.credentials as unknown as { sdk: SdkConfig }).sdk;
  options = {
    serverUrl: sim.baseUrl,
    appid: sdk.appId,
    serialNo: sdk.serialNo,
    privateKeyPem: readFileSync(sdk.priKeyPath),
    platformCertPems: [readFileSync(sdk.lklCerPath)],
    now: () => sim.now(),
  };
});
afterAll(() => sim.close());

const client = (over: Partial<LakalaClientOptions> = {}): LakalaClient => createLakalaClient({ ...options, ...over });
const code = (prefix = 'E2E') => `${prefix}${++n}`;

/** a fetch that lets the simulator answer, then changes the answer as a man in the middle would */
function tampering(change: (r: Response, body: string) => Response): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    return change(res, await res.text());
  };
}

describe('the reference client, configured from the credentials as the SDK is', () => {
  it('queries an agreement on the test path and on the production path, verifying each answer', async () => {
    for (const env of ['/sit', ''] as const) {
      const r = await client({ env }).signQry(exampleReqData(code()));
      expect(r).toMatchObject({ ok: true, code: '000000', msg: '处理成功', pending: false });
      expect(r.data).toMatchObject({ result_state: '2', sign_flag: '0', result_info: '签约成功' });
      expect(r.traceId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('reports a pending agreement as pending, twice, then signed', async () => {
    const c = client();
    const data = exampleReqData(code('PENDQ'));
    const states = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.signQry(data);
      states.push([r.data?.result_state, r.pending]);
    }
    expect(states).toEqual([
      ['4', true],
      ['4', true],
      ['2', false],
    ]);
  });

  it('returns a verified refusal as a result, not an exception', async () => {
    const r = await client().signQry({ ...exampleReqData(code()), sign_flag: '9' });
    expect(r).toMatchObject({ ok: false, code: '200002' });
    // ret_msg is Lakala's alone; the reference client hands over the simulator's account as simDetail
    expect(r.msg).toBe('参数格式错误');
    expect(r.simDetail).toMatch(/sign_flag \(签约解约标记\)/);
  });

  it('sends the Authorization keys in either order; the simulator reads both', async () => {
    const r = await client({ keyOrder: ['appid', 'serial_no', 'timestamp', 'nonce_str', 'signature'] }).signQry(
      exampleReqData(code()),
    );
    expect(r.ok).toBe(true);
  });
});

describe('as strict as the SDK', () => {
  it('throws SignatureError when the body was changed after signing', async () => {
    const fetch = tampering((r, body) => new Response(body.replace('处理成功', '处理成功 '), r));
    await expect(client({ fetch }).signQry(exampleReqData(code()))).rejects.toBeInstanceOf(SignatureError);
  });

  it('throws SignatureError when the signature headers are missing', async () => {
    const fetch = tampering((r, body) => {
      const headers = new Headers(r.headers);
      headers.delete('Lklapi-Signature');
      return new Response(body, { status: r.status, headers });
    });
    await expect(client({ fetch }).signQry(exampleReqData(code()))).rejects.toBeInstanceOf(SignatureError);
  });

  it('reads Lklapi-Serial as a hex number: upper case with leading zeros still finds the certificate', async () => {
    const fetch = tampering((r, body) => {
      const headers = new Headers(r.headers);
      headers.set('Lklapi-Serial', `00${headers.get('Lklapi-Serial')!.toUpperCase()}`);
      return new Response(body, { status: r.status, headers });
    });
    // the serial is part of the signed message: the re-spelt one no longer verifies, but it was found
    const err = await client({ fetch })
      .signQry(exampleReqData(code()))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureError);
    expect(err).not.toBeInstanceOf(CertificateError);
  });

  it('refuses an answer signed with a certificate it does not hold (CertificateError)', async () => {
    const other = readFileSync(new URL('../simulators/lakala/fixtures/platform-test.cer', import.meta.url));
    await expect(client({ platformCertPems: [other] }).signQry(exampleReqData(code()))).rejects.toBeInstanceOf(
      CertificateError,
    );
  });

  it('refuses a platform certificate that is not valid now (checkValidity)', async () => {
    const later = sim.now() + 6 * 365 * 86_400_000;
    await expect(client({ now: () => later }).signQry(exampleReqData(code()))).rejects.toBeInstanceOf(CertificateError);
  });

  it('reads nothing but HTTP 200: a 404 is a ProtocolError', async () => {
    const fetch: typeof globalThis.fetch = (input, init) =>
      globalThis.fetch(String(input).replace('sign_qry', 'sign_qry_nope'), init);
    await expect(client({ fetch }).signQry(exampleReqData(code()))).rejects.toBeInstanceOf(ProtocolError);
  });

  it('a reset connection is a TransportError', async () => {
    await expect(client().signQry(exampleReqData(code('RESET')))).rejects.toBeInstanceOf(TransportError);
  });
});
