/**
 * The LFT simulator through its wire, endpoint by endpoint: every operation's success path and
 * LFT's own answer to bad input (signed PayCommonVo, never a Fastify 500). Requests are built
 * with the shared wire codec so a test can also send what a broken client would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { lft } from '../simulators/lft/index.ts';
import { encodeRequest, formatTimestamp, lftVerify } from '../simulators/lft/wire/index.ts';

const APP = { appId: 'APP01', key: 'k-test-123' };
const scenarios = loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft);
let app: SimServer;
let clock: ReturnType<typeof createClock>;

beforeEach(() => {
  clock = createClock({ mode: 'manual' });
  app = buildServer(lft, {
    scenarios,
    clock,
    config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: APP },
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  });
});
afterEach(() => app.close());

type Reply = { code: string; msg: string; data: string; appId: string; timestamp: string; sign: string };

async function call(op: string, data: object | string, opts: { key?: string; appId?: string; raw?: string } = {}) {
  const body =
    opts.raw ??
    encodeRequest(
      {
        appId: opts.appId ?? APP.appId,
        data: typeof data === 'string' ? data : JSON.stringify(data),
        timestamp: formatTimestamp(clock.now()),
      },
      opts.key ?? APP.key,
    );
  const res = await app.inject({
    method: 'POST',
    url: `/api/protocol/${op}`,
    headers: { 'content-type': 'application/json' },
    payload: body,
  });
  const reply = res.json() as Reply;
  // the simulator's explanation of a refusal: its own header, never LFT's msg
  const detail = decodeURIComponent(String(res.headers['x-sim-detail'] ?? ''));
  return { status: res.statusCode, reply, detail, data: reply.data ? JSON.parse(reply.data) : undefined };
}

const prepayData = (transNo: string, outReqNo: string, amount = '100.00') => ({
  transNo,
  outReqNo,
  amount,
  outSuccessNotifyUrl: 'http://127.0.0.1:1/paid',
  outArrivedNotifyUrl: 'http://127.0.0.1:1/arrived',
  prodCatalog: '02',
});
const outpayData = (transNo: string, outReqNo: string, amount: string) => ({
  transNo,
  outReqNo,
  amount,
  channelType: 'LFT',
  outNotifyUrl: 'http://127.0.0.1:1/out',
  bankAccName: '张三',
  bankAccNum: '6222020200112233445',
  bankName: '中国工商银行股份有限公司北京海淀支行',
  bankCnaps: '102100000116',
  outType: 'OUT',
});

async function protocol(cashierType = 'POS') {
  const { data } = await call('create', { channelType: 'LFT', transDesc: '租金代收', businessId: 'BIZ1', cashierType });
  return data.transNo as string;
}

/** a protocol with `yuan` available: paid by POS swipe, then arrived */
async function fundedProtocol(yuan: string) {
  const transNo = await protocol();
  const { data } = await call('prepay', prepayData(transNo, 'APP01-FUND', yuan));
  await app.inject({ method: 'POST', url: `/__admin/orders/${data.posCode}/events/swipe` });
  await clock.advance(30_000);
  return transNo;
}

describe('LFT wire: every response is a signed PayCommonVo', () => {
  it('signs success responses with md5(appId&data&timestamp&key) over the data string', async () => {
    const { reply } = await call('create', { channelType: 'LFT', transDesc: '租金代收', businessId: 'BIZ1' });
    expect(reply.code).toBe('0000');
    expect(reply.msg).toBe('SUCCESS');
    expect(reply.timestamp).toMatch(/^\d{17}$/);
    expect(lftVerify(reply, APP.key)).toBe(true);
  });

  it('signs error responses too', async () => {
    const { reply } = await call('find', { transNo: 'nope' });
    expect(reply.code).toBe('EP20001');
    expect(lftVerify(reply, APP.key)).toBe(true);
  });
});

describe('create and find (协议)', () => {
  it('creates a protocol with zero balances, POS by default, and finds it', async () => {
    const { data } = await call('create', { channelType: 'LFT', transDesc: '租金代收', businessId: 'BIZ1' });
    expect(data).toMatchObject({
      transDesc: '租金代收',
      appId: 'APP01',
      businessId: 'BIZ1',
      channelType: 'LFT',
      amount: '0.00',
      onpassageAmount: '0.00',
      outAmount: '0.00',
      cashierType: 'POS',
    });
    expect(data.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const found = await call('find', { transNo: data.transNo });
    expect(found.data).toEqual(data);
  });

  it("answers EP20001 for an unknown transNo, and for another app's protocol", async () => {
    expect((await call('find', { transNo: 'LFTP0' })).reply).toMatchObject({
      code: 'EP20001',
      msg: expect.stringContaining('协议不存在'),
    });
  });

  it('rejects a bad channelType and a bad cashierType naming the field', async () => {
    expect(await call('create', { channelType: 'WX', transDesc: 'x', businessId: 'B' })).toMatchObject({
      reply: { code: 'EP10005', msg: '参数格式错误' },
      detail: expect.stringContaining('channelType'),
    });
    expect(
      await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B', cashierType: 'CARD' }),
    ).toMatchObject({
      reply: { code: 'EP10005', msg: '参数格式错误' },
      detail: expect.stringContaining('cashierType'),
    });
  });
});

describe('prepay (入金)', () => {
  it('answers a six-digit posCode for a POS protocol, UNPAID', async () => {
    const transNo = await protocol('POS');
    const { reply, data } = await call('prepay', prepayData(transNo, 'APP01-0001'));
    expect(reply.code).toBe('0000');
    expect(data).toMatchObject({
      transNo,
      appId: 'APP01',
      channelType: 'LFT',
      amount: '100.00',
      outReqNo: 'APP01-0001',
      payStatus: 'UNPAID',
    });
    expect(data.posCode).toMatch(/^\d{6}$/);
    expect(data.cashierUrl).toBeUndefined();
  });

  it('answers a cashierUrl served by the simulator for a QP protocol', async () => {
    const transNo = await protocol('QP');
    const { data } = await call('prepay', prepayData(transNo, 'APP01-0002'));
    expect(data.cashierUrl).toMatch(/^http:\/\/localhost(:\d+)?\/cashier\/LFTI\d+$/);
    const page = await app.inject({ method: 'GET', url: new URL(data.cashierUrl).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('APP01-0002');
    expect(page.body).toContain('100.00');
  });

  it.each([
    ['amount', '12.345', /amount.*两位小数/],
    ['amount', '1.', /amount.*两位小数/],
    ['amount', '-1.00', /amount/],
    ['amount', '0.00', /amount.*大于 0/],
    ['outReqNo', 'OTHER-1', /outReqNo.*必须以 appId "APP01" 开头/],
    ['prodCatalog', '03', /prodCatalog/],
    ['outSuccessNotifyUrl', 'not a url', /outSuccessNotifyUrl/],
  ])('rejects %s=%s with EP10005 and a message naming the field', async (field, value, msg) => {
    const transNo = await protocol();
    const { reply, detail } = await call('prepay', { ...prepayData(transNo, 'APP01-0003'), [field]: value });
    expect(reply).toMatchObject({ code: 'EP10005', msg: '参数格式错误' });
    expect(detail).toMatch(msg);
  });

  it.each([
    ['100', '100.00'],
    ['100.5', '100.50'],
  ])('accepts amount %s with a journal warning and answers it as %s', async (sent, read) => {
    const transNo = await protocol();
    const outReqNo = `APP01-AMT${sent}`;
    const { reply, data } = await call('prepay', { ...prepayData(transNo, outReqNo), amount: sent });
    expect(reply.code).toBe('0000');
    expect(data.amount).toBe(read);
    expect((await call('inquery', { outReqNo })).data.amount).toBe(read);
    const { entries } = (await app.inject({ method: 'GET', url: `/__admin/journal?order=${outReqNo}` })).json();
    expect(entries[0].warnings.join(' ')).toContain(`amount "${sent}" is not two decimals: read as ${read}`);
  });

  it('reads a one-decimal magic amount as its two-decimal scenario (0.1 is 0.10)', async () => {
    const transNo = await protocol();
    // lft/slow-response writes its answer 3 s later on the simulator clock
    const answer = call('prepay', { ...prepayData(transNo, 'APP01-AMT01'), amount: '0.1' });
    let answered = false;
    void answer.then(() => (answered = true));
    const advance = { method: 'POST' as const, url: '/__admin/clock/advance', payload: { ms: 1000 } };
    for (let s = 0; s < 10 && !answered; s++) await app.inject(advance);
    expect((await answer).data.amount).toBe('0.10');
    const { entries } = (await app.inject({ method: 'GET', url: '/__admin/journal?order=APP01-AMT01' })).json();
    expect(entries[0]).toMatchObject({ operation: 'prepay', scenario: 'lft/slow-response' });
  });

  it('rejects a missing required field with EP10004', async () => {
    const transNo = await protocol();
    const { outSuccessNotifyUrl: _, ...rest } = prepayData(transNo, 'APP01-0004');
    expect(await call('prepay', rest)).toMatchObject({
      reply: { code: 'EP10004', msg: '必填参数为空' },
      detail: expect.stringContaining('outSuccessNotifyUrl'),
    });
  });

  it('rejects a duplicate outReqNo, also across pay-ins and payouts', async () => {
    const transNo = await protocol();
    expect((await call('prepay', prepayData(transNo, 'APP01-0005'))).reply.code).toBe('0000');
    expect(await call('prepay', prepayData(transNo, 'APP01-0005'))).toMatchObject({
      reply: { code: 'EP10006', msg: '业务系统请求流水号重复' },
      detail: expect.stringContaining('APP01-0005'),
    });
  });

  it('answers EP20001 when the protocol does not exist', async () => {
    expect(await call('prepay', prepayData('LFTP404', 'APP01-0006'))).toMatchObject({
      reply: { code: 'EP20001', msg: '协议不存在' },
      detail: expect.stringContaining('LFTP404'),
    });
  });
});

describe('posclose and inquery', () => {
  it('closes an unpaid POS code; a closed code cannot be swiped and reads FAILURE', async () => {
    const transNo = await protocol();
    const { data } = await call('prepay', prepayData(transNo, 'APP01-0010'));
    expect((await call('posclose', { outReqNo: 'APP01-0010' })).data).toEqual({ result: 'true' });
    const swipe = await app.inject({ method: 'POST', url: `/__admin/orders/${data.posCode}/events/swipe` });
    expect(swipe.statusCode).toBe(409);
    expect((await call('inquery', { outReqNo: 'APP01-0010' })).data).toMatchObject({
      payStatus: 'FAILURE',
      channelReturnMsg: 'POS六位码已关闭',
    });
  });

  it('does not close a paid order', async () => {
    const transNo = await protocol();
    const { data } = await call('prepay', prepayData(transNo, 'APP01-0011'));
    await app.inject({ method: 'POST', url: `/__admin/orders/${data.posCode}/events/swipe` });
    expect((await call('posclose', { outReqNo: 'APP01-0011' })).data).toEqual({ result: 'false' });
  });

  it('reports a swiped order with a Luhn-valid card of a real BIN, then its arrival', async () => {
    const transNo = await protocol();
    const { data } = await call('prepay', prepayData(transNo, 'APP01-0012'));
    await app.inject({ method: 'POST', url: `/__admin/orders/${data.posCode}/events/swipe` });
    const paid = (await call('inquery', { outReqNo: 'APP01-0012' })).data;
    expect(paid).toMatchObject({
      payStatus: 'SUCCESS',
      arrivedStatus: '01',
      payArriveTime: '',
      channelReturnCode: '0000',
      cashierType: 'POS',
      posCode: data.posCode,
    });
    expect(paid.cardNum).toMatch(/^\d{16,19}$/);
    expect(paid.issuingBank).toMatch(/^[A-Z]+$/);
    await clock.advance(30_000);
    expect((await call('inquery', { outReqNo: 'APP01-0012' })).data).toMatchObject({
      payStatus: 'SUCCESS',
      arrivedStatus: '02',
      payArriveTime: expect.stringMatching(/\d\d:\d\d:\d\d$/),
    });
  });

  it('answers EP20002 for an unknown pay-in, and for a payout number asked as a pay-in', async () => {
    expect((await call('inquery', { outReqNo: 'APP01-404' })).reply.code).toBe('EP20002');
    expect((await call('posclose', { outReqNo: 'APP01-404' })).reply.code).toBe('EP20002');
    const transNo = await fundedProtocol('10.00');
    await call('outpay', outpayData(transNo, 'APP01-OUT1', '1.00'));
    expect((await call('inquery', { outReqNo: 'APP01-OUT1' })).reply.code).toBe('EP20002');
  });
});

describe('outpay and outquery (出金/退款)', () => {
  it('spends available money, raises outAmount, and settles', async () => {
    const transNo = await fundedProtocol('100.00');
    const { data } = await call('outpay', outpayData(transNo, 'APP01-OUT2', '30.00'));
    expect(data).toMatchObject({
      transNo,
      amount: '30.00',
      outReqNo: 'APP01-OUT2',
      outType: 'OUT',
      payStatus: 'PROCESSING',
      channelSubaccCustid: expect.any(String),
    });
    expect((await call('find', { transNo })).data).toMatchObject({
      amount: '70.00',
      onpassageAmount: '0.00',
      outAmount: '30.00',
    });
    await clock.advance(5_000);
    expect((await call('outquery', { outReqNo: 'APP01-OUT2' })).data).toMatchObject({
      payStatus: 'SUCCESS',
      channelReturnCode: '0000',
      payFinishTime: expect.any(String),
      remark: '',
    });
  });

  it('refuses more than is available with EP10008, and money in transit is not available', async () => {
    const transNo = await protocol();
    const { data } = await call('prepay', prepayData(transNo, 'APP01-0020', '50.00'));
    await app.inject({ method: 'POST', url: `/__admin/orders/${data.posCode}/events/swipe` });
    expect((await call('find', { transNo })).data).toMatchObject({ amount: '0.00', onpassageAmount: '50.00' });
    expect(await call('outpay', outpayData(transNo, 'APP01-OUT3', '0.01'))).toMatchObject({
      reply: { code: 'EP10008', msg: '可用金额不足' },
      detail: expect.stringContaining('0.00'),
    });
  });

  it('rejects a bad outType, and an amount that is not two decimals (outpay writes them)', async () => {
    const transNo = await fundedProtocol('10.00');
    expect((await call('outpay', { ...outpayData(transNo, 'APP01-OUT4', '1.00'), outType: 'PAY' })).detail).toMatch(
      /outType/,
    );
    expect(await call('outpay', outpayData(transNo, 'APP01-OUT6', '1.5'))).toMatchObject({
      reply: { code: 'EP10005', msg: '参数格式错误' },
      detail: expect.stringMatching(/amount.*两位小数/),
    });
  });

  it('accepts a bankCnaps that is not 12 digits with a journal warning, echoing it as sent', async () => {
    const transNo = await fundedProtocol('10.00');
    const { reply, data } = await call('outpay', { ...outpayData(transNo, 'APP01-OUT5', '1.00'), bankCnaps: '1021' });
    expect(reply.code).toBe('0000');
    expect(data.bankCnaps).toBe('1021');
    expect((await call('outquery', { outReqNo: 'APP01-OUT5' })).data.bankCnaps).toBe('1021');
    const { entries } = (await app.inject({ method: 'GET', url: '/__admin/journal?order=APP01-OUT5' })).json();
    expect(entries[0].warnings.join(' ')).toContain('bankCnaps "1021" is not a 12-digit 联行号');
  });

  it('answers EP20003 for an unknown payout', async () => {
    expect((await call('outquery', { outReqNo: 'APP01-404' })).reply).toMatchObject({
      code: 'EP20003',
      msg: expect.stringContaining('出金订单不存在'),
    });
  });

  it('lets exactly one of two concurrent payouts spend one balance', async () => {
    const transNo = await fundedProtocol('100.00');
    const [a, b] = await Promise.all([
      call('outpay', outpayData(transNo, 'APP01-C1', '60.00')),
      call('outpay', outpayData(transNo, 'APP01-C2', '60.00')),
    ]);
    expect([a.reply.code, b.reply.code].sort()).toEqual(['0000', 'EP10008']);
    expect((await call('find', { transNo })).data).toMatchObject({ amount: '40.00', outAmount: '60.00' });
  });
});

describe('querybankcnaps (联行号查询)', () => {
  it('finds branches by keyword, with 12-digit codes starting with the bank code', async () => {
    const { data } = await call('querybankcnaps', { bankNameKeyWord: '海淀' });
    expect(data.length).toBeGreaterThan(5);
    for (const b of data) {
      expect(b.bankName).toContain('海淀');
      expect(b.bankCnaps).toMatch(/^\d{12}$/);
    }
    expect(data.find((b: { bankName: string }) => b.bankName.startsWith('中国工商银行')).bankCnaps).toMatch(/^102/);
  });

  it('answers an empty list for a keyword nothing matches', async () => {
    expect((await call('querybankcnaps', { bankNameKeyWord: '不存在的支行' })).data).toEqual([]);
  });
});

describe("bad requests get LFT's own answer, never a 500", () => {
  it.each([
    ['a body that is not JSON', { raw: '{"appId":' }, 'EP10001', '请求报文格式错误', /不是合法 JSON/],
    ['a JSON array body', { raw: '[1,2]' }, 'EP10001', '请求报文格式错误', /JSON 对象/],
    [
      'a missing sign',
      { raw: JSON.stringify({ appId: 'APP01', data: '{}', timestamp: '20260115100000000' }) },
      'EP10004',
      '必填参数为空',
      /sign/,
    ],
    ['a wrong key', { key: 'wrong' }, 'EP10002', '签名验证失败', /md5\(appId&data&timestamp&key\)/],
    ['an unknown appId', { appId: 'NOPE', key: 'x' }, 'EP10003', '业务系统ID不存在', /NOPE/],
    ['data that is not JSON', { raw: '' }, 'EP10001', '请求报文格式错误', /data/],
  ])(
    "answers %s with LFT's msg alone, the detail in x-sim-detail and the journal",
    async (_name, opts, code, msg, detail) => {
      const o = { ...opts } as { raw?: string; key?: string; appId?: string };
      if (o.raw === '')
        o.raw = encodeRequest({ appId: 'APP01', data: 'not json', timestamp: formatTimestamp(clock.now()) }, APP.key);
      const res = await call('inquery', { outReqNo: 'APP01-1' }, o);
      expect(res.status).toBe(200);
      expect(res.reply).toMatchObject({ code, msg });
      expect(res.detail).toMatch(detail);
      const { entries } = (await app.inject({ method: 'GET', url: '/__admin/journal?limit=1' })).json();
      expect(entries[0].error.message).toBe(res.detail);
    },
  );

  it('answers data sent as an object instead of a string', async () => {
    const raw = JSON.stringify({
      appId: 'APP01',
      data: { outReqNo: 'x' },
      sign: '0'.repeat(32),
      timestamp: '20260115100000000',
    });
    expect((await call('inquery', {}, { raw })).reply.code).toMatch(/^EP1000[125]$/);
  });

  it('verifies the sign over data exactly as sent (re-serialised data fails)', async () => {
    const data = '{ "outReqNo" : "APP01-1" }';
    const ts = formatTimestamp(clock.now());
    const good = encodeRequest({ appId: 'APP01', data, timestamp: ts }, APP.key);
    expect((await call('inquery', {}, { raw: good })).reply.code).toBe('EP20002');
    const env = JSON.parse(good);
    env.data = JSON.stringify(JSON.parse(data));
    expect((await call('inquery', {}, { raw: JSON.stringify(env) })).reply.code).toBe('EP10002');
  });

  it('answers an oversized body with EP10001 in the envelope', async () => {
    const { status, reply } = await call(
      'inquery',
      {},
      { raw: JSON.stringify({ appId: 'APP01', data: 'x'.repeat(70_000), sign: '', timestamp: '' }) },
    );
    expect(status).toBe(200);
    expect(reply).toMatchObject({ code: 'EP10001', msg: '请求报文过大', appId: '' });
  });

  it("answers an unknown path with 404 in LFT's envelope", async () => {
    const res = await app.inject({ method: 'POST', url: '/api/protocol/refund', payload: '{}' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'EP10404' });
  });

  it('journals the decoded fields, the scenario and why, and warnings', async () => {
    const transNo = await protocol();
    await call('prepay', prepayData(transNo, 'APP01-0030'));
    const { entries } = (await app.inject({ method: 'GET', url: '/__admin/journal?order=APP01-0030' })).json();
    expect(entries[0]).toMatchObject({
      kind: 'request',
      operation: 'prepay',
      scenario: 'lft/default',
      why: 'default',
      fields: { outReqNo: 'APP01-0030' },
    });
    expect(JSON.stringify(entries)).not.toContain(APP.key);
  });
});
