/**
 * The UnionPay gateway through HTTP, as an SDK meets it (issue 3 §2, §4–§6): POST
 * /gateway/api/backTransReq.do with a signed form; the answer is a raw k=v string in
 * text/html;charset=UTF-8 (UnionPay's gateway's label) with a Content-Length, no empty value, not
 * URL-encoded, signed in the request's family (01 RSA with a CRLF signPubKeyCert chaining to the
 * root via the middle and naming 中国银联股份有限公司, 21 SM2 with the SM2 certificate, 11/12 the keyed hash), and every
 * bad input answered with UnionPay's own respCode, signed, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSm2Certificate } from '../simulators/core/crypto/pki-sm2.ts';
import { subjectCnOf } from '../simulators/unionpay/wire/index.ts';
import {
  encodeFormBody,
  encodeUnionPayResponse,
  parseTxnTime,
  type UnionPaySignMethod,
} from '../simulators/unionpay/wire/index.ts';
import { createUnionPayHarness, type UnionPayAnswer, type UnionPayHarness } from './support/unionpay-harness.ts';

let h: UnionPayHarness;
beforeAll(async () => {
  h = await createUnionPayHarness();
});
afterAll(() => h.close());

/** the checks every answer passes, success or error */
function expectUnionPayFormat(a: UnionPayAnswer): void {
  expect(a.status).not.toBe(500);
  // UnionPay's gateway labels the raw k=v text as HTML; text/plain makes some SDKs parse JSON
  expect(a.headers.get('content-type')).toBe('text/html;charset=UTF-8');
  expect(Number(a.headers.get('content-length'))).toBe(Buffer.byteLength(a.body, 'utf8'));
  // no empty value, nothing percent-encoded
  for (const [k, v] of Object.entries(a.fields)) expect(v, k).not.toBe('');
  expect(a.body).not.toMatch(/(^|&)[A-Za-z]+=(&|$)/);
  // raw: the body is exactly the fields joined in key order, nothing percent-encoded
  expect(encodeUnionPayResponse(a.fields)).toBe(a.body);
  expect(a.fields.version).toBe('5.1.0');
  expect(h.checkSignature(a.fields)).toBeUndefined();
}

describe('answers to a well-formed 78/20 query', () => {
  it('01: raw k=v, text/html, echoes, tokenStatus and tokenEndExpr, a signPubKeyCert that chains and names 中国银联', async () => {
    // 1 a query of a contract the magic prefix brings into being
    const req = h.query('ACTIVEW0001');
    const a = await h.send(req);
    expectUnionPayFormat(a);

    // 2 the echo and the contract's status
    expect(a.fields).toMatchObject({
      respCode: '00',
      signMethod: '01',
      txnType: '78',
      txnSubType: '20',
      bizType: '000000',
      accessType: '0',
      merId: req.merId,
      orderId: req.orderId,
      txnTime: req.txnTime,
      tokenStatus: '1',
      encoding: 'UTF-8',
    });
    expect(a.fields.respMsg).toBe('成功[0000000]');
    expect(a.fields.certId).toBeUndefined(); // 5.1.0 answers carry signPubKeyCert, not certId
    expect(a.fields.tokenEndExpr).toMatch(/^\d{14}$/);
    expect(parseTxnTime(a.fields.tokenEndExpr!)!).toBeGreaterThan(h.now());

    // 3 signPubKeyCert: a PEM with CRLF line breaks only, the UnionPay CN in its third @ part
    const cert = a.fields.signPubKeyCert!;
    expect(cert).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);
    expect(cert.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(subjectCnOf(cert)!.split('@')[2]).toBe('中国银联股份有限公司');
    expect(a.body).toContain(`signPubKeyCert=${cert}&`);
  });

  it.each(['01', '21', '11'] as const)('%s: echoes encoding as sent (utf-8 stays utf-8), signed so', async (m) => {
    for (const encoding of ['utf-8', 'Utf-8']) {
      const a = await h.send(h.query('ACTIVEW0001', { encoding }), { signMethod: m });
      expectUnionPayFormat(a);
      expect(a.fields, encoding).toMatchObject({ respCode: '00', encoding });
      expect(a.body).toContain(`&encoding=${encoding}&`);
    }
    // an error answer echoes it too
    const e = await h.send(h.query('ACTIVEW0001', { encoding: 'utf-8', planId: undefined }), { signMethod: m });
    expectUnionPayFormat(e);
    expect(e.fields).toMatchObject({ respCode: '13', encoding: 'utf-8' });
  });

  it('keeps + in the Base64 signature as + (never URL-encoded, never a form content type)', async () => {
    let a: UnionPayAnswer | undefined;
    for (let i = 0; i < 8 && !a?.fields.signature?.includes('+'); i++) a = await h.send(h.query('ACTIVEW0001'));
    expect(a!.fields.signature).toContain('+');
    expect(a!.body).toContain(`signature=${a!.fields.signature}`);
    expect(a!.headers.get('content-type')).not.toMatch(/form/);
  });

  it('21: SM2-signed with the SM2 signPubKeyCert, user ID = its certId', async () => {
    const a = await h.send(h.query('ACTIVEW0001'), { signMethod: '21' });
    expectUnionPayFormat(a);
    expect(a.fields).toMatchObject({ respCode: '00', signMethod: '21', tokenStatus: '1' });
    expect(isSm2Certificate(a.fields.signPubKeyCert!)).toBe(true);
  });

  it.each(['11', '12'] as const)('%s: the keyed hash of the same family, no certificate', async (signMethod) => {
    const a = await h.send(h.query('ACTIVEW0001'), { signMethod });
    expectUnionPayFormat(a);
    expect(a.fields).toMatchObject({ respCode: '00', signMethod, tokenStatus: '1' });
    expect(a.fields.signPubKeyCert).toBeUndefined();
    expect(a.fields.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accessType 1 echoes acqInsCode; accessType 2 answers with its sub-merchant fields', async () => {
    const acq = await h.send(
      h.query('ACTIVEW0001', {
        accessType: '1',
        acqInsCode: '48020000',
        merCatCode: '5411',
        merName: '测试商户&A=B',
        merAbbr: '测试',
      }),
    );
    expectUnionPayFormat(acq);
    expect(acq.fields).toMatchObject({ respCode: '00', accessType: '1', acqInsCode: '48020000' });
    const platform = await h.send(
      h.query('ACTIVEW0001', {
        accessType: '2',
        subMerId: 'SUB0000000001',
        subMerName: '二级商户',
        subMerAbbr: '二级',
      }),
    );
    expect(platform.fields).toMatchObject({ respCode: '00', accessType: '2' });
  });
});

describe("bad input gets UnionPay's own codes, signed, saying what was wrong", () => {
  it('11 when a field changed after signing, naming the certId and the digest to compare', async () => {
    const req = h.query('ACTIVEW0001');
    const a = await h.send(req, { after: (f) => ({ ...f, planId: 'PLAN9999' }) });
    expectUnionPayFormat(a);
    expect(a.fields.respCode).toBe('11');
    // respMsg is UnionPay's alone; what to check is the simulator's header and journal entry
    expect(a.fields.respMsg).toBe('验证签名失败[1100000]');
    expect(a.detail).toMatch(/^signMethod=01: 检查 certId=\d+ /);
    expect(a.detail).toMatch(/摘要 [0-9a-f]{64}/);
    const [entry] = (await h.admin<{ entries: Array<{ error: { message: string } }> }>('GET', '/journal?limit=1')).json
      .entries;
    expect(entry!.error.message).toBe(a.detail);
    expect(a.fields).toMatchObject({ merId: req.merId, orderId: req.orderId, txnTime: req.txnTime, signMethod: '01' });
    expect(a.fields.tokenStatus).toBeUndefined();
  });

  it("11 in the request's own family: SM2 and secure key", async () => {
    const sm2 = await h.send(h.query('ACTIVEW0001'), {
      signMethod: '21',
      after: (f) => ({ ...f, contractId: 'ACTIVEW0002' }),
    });
    expectUnionPayFormat(sm2);
    expect(sm2.fields).toMatchObject({ respCode: '11', signMethod: '21' });
    const hashed = await h.send(h.query('ACTIVEW0001'), { signMethod: '11', secureKey: 'not-the-key' });
    expectUnionPayFormat(hashed);
    expect(hashed.fields).toMatchObject({ respCode: '11', signMethod: '11' });
    expect(hashed.detail).toContain(`merId=${h.keys.merId}`);
  });

  it('11 when + in the signature arrived as a space, saying to encode it as %2B', async () => {
    let a: UnionPayAnswer | undefined;
    for (let i = 0; i < 8 && !a?.detail.includes('%2B'); i++) {
      a = await h.send(h.query('ACTIVEW0001'), {
        after: (f) => ({ ...f, signature: f.signature!.replace(/\+/g, ' ') }),
      });
    }
    expect(a!.fields.respCode).toBe('11');
    expect(a!.detail).toContain('%2B');
  });

  it('11 for an unknown certId, naming it and the registered ones', async () => {
    const a = await h.send(h.query('ACTIVEW0001'), { rsa: { certId: '12345678901', key: h.keys.rsa.key } });
    expectUnionPayFormat(a);
    expect(a.fields.respCode).toBe('11');
    expect(a.detail).toContain('certId=12345678901 不是已登记的 RSA 商户签名证书');
    expect(a.detail).toContain(h.keys.rsa.certId);
  });

  it('11 when an SM2 certId signs as RSA', async () => {
    const a = await h.send(h.query('ACTIVEW0001'), { rsa: { certId: h.keys.sm2.certId, key: h.keys.rsa.key } });
    expect(a.fields.respCode).toBe('11');
    expect(a.detail).toContain('是 SM2 证书, 不能用于 signMethod=01');
  });

  it('13 without signMethod, 10 for an unknown one (answered in RSA)', async () => {
    const req = h.query('ACTIVEW0001');
    const none = await h.post(encodeFormBody({ ...req, signature: 'abc' }));
    expectUnionPayFormat(none);
    expect(none.fields).toMatchObject({ respCode: '13', signMethod: '01', orderId: req.orderId });
    expect(none.fields.respMsg).toBe('报文交易要素缺失[1300000]');
    expect(none.detail).toBe('signMethod (签名方法) 未上送');
    const odd = await h.post(encodeFormBody({ ...req, signMethod: '02', signature: 'abc' }));
    expectUnionPayFormat(odd);
    expect(odd.fields.respCode).toBe('10');
    expect(odd.fields.respMsg).toBe('报文格式错误[6100030]');
    expect(odd.detail).toContain('signMethod (签名方法) 取值错误');
  });

  it("13 naming a missing field, including accessType's conditional ones", async () => {
    const cases: Array<[Record<string, string | undefined>, string]> = [
      [{ contractId: undefined }, 'contractId (签约协议号) 未上送'],
      [{ planId: undefined }, 'planId (签约模板ID) 未上送'],
      [{ accessType: '1' }, 'acqInsCode (收单机构代码) 未上送 (accessType=1 收单机构接入 时必填)'],
      [{ accessType: '1', acqInsCode: '48020000', merCatCode: '5411', merName: '商户' }, 'merAbbr (商户简称) 未上送'],
      [{ accessType: '2', subMerId: 'SUB01' }, 'subMerName (二级商户名称) 未上送 (accessType=2 平台类商户接入 时必填)'],
    ];
    for (const [overrides, message] of cases) {
      const a = await h.send({ ...h.query('ACTIVEW0001', overrides) });
      expectUnionPayFormat(a);
      expect(a.fields.respCode, message).toBe('13');
      expect(a.fields.respMsg).toBe('报文交易要素缺失[1300000]');
      expect(a.detail).toContain(message);
    }
  });

  it('10 for a malformed orderId, txnTime or fixed value', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ orderId: 'ORD-0001' }, /orderId \(商户订单号\) 格式错误/],
      [{ txnTime: '20260230120000' }, /txnTime \(订单发送时间\) 格式错误: "20260230120000" 不是真实的日期时间/],
      [{ txnTime: '2026011510' }, /txnTime \(订单发送时间\) 格式错误/],
      [{ bizType: '000201' }, /bizType \(产品类型\) 取值错误: "000201", 应固定为 000000/],
      [{ version: '5.0.0' }, /version \(版本号\) 取值错误/],
    ];
    for (const [overrides, message] of cases) {
      const a = await h.send(h.query('ACTIVEW0001', overrides));
      expectUnionPayFormat(a);
      expect(a.fields.respCode, String(message)).toBe('10');
      expect(a.fields.respMsg).toBe('报文格式错误[6100030]');
      expect(a.detail).toMatch(message);
    }
  });

  it('32 for a transaction this gateway does not offer', async () => {
    const a = await h.send(h.query('ACTIVEW0001', { txnType: '01', txnSubType: '01' }));
    expectUnionPayFormat(a);
    expect(a.fields).toMatchObject({ respCode: '32', txnType: '01', txnSubType: '01' });
    expect(a.fields.respMsg).toBe('无此交易权限[3200000]');
    expect(a.detail).toMatch(/^txnType=01 txnSubType=01/);
  });

  it('12 for the same merId + orderId + txnTime twice', async () => {
    const req = h.query('ACTIVEW0001');
    expect((await h.send(req)).fields.respCode).toBe('00');
    const again = await h.send(req);
    expectUnionPayFormat(again);
    expect(again.fields.respCode).toBe('12');
    expect(again.fields.respMsg).toBe('重复交易[1200000]');
    expect(again.detail).toContain(`orderId=${req.orderId}`);
    // a new txnTime makes it a new transaction
    await h.advance(1000);
    expect((await h.send({ ...req, txnTime: h.query('x').txnTime })).fields.respCode).toBe('00');
  });

  it('34 for an unknown contract, and for a planId that does not match', async () => {
    const unknown = await h.send(h.query('CT20260115000001'));
    expectUnionPayFormat(unknown);
    expect(unknown.fields.respCode).toBe('34');
    expect(unknown.fields.respMsg).toBe('查无此交易[2600000]');
    expect(unknown.detail).toMatch(/^模拟场景 unionpay\/default/);
    expect((await h.admin('GET', '/orders/CT20260115000001')).status).toBe(404);
    const wrongPlan = await h.send(h.query('ACTIVEW0001', { planId: 'PLAN0002' }));
    expect(wrongPlan.fields.respCode).toBe('34');
    expect(wrongPlan.detail).toContain('签约模板ID 是 PLAN0001, 与上送的 planId=PLAN0002 不符');
  });

  it("34 for another merchant's contract", async () => {
    await h.admin('POST', '/unionpay/merchants', { merId: '777290058110099', secureKey: 'wire-other-key' });
    const a = await h.send(h.query('ACTIVEW0001', { merId: '777290058110099' }), {
      signMethod: '11',
      secureKey: 'wire-other-key',
    });
    expect(a.fields.respCode).toBe('34');
  });

  it('31 商户状态不正确 for a merId that is not configured', async () => {
    const a = await h.send(h.query('ACTIVEW0001', { merId: '777290058119999' }));
    expect(a.fields).toMatchObject({ respCode: '31', merId: '777290058119999' });
    expect(h.checkSignature(a.fields)).toBeUndefined();
  });

  it('10 for a body that is not a form; never a 500, whatever arrives', async () => {
    const bodies = [
      '',
      'a=%zz',
      '=x',
      '{"json":true}',
      'signMethod=01&signMethod=01',
      '\u0000\u0001garbage',
      'x'.repeat(70 * 1024),
    ];
    for (const body of bodies) {
      const a = await h.post(body, { 'content-type': 'application/json' });
      expect(a.status, body.slice(0, 20)).toBe(200);
      expectUnionPayFormat(a);
      expect(['10', '13']).toContain(a.fields.respCode);
    }
    const empty = await h.post('');
    expect(empty.fields.respMsg).toBe('报文格式错误[6100030]');
    expect(empty.detail).toMatch(/^请求报文为空/);
  });

  it("answers an unknown path with 404 in UnionPay's format", async () => {
    const a = await h.post(encodeFormBody(h.query('ACTIVEW0001')), undefined, '/gateway/api/queryTrans.do');
    expect(a.status).toBe(404);
    expectUnionPayFormat(a);
    expect(a.fields.respCode).toBe('32');
  });

  it('journals a warning for a non-form content type but still answers', async () => {
    const req = h.query('ACTIVEW0001');
    const a = await h.send(req, { contentType: 'text/plain' });
    expect(a.fields.respCode).toBe('00');
    const { json } = await h.admin<{ entries: Array<{ warnings: string[]; fields?: Record<string, string> }> }>(
      'GET',
      '/journal?operation=contract-query',
    );
    const entry = json.entries.find((e) => e.fields?.orderId === req.orderId)!;
    expect(entry.warnings.join()).toMatch(/Content-Type "text\/plain"/);
  });
});

describe('each signature family round-trips on every answer kind', () => {
  it.each(['01', '21', '11', '12'] as UnionPaySignMethod[])(
    '%s: success, 34 and 13 all verify in the same family',
    async (signMethod) => {
      for (const req of [
        h.query('ACTIVEW0001'),
        h.query('NOSUCH0001'),
        h.query('ACTIVEW0001', { planId: undefined }),
      ]) {
        const a = await h.send(req, { signMethod });
        expectUnionPayFormat(a);
        expect(a.fields.signMethod).toBe(signMethod);
      }
    },
  );
});
