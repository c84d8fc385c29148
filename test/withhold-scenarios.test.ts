/**
 * Every shipped withhold scenario, proved through the wire: a listening simulator with a manual
 * clock (test/support/withhold-harness.ts), driven by the reference client and the admin API,
 * asserting what a merchant sees — single-withhold's answer, what each query answers, and the
 * callbacks its notify_url received (how many, when, whether each verifies). Plus transport
 * faults, and that the scenario chosen for an order stays bound to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, TransportError } from '../clients/http.ts';
import { readWithholdCallback, type WithholdCallback } from '../clients/withhold.ts';
import { PERSON, createWithholdHarness, type WithholdHarness } from './support/withhold-harness.ts';

const NOTIFY = 'http://merchant.test/withhold/notify';
let h: WithholdHarness;
let protocol: string;
let seq = 0;

beforeEach(async () => {
  h = await createWithholdHarness({ faultTimeoutMs: 1000 });
  protocol = await h.protocol();
});
afterEach(async () => h.close());

const args = (amount: string, biz_order_no = `BIZ-${++seq}`) => ({
  biz_order_no,
  amount,
  name: PERSON.name,
  id_card_number: PERSON.id_card_number,
  mobile: PERSON.mobile,
  biz_data: [{ protocol_no: protocol }] as [{ protocol_no: string }],
  notify_url: NOTIFY,
  pay_type: PERSON.pay_type,
});
async function withhold(amount: string) {
  const r = await h.client.singleWithhold(args(amount));
  if (!r.ok) throw new Error(r.msg);
  return r.data;
}
async function status(biz_order_no: string) {
  const r = await h.client.singleOrderQuery({ biz_order_no });
  if (!r.ok) throw new Error(r.msg);
  return r.data;
}
const callbacks = (): WithholdCallback[] => h.sent.filter((s) => !s.refused).map((s) => readWithholdCallback(s.body));

describe('withhold outcomes by magic amount', () => {
  it('default: pending, success 3 s later with one callback that verifies; the query agrees', async () => {
    const w = await withhold('12.34');
    expect(w).toMatchObject({ pay_status: 'pending', pay_time: '', channel_response: '' });
    await h.advance(2999);
    expect((await status(w.biz_order_no)).pay_status).toBe('pending');
    expect(h.sent).toHaveLength(0);
    await h.advance(1);
    const q = await status(w.biz_order_no);
    expect(q).toMatchObject({
      pay_status: 'success',
      pay_time: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    expect(callbacks()).toEqual([{ ...q, order_type: 'single_withhold', sign: expect.any(String) }]);
    expect(h.sent[0]!.url).toBe(NOTIFY);
  });

  it('sends no callback when no notify_url was given', async () => {
    const r = await h.client.singleWithhold({ ...args('1.00'), notify_url: undefined });
    await h.advance('1m');
    expect((await status(r.ok ? r.data.biz_order_no : '')).pay_status).toBe('success');
    expect(h.sent).toHaveLength(0);
  });

  it('0.01 succeeds at once with one callback', async () => {
    const w = await withhold('0.01');
    expect(w).toMatchObject({ pay_status: 'success', pay_time: expect.stringMatching(/^\d{4}-/) });
    await h.advance(0);
    expect(callbacks().map((c) => c.pay_status)).toEqual(['success']);
  });

  it.each([
    ['0.02', '余额不足', 3000],
    ['0.03', '卡状态异常', 0],
    ['0.04', '超过单笔限额', 0],
    ['0.05', '户名不符', 3000],
  ])('%s fails with channel_response %s', async (amount, text, after) => {
    const w = await withhold(amount);
    expect(w.pay_status).toBe(after ? 'pending' : 'fail');
    await h.advance(after);
    expect(await status(w.biz_order_no)).toMatchObject({ pay_status: 'fail', pay_time: '', channel_response: text });
    expect(callbacks()).toEqual([expect.objectContaining({ pay_status: 'fail', channel_response: text })]);
  });

  it.each([
    ['0.06', 'success', ''],
    ['0.07', 'fail', '余额不足'],
  ])('%s is pending for 2 queries, then %s on the 3rd with one callback', async (amount, end, text) => {
    const w = await withhold(amount);
    await h.advance('1h'); // nothing happens by itself
    expect((await status(w.biz_order_no)).pay_status).toBe('pending');
    expect((await status(w.biz_order_no)).pay_status).toBe('pending');
    expect(h.sent).toHaveLength(0);
    expect(await status(w.biz_order_no)).toMatchObject({ pay_status: end, channel_response: text });
    expect((await status(w.biz_order_no)).pay_status).toBe(end);
    await h.advance(0);
    expect(callbacks().map((c) => c.pay_status)).toEqual([end]);
  });

  it('0.08 stays initial (not yet sent to the bank) for 2 queries, then pending, then success', async () => {
    const w = await withhold('0.08');
    expect(w.pay_status).toBe('initial');
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push((await status(w.biz_order_no)).pay_status);
    expect(seen).toEqual(['initial', 'initial', 'pending', 'success', 'success']);
  });

  it('0.09: single-withhold says pending, the query says wait_pay twice, then success; the callback says success', async () => {
    const w = await withhold('0.09');
    expect(w.pay_status).toBe('pending');
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await status(w.biz_order_no)).pay_status);
    expect(seen).toEqual(['wait_pay', 'wait_pay', 'success', 'success']);
    await h.advance(0);
    expect(callbacks().map((c) => c.pay_status)).toEqual(['success']);
  });

  it('0.99 is refused (系统繁忙) and makes no order; the biz_order_no can be used again', async () => {
    const a = args('0.99');
    expect(await h.client.singleWithhold(a)).toMatchObject({
      ok: false,
      code: '-1',
      msg: '系统繁忙, 请稍后重试',
      simDetail: '模拟场景 withhold/system-error',
    });
    expect((await h.client.singleOrderQuery({ biz_order_no: a.biz_order_no })).msg).toContain('订单不存在');
    expect((await h.client.singleWithhold({ ...a, amount: '1.00' })).ok).toBe(true);
  });

  it('binds the chosen scenario to the order: x-sim-scenario picks one, and a later query keeps it', async () => {
    const r = await h.client.singleWithhold(args('5.00'), { scenario: 'withhold/withhold-pending-then-fail' });
    const no = r.ok ? r.data.biz_order_no : '';
    expect((await h.sim.admin.order(no)).scenario).toBe('withhold/withhold-pending-then-fail');
    for (let i = 0; i < 2; i++) await status(no);
    expect((await status(no)).pay_status).toBe('fail');
  });
});

describe('withhold callbacks by magic amount', () => {
  it('0.11 sends the same valid callback 3 times', async () => {
    await withhold('0.11');
    await h.advance(0);
    const got = callbacks();
    expect(got).toHaveLength(3);
    expect(new Set(got.map((c) => JSON.stringify(c))).size).toBe(1);
  });

  it('0.12 sends a bad sign first (the merchant refuses it), then a good one 15 s later', async () => {
    await withhold('0.12');
    await h.advance(0);
    expect(() => readWithholdCallback(h.sent[0]!.body)).toThrow(/签名验证失败/);
    expect(h.sent[0]!.response?.body).toBe('fail');
    await h.advance('15s');
    expect(h.sent).toHaveLength(2);
    expect(readWithholdCallback(h.sent[1]!.body).pay_status).toBe('success');
    expect(h.sent[1]!.response?.body).toBe('success');
  });

  it('0.13 answers success at once but calls back only 60 s later', async () => {
    const w = await withhold('0.13');
    expect(w.pay_status).toBe('success');
    await h.advance(59_999);
    expect(h.sent).toHaveLength(0);
    await h.advance(1);
    expect(callbacks()).toHaveLength(1);
  });

  it('0.14 cannot reach the merchant for 3 attempts, the 4th arrives (15 s, 15 s, 30 s apart)', async () => {
    await withhold('0.14');
    await h.advance(0);
    await h.advance('15s');
    await h.advance('15s');
    expect(h.sent.map((s) => s.refused)).toEqual([true, true, true]);
    await h.advance('30s');
    expect(h.sent.map((s) => s.refused)).toEqual([true, true, true, false]);
    const [delivery] = await h.sim.admin.callbacks();
    expect(delivery).toMatchObject({ status: 'acked', attempts: { length: 4 } });
  });
});

/** resolves once the simulator has journalled a single-withhold (it is then holding the answer) */
async function served(): Promise<void> {
  while ((await h.sim.admin.journal({ operation: 'single-withhold' })).length === 0)
    await new Promise((r) => setTimeout(r, 5));
}

describe('withhold transport faults by magic amount', () => {
  it('0.15 answers only after the simulator clock moved 3 s', async () => {
    let settled = false;
    const call = h.client.singleWithhold(args('0.15')).finally(() => (settled = true));
    await served();
    await h.advance(2999);
    expect(settled).toBe(false);
    await h.advance(1);
    expect(await call).toMatchObject({ ok: true, data: { pay_status: 'pending' } });
  });

  it('0.16 resets the connection after making the order; a retry of the requestId gets the answer it missed', async () => {
    const a = args('0.16');
    const err = await h.client.singleWithhold(a, { requestId: 'LOST-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    const retry = await h.client.singleWithhold(a, { requestId: 'LOST-1' });
    expect(retry).toMatchObject({ ok: true, data: { biz_order_no: a.biz_order_no, pay_status: 'pending' } });
    expect((await status(a.biz_order_no)).pay_status).toBe('pending');
  });

  it('0.17 holds the connection until the fault timeout; the order exists', async () => {
    const a = args('0.17');
    const call = h.client.singleWithhold(a).catch((e: unknown) => e);
    await served();
    await h.advance(1000);
    expect(await call).toBeInstanceOf(TransportError);
    expect((await status(a.biz_order_no)).pay_status).toBe('pending');
  });

  it.each([
    ['0.18', /JSON/],
    ['0.19', /为空/],
  ])('%s answers garbage or nothing; the client reports a protocol error and the order exists', async (amount, msg) => {
    const a = args(amount);
    const err = await h.client.singleWithhold(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(msg);
    expect((await status(a.biz_order_no)).biz_order_no).toBe(a.biz_order_no);
  });
});

describe('withhold scenario catalogue', () => {
  it('lists every shipped scenario with a description', async () => {
    const { scenarios } = await h.sim.admin.scenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    for (const s of scenarios) expect(s.description, s.id).toMatch(/\S{10}/);
  });
});
