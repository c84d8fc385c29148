/**
 * The UnionPay reference client end to end against a tiny node:http stand-in (not the simulator)
 * that checks the client's request signature with the merchant's test credentials and answers
 * raw `k=v&…` responses signed with the test PKI's UnionPay keys: 01, 21, 11 succeed; an untrusted
 * signPubKeyCert, a bad signature, expired certificates, a form-urlencoded Content-Type and an
 * HTTP error each give their own error; a non-00 respCode is a result.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pemWithCrlf } from '../simulators/unionpay/wire/index.ts';
import { createTestPki, type TestPki } from '../simulators/unionpay/test-pki.ts';
import { rsaSignSha256 } from '../simulators/core/crypto/rsa.ts';
import {
  UNIONPAY_RESPONSE_CONTENT_TYPE,
  encodeUnionPayResponse,
  formatTxnTime,
  parseFormBody,
  signUnionPay,
  unionPayDigestHex,
  verifyUnionPay,
} from '../simulators/unionpay/wire/index.ts';
import { CertificateError, ProtocolError, SignatureError } from './http.ts';
import { createUnionPayClient, signUnionPayRequest, type UnionPayClientOptions } from './unionpay.ts';

const MER_ID = '777290058110048';
const SECURE_KEY = '88888888';
const NOW = Date.UTC(2025, 5, 1, 4, 0, 0);

let pki: TestPki;
let foreign: TestPki;
let dirs: string[] = [];
let server: Server;
let url: string;

interface Exchange {
  request: Record<string, string>;
  headers: IncomingMessage['headers'];
}
let seen: Exchange[] = [];
/** what the stand-in does with the next request; tests replace it */
let respond: (req: Record<string, string>, res: ServerResponse) => void;

function echo(req: Record<string, string>, extra: Record<string, string>): Record<string, string> {
  const pick = [
    'version',
    'encoding',
    'txnType',
    'txnSubType',
    'bizType',
    'accessType',
    'acqInsCode',
    'merId',
    'orderId',
    'txnTime',
  ];
  return { ...Object.fromEntries(pick.filter((k) => req[k] !== undefined).map((k) => [k, req[k]!])), ...extra };
}

/** 01 as 5.1.0 answers: signPubKeyCert (CRLF PEM, itself signed), no certId. */
function signRsa(fields: Record<string, string>, from: TestPki = pki): Record<string, string> {
  const out = { ...fields, signMethod: '01', signPubKeyCert: pemWithCrlf(from.rsa.unionpay.certPem) };
  return { ...out, signature: rsaSignSha256(unionPayDigestHex(out, '01'), from.rsa.unionpay.privateKey) };
}
function signSm2(fields: Record<string, string>): Record<string, string> {
  const up = pki.sm2!.unionpay;
  return signUnionPay(
    { ...fields, signPubKeyCert: pemWithCrlf(up.certPem) },
    { signMethod: '21', certId: up.certId, sm2: up.signer },
  );
}
function signKey(fields: Record<string, string>, method: '11' | '12'): Record<string, string> {
  return signUnionPay(fields, { signMethod: method, secureKey: SECURE_KEY });
}

function reply(
  res: ServerResponse,
  fields: Record<string, string>,
  contentType = UNIONPAY_RESPONSE_CONTENT_TYPE,
  status = 200,
): void {
  const body = encodeUnionPayResponse(fields);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Verifies the client's request like the gateway would, then answers success signed the same way. */
function honestGateway(tokenStatus = '1'): (req: Record<string, string>, res: ServerResponse) => void {
  return (req, res) => {
    const method = req.signMethod;
    const ok =
      method === '01'
        ? req.certId === pki.rsa.merchant.certId && verifyUnionPay(req, { rsaPublicKey: pki.rsa.merchant.publicKey })
        : method === '21'
          ? req.certId === pki.sm2!.merchant.certId &&
            verifyUnionPay(req, { sm2PublicKey: pki.sm2!.merchant.publicKeyHex })
          : verifyUnionPay(req, { secureKey: SECURE_KEY });
    const fields = echo(
      req,
      ok
        ? { respCode: '00', respMsg: '成功[0000000]', tokenStatus, tokenEndExpr: '20301231' }
        : { respCode: '11', respMsg: '验证签名失败' },
    );
    reply(
      res,
      method === '01' ? signRsa(fields) : method === '21' ? signSm2(fields) : signKey(fields, method as '11' | '12'),
    );
  };
}

const rsaOptions = (): UnionPayClientOptions => ({
  backTransUrl: url,
  merId: MER_ID,
  signMethod: '01',
  pfx: pki.rsa.merchant.pfx,
  password: pki.rsa.merchant.pfxPassword,
  rootCertPem: pki.rsa.rootPem,
  middleCertPem: pki.rsa.middlePem,
  now: () => NOW,
});
const sm2Options = (): UnionPayClientOptions => ({
  backTransUrl: url,
  merId: MER_ID,
  signMethod: '21',
  privateKeyHex: pki.sm2!.merchant.privateKeyHex,
  certPem: pki.sm2!.merchant.certPem,
  sm2RootCertPem: pki.sm2!.rootPem,
  sm2MiddleCertPem: pki.sm2!.middlePem,
  now: () => NOW,
});
const keyOptions = (): UnionPayClientOptions => ({
  backTransUrl: url,
  merId: MER_ID,
  signMethod: '11',
  secureKey: SECURE_KEY,
  now: () => NOW,
});
const query = { orderId: 'ORDER20250601001', contractId: 'C0001', planId: 'P0001' };

beforeAll(async () => {
  const a = mkdtempSync(join(tmpdir(), 'unionpay-client-'));
  const b = mkdtempSync(join(tmpdir(), 'unionpay-client-foreign-'));
  dirs = [a, b];
  [pki, foreign] = await Promise.all([createTestPki({ dir: a, now: NOW }), createTestPki({ dir: b, now: NOW })]);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = parseFormBody(Buffer.concat(chunks).toString('utf8'));
      if (!parsed.ok) {
        res.writeHead(400).end(parsed.message);
        return;
      }
      seen.push({ request: parsed.fields, headers: req.headers });
      respond(parsed.fields, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/api/backTransReq.do`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

beforeEach(() => {
  seen = [];
  respond = honestGateway();
});

describe('createUnionPayClient: successful queries', () => {
  it('01 from the merchant PKCS#12: signs the request, verifies signPubKeyCert and the signature', async () => {
    const client = createUnionPayClient(rsaOptions());
    const result = await client.queryContractStatus(query, { scenario: 'unionpay/active' });
    // 1. the gateway saw a correctly signed 78/20 request with the default fields
    expect(seen[0]!.headers['x-sim-scenario']).toBe('unionpay/active');
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen[0]!.request).toMatchObject({
      version: '5.1.0',
      encoding: 'UTF-8',
      signMethod: '01',
      certId: pki.rsa.merchant.certId,
      txnType: '78',
      txnSubType: '20',
      bizType: '000000',
      channelType: '07',
      accessType: '0',
      merId: MER_ID,
      ...query,
      txnTime: formatTxnTime(NOW),
    });
    // 2. the verified answer
    expect(result).toMatchObject({
      ok: true,
      code: '00',
      msg: '成功[0000000]',
      data: { tokenStatus: '1', tokenEndExpr: '20301231' },
      pending: false,
    });
    expect(result.fields.signPubKeyCert).toContain('\r\n');
  });

  it('01 from PEM key + certificate signs the same way', async () => {
    const client = createUnionPayClient({
      ...rsaOptions(),
      pfx: undefined,
      password: undefined,
      privateKeyPem: pki.rsa.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      certPem: pki.rsa.merchant.certPem,
    });
    expect((await client.queryContractStatus(query)).code).toBe('00');
  });

  it('21: SM2 request with certId as user ID, SM2 response verified with the SM2 chain', async () => {
    const client = createUnionPayClient(sm2Options());
    const result = await client.queryContractStatus({ ...query, txnTime: '20250601120000' });
    expect(seen[0]!.request).toMatchObject({
      signMethod: '21',
      certId: pki.sm2!.merchant.certId,
      txnTime: '20250601120000',
    });
    expect(result).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' } });
  });

  it('11: secure-key hash both ways, with accessType 2 fields sent', async () => {
    const client = createUnionPayClient(keyOptions());
    const result = await client.queryContractStatus({
      ...query,
      accessType: '2',
      subMerId: 'SUB001',
      subMerName: '二级&商户=A+B',
      subMerAbbr: '二级',
    });
    expect(seen[0]!.request).toMatchObject({ signMethod: '11', accessType: '2', subMerName: '二级&商户=A+B' });
    expect(seen[0]!.request.certId).toBeUndefined();
    expect(result.code).toBe('00');
  });

  it('returns a non-00 respCode as a result (ok: false); 03/04/05 are pending', async () => {
    const client = createUnionPayClient(rsaOptions());
    respond = (req, res) =>
      reply(res, signRsa(echo(req, { respCode: '34', respMsg: '查无此交易: contractId C0001 不存在' })));
    expect(await client.queryContractStatus(query)).toMatchObject({
      ok: false,
      code: '34',
      msg: '查无此交易: contractId C0001 不存在',
      pending: false,
    });
    respond = (req, res) => reply(res, signRsa(echo(req, { respCode: '04', respMsg: '交易状态未明，请查询对账结果' })));
    const pending = await client.queryContractStatus(query);
    expect(pending).toMatchObject({ ok: false, code: '04', pending: true, data: {} });
    expect(pending.data.tokenStatus).toBeUndefined();
  });
});

describe('createUnionPayClient: responses it refuses', () => {
  it('a signPubKeyCert from another PKI does not chain → CertificateError (a SignatureError), with the answer', async () => {
    const client = createUnionPayClient(rsaOptions());
    respond = (req, res) => reply(res, signRsa(echo(req, { respCode: '00', respMsg: '成功' }), foreign));
    const error = await client.queryContractStatus(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toMatchObject({
      name: 'CertificateError',
      channel: 'unionpay',
      operation: 'queryContractStatus',
      response: { status: 200 },
    });
    expect((error as CertificateError).response?.text).toContain('respCode=00');
    await expect(client.queryContractStatus(query)).rejects.toThrow(/not issued by middle|does not verify/);
  });

  it('certificates outside their validity at the client clock → CertificateError', async () => {
    const client = createUnionPayClient({ ...rsaOptions(), now: () => NOW + 30 * 365 * 86_400_000 });
    await expect(client.queryContractStatus({ ...query, txnTime: '20250601120000' })).rejects.toThrow(/not valid at/);
  });

  it('a tampered response → SignatureError, for 01, 21 and 11', async () => {
    const tamper = (fields: Record<string, string>) => ({ ...fields, respMsg: `${fields.respMsg}!` });
    respond = (req, res) =>
      reply(res, tamper(signRsa(echo(req, { respCode: '00', respMsg: '成功', tokenStatus: '1' }))));
    await expect(createUnionPayClient(rsaOptions()).queryContractStatus(query)).rejects.toThrow(SignatureError);
    respond = (req, res) => reply(res, tamper(signSm2(echo(req, { respCode: '00', respMsg: '成功' }))));
    await expect(createUnionPayClient(sm2Options()).queryContractStatus(query)).rejects.toThrow(SignatureError);
    respond = (req, res) => reply(res, tamper(signKey(echo(req, { respCode: '00', respMsg: '成功' }), '11')));
    await expect(createUnionPayClient(keyOptions()).queryContractStatus(query)).rejects.toThrow(SignatureError);
  });

  it('a response signed with another method than asked → SignatureError', async () => {
    respond = (req, res) => reply(res, signKey(echo(req, { respCode: '00', respMsg: '成功' }), '12'));
    const error = await createUnionPayClient(keyOptions())
      .queryContractStatus(query)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).not.toBeInstanceOf(CertificateError);
    expect((error as Error).message).toMatch(/signMethod=12/);
  });

  it("text/html (UnionPay's gateway) and text/plain answers are both read as k=v text", async () => {
    for (const type of ['text/html;charset=UTF-8', 'text/plain;charset=UTF-8']) {
      respond = (req, res) => reply(res, signRsa(echo(req, { respCode: '00', respMsg: '成功' })), type);
      const r = await createUnionPayClient(rsaOptions()).queryContractStatus(query);
      expect(r, type).toMatchObject({ ok: true, code: '00' });
    }
    respond = (req, res) => reply(res, signRsa(echo(req, { respCode: '00', respMsg: '成功' })), 'application/json');
    await expect(createUnionPayClient(rsaOptions()).queryContractStatus(query)).rejects.toThrow(
      /应为 text\/html;charset=UTF-8/,
    );
  });

  it('a form-urlencoded Content-Type → ProtocolError that explains the + problem', async () => {
    respond = (req, res) =>
      reply(
        res,
        signRsa(echo(req, { respCode: '00', respMsg: '成功' })),
        'application/x-www-form-urlencoded;charset=UTF-8',
      );
    const call = createUnionPayClient(rsaOptions()).queryContractStatus(query);
    await expect(call).rejects.toThrow(ProtocolError);
    await expect(createUnionPayClient(rsaOptions()).queryContractStatus(query)).rejects.toThrow(/\+ 变成空格/);
  });

  it('HTTP status ≠ 200 and an unparseable body → ProtocolError', async () => {
    respond = (_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
    const error = await createUnionPayClient(rsaOptions())
      .queryContractStatus(query)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({
      message: expect.stringMatching(/HTTP 502/),
      response: { status: 502, text: 'bad gateway' },
    });
    respond = (_req, res) =>
      res.writeHead(200, { 'content-type': UNIONPAY_RESPONSE_CONTENT_TYPE }).end('<html>oops</html>');
    await expect(createUnionPayClient(rsaOptions()).queryContractStatus(query)).rejects.toThrow(/没有 respCode/);
  });
});

describe('signUnionPayRequest', () => {
  it('signs with the same credentials the client takes (deterministic for RSA)', () => {
    const creds = { signMethod: '01' as const, pfx: pki.rsa.merchant.pfx, password: pki.rsa.merchant.pfxPassword };
    const a = signUnionPayRequest({ merId: MER_ID, orderId: 'X1234567', empty: '' }, creds);
    expect(a).toMatchObject({ certId: pki.rsa.merchant.certId, signMethod: '01' });
    expect(a.empty).toBeUndefined();
    expect(verifyUnionPay(a, { rsaPublicKey: pki.rsa.merchant.certPem })).toBe(true);
    expect(signUnionPayRequest({ merId: MER_ID, orderId: 'X1234567' }, creds).signature).toBe(a.signature);
  });
});
