/**
 * Lakala's 银直通签约解约查询 through the wire (a listening simulator on port 0, requests signed
 * with the generated merchant key): the seed's two example requests answered as the examples show
 * on both paths, every resp_data field, the answer's Lklapi-* signature, and each of the
 * simulator's own error codes with their ret_msg (x-sim-detail names the field or the reason), signed and HTTP
 * 200 (an unknown path: 404).
 */
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakala } from '../simulators/lakala/index.ts';
import {
  formatAuthorization,
  lakalaVerify,
  readResponseSignature,
  sameSerial,
  serialHexOf,
} from '../simulators/lakala/wire/index.ts';
import { signedCall, type LakalaSigner } from './conformance/lakala.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';
import { LAKALA_ERRORS, LAKALA_ERRORS_BY_FIELD } from '../simulators/lakala/codes.ts';

const SEED = join(import.meta.dirname, '..', 'simulators', 'lakala', 'fixtures');
const example = (n: 1 | 2) => readFileSync(join(SEED, `example-${n}-request.json`), 'utf8');

let sim: StartedSimulator;
let signer: LakalaSigner;
let platformPem: string;

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  json: { ret_code: string; ret_msg: string; resp_time: string; resp_data?: Record<string, string> };
  /** the simulator's explanation of a refusal (x-sim-detail, decoded) */
  detail: string;
}

async function send(call: { path: string; headers?: Record<string, string>; body: string | Buffer }): Promise<Answer> {
  const payload = typeof call.body === 'string' ? call.body : new Uint8Array(call.body);
  const res = await fetch(`${sim.baseUrl}${call.path}`, { method: 'POST', headers: call.headers, body: payload });
  const body = Buffer.from(await res.arrayBuffer());
  const json = JSON.parse(body.toString('utf8')) as Answer['json'];
  return {
    status: res.status,
    headers: res.headers,
    body,
    json,
    detail: decodeURIComponent(res.headers.get('x-sim-detail') ?? ''),
  };
}

function verified(a: Answer): boolean {
  const sig = readResponseSignature((n) => a.headers.get(n));
  return (
    sig.ok &&
    sameSerial(sig.sig.serial, serialHexOf(platformPem)) &&
    lakalaVerify(sig.sig, a.body, sig.sig.signature, createPublicKey(platformPem))
  );
}

/** the ret_msg a code is answered with: the code tables' own text */
const textOf = (code: string) =>
  [
    ...Object.values(LAKALA_ERRORS_BY_FIELD).flatMap((m) => Object.values(m ?? {})),
    ...Object.values(LAKALA_ERRORS),
  ].find((c) => c.ret_code === code)?.ret_msg;

const query = (body: string, path?: string) => send(signedCall(signer, body, sim.now(), path));
const envelope = (req_data: Record<string, unknown>) =>
  JSON.stringify({ version: '3.0', req_time: '20240528174343', req_data });
const reqData = (over: Record<string, unknown> = {}) => ({
  ...(JSON.parse(example(1)) as { req_data: Record<string, unknown> }).req_data,
  ...over,
});

beforeAll(async () => {
  sim = await startSimulator(lakala);
  const c = sim.credentials as unknown as { appid: string; serial_no: string; files: Record<string, { file: string }> };
  signer = { appid: c.appid, serialNo: c.serial_no, key: createPrivateKey(readFileSync(c.files.merchantKey!.file)) };
  platformPem = readFileSync(c.files.platformCert!.file, 'utf8');
});
afterAll(() => sim.close());

describe("the seed's examples, as printed", () => {
  it('example 1 (a sign query) answers 000000 处理成功 with result_state 2 on the test path, signed', async () => {
    const a = await query(example(1));
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(verified(a)).toBe(true);
    expect(a.json).toMatchObject({ ret_code: '000000', ret_msg: '处理成功' });
    expect(a.json.resp_time).toMatch(/^\d{14}$/);
    expect(Object.keys(a.json.resp_data!)).toEqual([
      'result_info_code',
      'sign_flag',
      'limit_amount',
      'result_info',
      'mobile',
      'cert_num',
      'cust_name',
      'verify_code',
      'cust_act',
      'result_state',
      'agreement_no',
    ]);
    expect(a.json.resp_data).toMatchObject({
      result_info_code: 'S0000',
      sign_flag: '0',
      limit_amount: '',
      result_info: '签约成功',
      mobile: '',
      cert_num: '',
      cust_name: '',
      cust_act: '6227002920120342761',
      result_state: '2',
    });
    expect(a.json.resp_data!.verify_code).toMatch(/^[A-Za-z0-9+/]{171}=$/);
    expect(a.json.resp_data!.agreement_no).toMatch(/^YZT\d{18}$/);
    // enterprise_num HN43000009023690002 is 19 characters, declared String(10): accepted, with a warning
    const journal = await sim.admin.journal({ limit: 1 });
    expect(JSON.stringify(journal)).toContain('enterprise_num (企业编号) 长度 19 超过文档声明的 String(10)');
  });

  it('example 2 (an unsign) answers 解约成功 on the production path', async () => {
    const a = await query(example(2), '/api/v3/ltbs/dsf/sign_qry');
    expect(verified(a)).toBe(true);
    expect(a.json.resp_data).toMatchObject({
      result_info_code: 'S0000',
      sign_flag: '1',
      result_info: '解约成功',
      cust_act: '6217001540000547001',
      result_state: '2',
    });
  });
});

describe('what an answer carries', () => {
  it('verify_code is SHA256withRSA with the 1024-bit verify-code key over the fields the README names', async () => {
    const a = await query(example(1));
    const d = a.json.resp_data!;
    const files = (sim.credentials as unknown as { files: Record<string, { file: string }> }).files;
    const cert = readFileSync(files.verifyCodeCert!.file, 'utf8');
    const message = [
      d.agreement_no,
      '4002024052370293947',
      d.cust_act,
      '43050179373600000471',
      '2024052600001',
      '0',
      '2',
    ].join('|');
    // node:crypto directly, not the simulator's helpers
    expect(
      verify('sha256', Buffer.from(message, 'utf8'), createPublicKey(cert), Buffer.from(d.verify_code!, 'base64')),
    ).toBe(true);
    expect(Buffer.from(d.verify_code!, 'base64')).toHaveLength(128);
  });

  it("Lklapi-Appid is the request's appid when it can be read, else the primary appid", async () => {
    const unknown = await send(signedCall({ ...signer, appid: 'OP99999999' }, example(1), sim.now()));
    expect(unknown.headers.get('lklapi-appid')).toBe('OP99999999');
    const none = await send({ path: '/sit/api/v3/ltbs/dsf/sign_qry', body: example(1) });
    expect(none.headers.get('lklapi-appid')).toBe('OP00000003');
    expect(verified(unknown) && verified(none)).toBe(true);
  });
});

describe("the simulator's own codes, each signed, HTTP 200", () => {
  const cases: Array<[string, () => Promise<Answer>, string, RegExp]> = [
    [
      'no Authorization',
      () => send({ path: '/sit/api/v3/ltbs/dsf/sign_qry', body: example(1) }),
      '100003',
      /Authorization 缺失/,
    ],
    [
      'a bad signature',
      async () => {
        const c = signedCall(signer, example(1), sim.now());
        return send({ ...c, body: `${example(1)} ` });
      },
      '100004',
      /signature 验证失败/,
    ],
    [
      'an unknown appid',
      () => send(signedCall({ ...signer, appid: 'OP99999999' }, example(1), sim.now())),
      '100005',
      /appid=OP99999999 不存在/,
    ],
    [
      'an unknown serial_no',
      () => send(signedCall({ ...signer, serialNo: 'abc123' }, example(1), sim.now())),
      '100006',
      /serial_no=abc123 不是已登记的商户证书序列号/,
    ],
    ['a body that is not JSON', () => query('{"version":'), '100001', /不是合法的 JSON/],
    [
      'a missing field',
      () => query(envelope(reqData({ cust_act: undefined }))),
      '200001',
      /cust_act \(客户方账号\) 不能为空/,
    ],
    [
      'an over-long field',
      () => query(envelope(reqData({ corp_bank_code: 'GJ1011234' }))),
      '200002',
      /corp_bank_code \(发起方银行渠道代码\) 超长: 9 > 8/,
    ],
    ['a bad enum', () => query(envelope(reqData({ sign_flag: '2' }))), '200002', /sign_flag \(签约解约标记\) 取值错误/],
    [
      'a merchant_no not configured for the appid',
      () => query(envelope(reqData({ merchant_no: '4002000000000000001' }))),
      '200003',
      /merchant_no \(商户号\) 4002000000000000001 未配置给 appid=OP00000003/,
    ],
    [
      'a wrong version',
      () => query(JSON.stringify({ version: '2.0', req_time: '20240528174343', req_data: reqData() })),
      '200002',
      /version \(版本号\)/,
    ],
  ];
  for (const [what, call, code, msg] of cases) {
    it(`${what} → ${code}`, async () => {
      const a = await call();
      expect(a.status).toBe(200);
      expect(verified(a)).toBe(true);
      expect(a.json.ret_code).toBe(code);
      // ret_msg is the code's own text; what was wrong is the simulator's header and journal
      expect(a.json.ret_msg).toBe(textOf(code));
      expect(a.detail).toMatch(msg);
      const [entry] = await sim.admin.journal({ limit: 1 });
      expect(entry!.error!.message).toBe(a.detail);
      expect(a.headers.get('lklapi-appid')).toMatch(/^OP/);
    });
  }

  it("an unknown path is HTTP 404, still in Lakala's signed format", async () => {
    const a = await send({ ...signedCall(signer, example(1), sim.now()), path: '/api/v3/ltbs/dsf/nope' });
    expect(a.status).toBe(404);
    expect(verified(a)).toBe(true);
    expect(a.json.ret_code).toBe('100404');
  });

  it('reads the Authorization keys in any order with spaces after commas', async () => {
    const c = signedCall(signer, example(1), sim.now());
    const parsed = /appid="(.*?)",nonce_str="(.*?)",timestamp="(.*?)",serial_no="(.*?)",signature="(.*?)"/.exec(
      c.headers!.authorization!,
    )!;
    const auth = {
      appid: parsed[1]!,
      nonce_str: parsed[2]!,
      timestamp: parsed[3]!,
      serial_no: parsed[4]!,
      signature: parsed[5]!,
    };
    const doc = formatAuthorization(auth, ['signature', 'serial_no', 'appid', 'timestamp', 'nonce_str']).replace(
      /,/g,
      ', ',
    );
    const a = await send({ ...c, headers: { ...c.headers, authorization: doc } });
    expect(a.json.ret_code).toBe('000000');
  });
});
