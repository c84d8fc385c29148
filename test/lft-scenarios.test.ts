/**
 * Every shipped LFT scenario, proved through the wire: a listening simulator with a manual clock
 * (test/support/lft-harness.ts), driven by the reference client and the admin API, asserting
 * what a merchant would see — query results, balances, and the notifications its endpoint
 * received (how many, in what order, at which URL, and whether each verifies). Plus how a
 * scenario is chosen: header, then admin override, then magic value, then default; and that a
 * chosen scenario stays bound to its order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, SignatureError, TransportError } from '../clients/http.ts';
import { readLftNotification } from '../clients/lft.ts';
import type { LftOutqueryVo, LftPayinVo } from '../simulators/lft/wire/index.ts';
import { createLftHarness, type LftHarness, type SentRequest } from './support/lft-harness.ts';
import { ok } from './support/results.ts';

const URL_PAID = 'http://merchant.test/lft/paid';
const URL_ARRIVED = 'http://merchant.test/lft/arrived';
const URL_PAYOUT = 'http://merchant.test/lft/payout';

let h: LftHarness;
let seq = 0;
const nextOutReqNo = () => `APP01-${Date.now().toString(36)}-${++seq}`;

beforeEach(async () => {
  h = await createLftHarness({ faultTimeoutMs: 1000 });
});
afterEach(() => h.close());

async function protocol(cashierType: 'POS' | 'QP' = 'POS'): Promise<string> {
  return (await ok(h.client.create({ channelType: 'LFT', transDesc: '租金代收', businessId: 'BIZ1', cashierType })))
    .transNo;
}

/** the prepay answer as a result (a refusal is ok: false) */
function prepayResult(transNo: string, amount: string, opts: { outReqNo?: string; scenario?: string } = {}) {
  const outReqNo = opts.outReqNo ?? nextOutReqNo();
  return h.client.prepay(
    { transNo, outReqNo, amount, outSuccessNotifyUrl: URL_PAID, outArrivedNotifyUrl: URL_ARRIVED, prodCatalog: '02' },
    { scenario: opts.scenario },
  );
}
/** a prepay that must be accepted: its data */
const prepay = (transNo: string, amount: string, opts: { outReqNo?: string; scenario?: string } = {}) =>
  ok(prepayResult(transNo, amount, opts));

function outpay(transNo: string, amount: string) {
  return ok(
    h.client.outpay({
      transNo,
      outReqNo: nextOutReqNo(),
      amount,
      channelType: 'LFT',
      outNotifyUrl: URL_PAYOUT,
      bankAccName: '张三',
      bankAccNum: '6222020200112233445',
      bankName: '中国工商银行股份有限公司北京海淀支行',
      bankCnaps: '102100000116',
      outType: 'OUT',
    }),
  );
}

const inquery = (outReqNo: string) => ok(h.client.inquery({ outReqNo }));
const balances = async (transNo: string) => {
  const p = await ok(h.client.find({ transNo }));
  return { amount: p.amount, onpassageAmount: p.onpassageAmount, outAmount: p.outAmount };
};
const urls = () => h.sent.map((s) => s.url);
const read = <T = LftPayinVo>(s: SentRequest) => readLftNotification<T>(s.body, h.credentials).data;
const scenarioOf = (key: string) =>
  h.admin<{ scenario: string; scenarioWhy: string; state: string }>('GET', `/orders/${key}`);

/** `yuan` made available on the protocol, paid and arrived (chosen by header: no magic amount needed) */
async function fund(transNo: string, yuan: string): Promise<void> {
  await prepay(transNo, yuan, { scenario: 'payin-auto-success' });
  await h.advance(1000);
  await h.advance(5000);
  h.sent.length = 0;
}

/** the magic amounts wait for the payer: an hour on nothing has happened; then the payer pays
 *  (the generic `pay` event, what a POS swipe or the cashier button does) */
async function payerPays(outReqNo: string): Promise<void> {
  await h.advance(3_600_000);
  expect((await scenarioOf(outReqNo)).state).toBe('UNPAID'); // the admin view: an inquery is a step of its own
  expect(h.sent).toHaveLength(0);
  await h.admin('POST', `/orders/${outReqNo}/events/pay`);
  await h.advance(0);
}

/** resolves once the simulator has journalled a request for the operation (the server is then
 *  holding it: in a delay or a fault) */
async function served(operation: string): Promise<void> {
  for (;;) {
    const { entries } = await h.admin<{ entries: unknown[] }>('GET', `/journal?kind=request&operation=${operation}`);
    if (entries.length > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('pay-in outcomes by magic amount', () => {
  it.each(['POS', 'QP'] as const)(
    'pays by itself 1 s after prepay (%s), sends one paid notification, then the arrival 5 s later',
    async (cashierType) => {
      const transNo = await protocol(cashierType);
      // 1 prepay 0.01: nothing has happened yet
      const pre = await prepay(transNo, '0.01');
      expect(pre.payStatus).toBe('UNPAID');
      await h.advance(999);
      expect((await inquery(pre.outReqNo)).payStatus).toBe('UNPAID');
      expect(h.sent).toHaveLength(0);
      // 2 one second on, the payer has paid: SUCCESS, money in transit, one paid notification
      await h.advance(1);
      expect(await inquery(pre.outReqNo)).toMatchObject({
        payStatus: 'SUCCESS',
        arrivedStatus: '01',
        channelReturnCode: '0000',
      });
      expect(await balances(transNo)).toEqual({ amount: '0.00', onpassageAmount: '0.01', outAmount: '0.00' });
      expect(urls()).toEqual([URL_PAID]);
      expect(read(h.sent[0]!)).toMatchObject({
        outReqNo: pre.outReqNo,
        payStatus: 'SUCCESS',
        arrivedStatus: '01',
        cashierType,
      });
      // 3 five seconds later the funds arrive: available, one arrival notification
      await h.advance(5000);
      expect(await inquery(pre.outReqNo)).toMatchObject({ payStatus: 'SUCCESS', arrivedStatus: '02' });
      expect(await balances(transNo)).toEqual({ amount: '0.01', onpassageAmount: '0.00', outAmount: '0.00' });
      expect(urls()).toEqual([URL_PAID, URL_ARRIVED]);
      expect(read(h.sent[1]!)).toMatchObject({ payStatus: 'SUCCESS', arrivedStatus: '02' });
    },
  );

  it('waits for the payer, then declines the payment (F1001) and sends one paid notification; nothing arrives', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.02');
    await payerPays(pre.outReqNo);
    expect(await inquery(pre.outReqNo)).toMatchObject({
      payStatus: 'FAILURE',
      arrivedStatus: '01',
      channelReturnCode: 'F1001',
    });
    await h.advance(3_600_000);
    expect(urls()).toEqual([URL_PAID]);
    expect(read(h.sent[0]!)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    expect(await balances(transNo)).toEqual({ amount: '0.00', onpassageAmount: '0.00', outAmount: '0.00' });
  });

  it('declines a payment made at the QP cashier page too', async () => {
    const transNo = await protocol('QP');
    const pre = await prepay(transNo, '0.02');
    // 0 a tester who opens the cashier an hour later finds it waiting, not already failed
    await h.advance(3_600_000);
    const before = await fetch(`${h.baseUrl}/cashier/${pre.payOrderNo}`);
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('<dd id="status">待支付</dd>');
    expect(h.sent).toHaveLength(0);
    // 1 the payer asks for the SMS code, types it, ticks the agreement and presses pay
    const cashier = `${h.baseUrl}/cashier/${pre.payOrderNo}`;
    const post = (action: string, fields: Record<string, string>) =>
      fetch(`${cashier}/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post('sms', { mobile: '13812345678' })).status).toBe(303);
    const { data } = await h.admin<{ data: { sms: { code: string } } }>('GET', `/orders/${pre.outReqNo}`);
    expect((await post('pay', { smsCode: data.sms.code, agree: 'yes' })).status).toBe(303);
    expect(await (await fetch(cashier)).text()).toContain('支付失败');
    await h.advance(0);
    expect(await inquery(pre.outReqNo)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    // 2 nothing else is attempted: one notification
    await h.advance(3_600_000);
    expect(urls()).toEqual([URL_PAID]);
  });

  it('fails a POS swipe for insufficient funds (F1002); a second attempt is refused harmlessly', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.03');
    // 1 the payer swipes at once
    const swiped = await h.admin<{ state: string; reason: string }>('POST', `/orders/${pre.posCode}/events/swipe`);
    expect(swiped).toMatchObject({ state: 'FAILURE', reason: 'insufficient_funds' });
    await h.advance(0);
    expect(await inquery(pre.outReqNo)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1002' });
    // 2 a second payment no longer applies: the journal says why, nothing else is sent
    await h.admin('POST', `/orders/${pre.outReqNo}/events/pay`).catch(() => undefined);
    await h.advance(3_600_000);
    const { entries } = await h.admin<{ entries: { operation: string; warnings: string[] }[] }>(
      'GET',
      `/journal?kind=event&order=${pre.outReqNo}`,
    );
    expect(entries.find((e) => e.operation === 'pay')?.warnings.join(' ')).toMatch(/FAILURE/);
    expect(urls()).toEqual([URL_PAID]);
    expect(read(h.sent[0]!)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1002' });
  });

  it('reports PROCESSING twice, then SUCCESS, then sends one paid notification and the arrival 5 s later', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.04');
    await payerPays(pre.outReqNo);
    // 1 two queries: still processing, nobody notified
    expect((await inquery(pre.outReqNo)).payStatus).toBe('PROCESSING');
    expect((await inquery(pre.outReqNo)).payStatus).toBe('PROCESSING');
    await h.advance(60_000);
    expect(h.sent).toHaveLength(0);
    // 2 the third finds SUCCESS; the paid notification follows, once
    expect(await inquery(pre.outReqNo)).toMatchObject({ payStatus: 'SUCCESS', channelReturnCode: '0000' });
    await h.advance(0);
    expect((await inquery(pre.outReqNo)).payStatus).toBe('SUCCESS');
    expect(urls()).toEqual([URL_PAID]);
    expect(read(h.sent[0]!)).toMatchObject({ payStatus: 'SUCCESS', arrivedStatus: '01' });
    // 3 the funds arrive 5 s after the answer
    await h.advance(5000);
    expect(urls()).toEqual([URL_PAID, URL_ARRIVED]);
    expect(await balances(transNo)).toEqual({ amount: '0.04', onpassageAmount: '0.00', outAmount: '0.00' });
  });

  it('reports PROCESSING twice, then FAILURE (declined), then sends one paid notification', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.05');
    await payerPays(pre.outReqNo);
    expect((await inquery(pre.outReqNo)).payStatus).toBe('PROCESSING');
    expect((await inquery(pre.outReqNo)).payStatus).toBe('PROCESSING');
    expect(await inquery(pre.outReqNo)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    await h.advance(0);
    expect((await inquery(pre.outReqNo)).payStatus).toBe('FAILURE');
    await h.advance(3_600_000);
    expect(urls()).toEqual([URL_PAID]);
    expect(read(h.sent[0]!)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    expect(await balances(transNo)).toEqual({ amount: '0.00', onpassageAmount: '0.00', outAmount: '0.00' });
  });

  it('pays at once but keeps the money in transit for 2 hours before it arrives', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.06');
    await payerPays(pre.outReqNo);
    expect((await inquery(pre.outReqNo)).payStatus).toBe('SUCCESS');
    expect(urls()).toEqual([URL_PAID]);
    await h.advance(2 * 3_600_000 - 1);
    expect((await inquery(pre.outReqNo)).arrivedStatus).toBe('01');
    expect(await balances(transNo)).toEqual({ amount: '0.00', onpassageAmount: '0.06', outAmount: '0.00' });
    await h.advance(1);
    expect((await inquery(pre.outReqNo)).arrivedStatus).toBe('02');
    expect(await balances(transNo)).toEqual({ amount: '0.06', onpassageAmount: '0.00', outAmount: '0.00' });
    expect(urls()).toEqual([URL_PAID, URL_ARRIVED]);
  });
});

describe('notification trouble by magic amount', () => {
  it('sends the paid notification 3 times, each validly signed and identical, then one arrival', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.07');
    await payerPays(pre.outReqNo);
    expect(urls()).toEqual([URL_PAID, URL_PAID, URL_PAID]);
    const copies = h.sent.map((s) => read(s));
    for (const c of copies) expect(c).toEqual(copies[0]);
    expect(copies[0]).toMatchObject({ outReqNo: pre.outReqNo, payStatus: 'SUCCESS' });
    const { deliveries } = await h.admin<{ deliveries: { event: string; status: string }[] }>(
      'GET',
      `/callbacks?order=${pre.outReqNo}`,
    );
    expect(deliveries.map((d) => `${d.event}:${d.status}`)).toEqual(['paid:acked', 'paid:acked', 'paid:acked']);
    await h.advance(5000);
    expect(urls()).toEqual([URL_PAID, URL_PAID, URL_PAID, URL_ARRIVED]);
  });

  it('signs the first paid notification wrongly; the merchant refuses it and the retry 15 s later verifies', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.08');
    // 1 the first attempt does not verify; the sink (a correct merchant) answers FAIL
    await payerPays(pre.outReqNo);
    expect(urls()).toEqual([URL_PAID]);
    expect(() => read(h.sent[0]!)).toThrow(SignatureError);
    // only the sign is wrong: the data is what LFT would send
    expect(JSON.parse((JSON.parse(h.sent[0]!.body) as { data: string }).data)).toMatchObject({
      outReqNo: pre.outReqNo,
      amount: '0.08',
      payStatus: 'SUCCESS',
    });
    expect(h.sent[0]!.response?.body).toBe('FAIL');
    // 2 the arrival (5 s) comes before the retry (15 s); the retry is good and acknowledged
    await h.advance(15_000);
    expect(urls()).toEqual([URL_PAID, URL_ARRIVED, URL_PAID]);
    expect(read(h.sent[2]!)).toMatchObject({ outReqNo: pre.outReqNo, payStatus: 'SUCCESS' });
    expect(h.sent[2]!.response?.body).toBe('SUCCESS');
    // 3 acknowledged: no more attempts
    await h.advance(24 * 3_600_000);
    expect(h.sent).toHaveLength(3);
  });

  it('delivers the arrival notification before the paid one', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.09');
    await payerPays(pre.outReqNo);
    expect(urls()).toEqual([URL_ARRIVED]);
    await h.advance(5000);
    expect(urls()).toEqual([URL_ARRIVED, URL_PAID]);
    for (const s of h.sent)
      expect(read(s)).toMatchObject({ outReqNo: pre.outReqNo, payStatus: 'SUCCESS', arrivedStatus: '02' });
    expect(await balances(transNo)).toEqual({ amount: '0.09', onpassageAmount: '0.00', outAmount: '0.00' });
  });

  it('sends the first 3 paid attempts nowhere, then reaches the merchant on the 4th (15 s, 15 s, 30 s later)', async () => {
    const transNo = await protocol();
    const pre = await prepay(transNo, '0.13');
    const paidAttempts = () => h.sent.filter((s) => new URL(s.url).pathname === '/lft/paid');
    await payerPays(pre.outReqNo);
    await h.advance(15_000);
    await h.advance(15_000);
    await h.advance(29_999);
    // 1 three attempts so far, all to a closed port
    expect(paidAttempts().map((s) => [s.url, s.refused])).toEqual(Array(3).fill(['http://127.0.0.1:9/lft/paid', true]));
    // 2 the fourth reaches the merchant, verifies, and is acknowledged
    await h.advance(1);
    const attempts = paidAttempts();
    expect(attempts).toHaveLength(4);
    expect(attempts[3]!.url).toBe(URL_PAID);
    expect(read(attempts[3]!)).toMatchObject({ outReqNo: pre.outReqNo, payStatus: 'SUCCESS' });
    const { deliveries } = await h.admin<{ deliveries: { event: string; status: string; attempts: unknown[] }[] }>(
      'GET',
      `/callbacks?order=${pre.outReqNo}`,
    );
    expect(deliveries.find((d) => d.event === 'paid')).toMatchObject({ status: 'acked', attempts: { length: 4 } });
  });
});

describe('transport faults by magic amount (a real listening server)', () => {
  it('answers prepay only after the simulator clock has moved 3 s', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    let settled = false;
    const call = prepay(transNo, '0.10', { outReqNo }).finally(() => (settled = true));
    await served('prepay');
    expect((await h.advance(2999)).fired).toBe(0);
    expect(settled).toBe(false);
    expect((await h.advance(1)).fired).toBe(1);
    expect(await call).toMatchObject({ outReqNo, payStatus: 'UNPAID' });
  });

  it('resets the connection after creating the order; an inquery finds it', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    const err = await prepay(transNo, '0.11', { outReqNo }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/fetch failed/);
    expect((err as { cause?: { cause?: { code?: string } } }).cause?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    // the merchant must ask: the order exists and waits for the payer as usual
    expect(await inquery(outReqNo)).toMatchObject({ outReqNo, amount: '0.11', payStatus: 'UNPAID' });
    expect((await h.admin<{ state: string }>('POST', `/orders/${outReqNo}/events/pay`)).state).toBe('SUCCESS');
  });

  it('answers an empty 200 after creating the order; the client reports a protocol error', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    const err = await prepay(transNo, '0.14', { outReqNo }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/为空/);
    expect(await inquery(outReqNo)).toMatchObject({ outReqNo, payStatus: 'UNPAID' });
  });

  it('answers half a response and stray bytes; the client fails safely and the order exists', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    const err = await prepay(transNo, '0.15', { outReqNo }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/JSON/);
    expect(await inquery(outReqNo)).toMatchObject({ outReqNo, amount: '0.15' });
  });

  it('never answers prepay: a client with a short timeout gives up, and the server keeps working', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    const impatient = h.clientWith({ timeoutMs: 300 });
    const err = await impatient
      .prepay({ transNo, outReqNo, amount: '0.12', outSuccessNotifyUrl: URL_PAID, prodCatalog: '02' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).cause).toMatchObject({ name: 'TimeoutError' });
    expect(await inquery(outReqNo)).toMatchObject({ outReqNo, payStatus: 'UNPAID' });
    expect((await ok(h.client.find({ transNo }))).transNo).toBe(transNo);
  });

  it('holds a silent prepay until the simulator clock passes the fault timeout, then drops it', async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    const call = prepay(transNo, '0.12', { outReqNo }).catch((e: unknown) => e);
    await served('prepay');
    await h.advance(1000); // the harness's faultTimeoutMs
    const err = await call;
    expect(err).toBeInstanceOf(TransportError);
    expect(await inquery(outReqNo)).toMatchObject({ outReqNo, payStatus: 'UNPAID' });
  });

  it("refuses prepay with LFT's system error (EP99999) and creates no order", async () => {
    const transNo = await protocol();
    const outReqNo = nextOutReqNo();
    // LFT's own words only; the scenario is named in the simulator's header and journal (issue 10)
    expect(await prepayResult(transNo, '0.99', { outReqNo })).toMatchObject({
      ok: false,
      code: 'EP99999',
      msg: '系统繁忙, 请稍后重试',
      simDetail: '模拟场景 lft/system-error',
    });
    const [entry] = await h.sim.admin.journal({ operation: 'prepay', limit: 1 });
    expect(entry!.error).toEqual({ code: 'SIM_ERR_SCENARIO_REJECTED', message: '模拟场景 lft/system-error' });
    expect(await h.client.inquery({ outReqNo })).toMatchObject({ ok: false, code: 'EP20002' });
    // the same outReqNo can be sent again
    expect((await prepay(transNo, '100.00', { outReqNo })).payStatus).toBe('UNPAID');
  });
});

describe('payouts by magic amount', () => {
  it('settles a payout as FAILURE (F2001) 5 s later, gives the money back, and sends one payout notification', async () => {
    const transNo = await protocol();
    await fund(transNo, '1.00');
    const out = await outpay(transNo, '0.02');
    expect(out.payStatus).toBe('PROCESSING');
    expect(await balances(transNo)).toEqual({ amount: '0.98', onpassageAmount: '0.00', outAmount: '0.02' });
    await h.advance(5000);
    expect(await ok(h.client.outquery({ outReqNo: out.outReqNo }))).toMatchObject({
      payStatus: 'FAILURE',
      channelReturnCode: 'F2001',
    });
    expect(await balances(transNo)).toEqual({ amount: '1.00', onpassageAmount: '0.00', outAmount: '0.00' });
    expect(urls()).toEqual([URL_PAYOUT]);
    expect(read<LftOutqueryVo>(h.sent[0]!)).toMatchObject({
      outReqNo: out.outReqNo,
      payStatus: 'FAILURE',
      channelReturnCode: 'F2001',
    });
  });

  it('queues a payout as UNPAID (未出金) with the money reserved, then settles it 60 s later', async () => {
    const transNo = await protocol();
    await fund(transNo, '1.00');
    const out = await outpay(transNo, '0.03');
    expect(out.payStatus).toBe('UNPAID');
    expect(await balances(transNo)).toEqual({ amount: '0.97', onpassageAmount: '0.00', outAmount: '0.03' });
    await h.advance(59_999);
    expect(await ok(h.client.outquery({ outReqNo: out.outReqNo }))).toMatchObject({
      payStatus: 'UNPAID',
      payFinishTime: '',
    });
    expect(h.sent).toHaveLength(0);
    await h.advance(1);
    expect((await ok(h.client.outquery({ outReqNo: out.outReqNo }))).payStatus).toBe('SUCCESS');
    expect(urls()).toEqual([URL_PAYOUT]);
    expect(read<LftOutqueryVo>(h.sent[0]!)).toMatchObject({ outReqNo: out.outReqNo, payStatus: 'SUCCESS' });
    expect(await balances(transNo)).toEqual({ amount: '0.97', onpassageAmount: '0.00', outAmount: '0.03' });
    expect((await scenarioOf(out.outReqNo)).scenario).toBe('lft/payout-queued');
  });

  it('reports a payout PROCESSING twice, then SUCCESS, then sends one payout notification', async () => {
    const transNo = await protocol();
    await fund(transNo, '1.00');
    const out = await outpay(transNo, '0.04');
    await h.advance(3_600_000); // it does not settle by itself
    expect((await ok(h.client.outquery({ outReqNo: out.outReqNo }))).payStatus).toBe('PROCESSING');
    expect((await ok(h.client.outquery({ outReqNo: out.outReqNo }))).payStatus).toBe('PROCESSING');
    expect(h.sent).toHaveLength(0);
    expect(await ok(h.client.outquery({ outReqNo: out.outReqNo }))).toMatchObject({
      payStatus: 'SUCCESS',
      channelReturnCode: '0000',
    });
    await h.advance(0);
    expect((await ok(h.client.outquery({ outReqNo: out.outReqNo }))).payStatus).toBe('SUCCESS');
    await h.advance(3_600_000);
    expect(urls()).toEqual([URL_PAYOUT]);
    expect(read<LftOutqueryVo>(h.sent[0]!)).toMatchObject({ outReqNo: out.outReqNo, payStatus: 'SUCCESS' });
    expect(await balances(transNo)).toEqual({ amount: '0.96', onpassageAmount: '0.00', outAmount: '0.04' });
  });
});

describe('the default scenario', () => {
  it('waits for the payer; the generic pay event pays a QP order, then the funds arrive 30 s later', async () => {
    const transNo = await protocol('QP');
    const pre = await prepay(transNo, '100.00');
    await h.advance(3_600_000);
    expect((await inquery(pre.outReqNo)).payStatus).toBe('UNPAID');
    expect((await h.admin<{ state: string }>('POST', `/orders/${pre.payOrderNo}/events/pay`)).state).toBe('SUCCESS');
    await h.advance(30_000);
    expect(urls()).toEqual([URL_PAID, URL_ARRIVED]);
    expect(read(h.sent[0]!)).toMatchObject({
      payStatus: 'SUCCESS',
      qpUserName: expect.any(String),
      qpCertNumber: expect.any(String),
    });
  });
});

describe('choosing a scenario', () => {
  it('prefers the header to an override, an override to a magic value, a magic value to the default', async () => {
    const transNo = await protocol();
    await h.admin('POST', '/scenarios/use', { scenario: 'payin-declined', operation: 'prepay' });
    // 1 header beats the override (and the magic value 0.01)
    const byHeader = await prepay(transNo, '0.01', { scenario: 'lft/payin-insufficient-funds' });
    // 2 the override beats the magic value
    const byOverride = await prepay(transNo, '0.01');
    await h.admin('DELETE', '/scenarios/overrides');
    // 3 the magic value beats the default
    const byMagic = await prepay(transNo, '0.01');
    const byDefault = await prepay(transNo, '100.00');
    expect((await scenarioOf(byHeader.outReqNo)).scenario).toBe('lft/payin-insufficient-funds');
    expect(await scenarioOf(byOverride.outReqNo)).toMatchObject({
      scenario: 'lft/payin-declined',
      scenarioWhy: expect.stringMatching(/admin override/),
    });
    expect(await scenarioOf(byMagic.outReqNo)).toMatchObject({
      scenario: 'lft/payin-auto-success',
      scenarioWhy: expect.stringMatching(/predicate/),
    });
    expect(await scenarioOf(byDefault.outReqNo)).toMatchObject({ scenario: 'lft/default', scenarioWhy: 'default' });
    // 4 and each behaves as its scenario says: 0.01 pays by itself, the others when the payer pays
    await h.advance(1000);
    for (const o of [byHeader, byOverride]) await h.admin('POST', `/orders/${o.outReqNo}/events/pay`);
    const status = async (o: string) => (await inquery(o)).payStatus + ' ' + (await inquery(o)).channelReturnCode;
    expect(await status(byHeader.outReqNo)).toBe('FAILURE F1002');
    expect(await status(byOverride.outReqNo)).toBe('FAILURE F1001');
    expect(await status(byMagic.outReqNo)).toBe('SUCCESS 0000');
    expect((await inquery(byDefault.outReqNo)).payStatus).toBe('UNPAID');
  });

  it('applies a once override to one order only', async () => {
    const transNo = await protocol();
    await h.admin('POST', '/scenarios/use', { scenario: 'lft/payin-declined', once: true });
    const first = await prepay(transNo, '100.00');
    const second = await prepay(transNo, '100.00');
    expect((await scenarioOf(first.outReqNo)).scenario).toBe('lft/payin-declined');
    expect((await scenarioOf(second.outReqNo)).scenario).toBe('lft/default');
    expect((await h.admin<{ overrides: unknown[] }>('GET', '/scenarios')).overrides).toHaveLength(0);
  });

  it('keeps each order on its own scenario, interleaved, even when an override is added later', async () => {
    const transNo = await protocol();
    const a = await prepay(transNo, '0.04'); // pending, then success
    const b = await prepay(transNo, '0.05'); // pending, then failure
    await h.advance(1000);
    expect((await inquery(a.outReqNo)).payStatus).toBe('PROCESSING');
    expect((await inquery(b.outReqNo)).payStatus).toBe('PROCESSING');
    // an override now changes only orders created from now on
    await h.admin('POST', '/scenarios/use', { scenario: 'payin-auto-success' });
    expect((await inquery(b.outReqNo)).payStatus).toBe('PROCESSING');
    expect((await inquery(a.outReqNo)).payStatus).toBe('PROCESSING');
    expect((await inquery(a.outReqNo)).payStatus).toBe('SUCCESS');
    expect((await inquery(b.outReqNo)).payStatus).toBe('FAILURE');
    const c = await prepay(transNo, '0.05');
    expect((await scenarioOf(c.outReqNo)).scenario).toBe('lft/payin-auto-success');
    // a header on a bound order is ignored (and journalled), not obeyed
    const again = await ok(h.client.inquery({ outReqNo: a.outReqNo }, { scenario: 'payin-declined' }));
    expect(again.payStatus).toBe('SUCCESS');
    await h.advance(0);
    expect(h.sent.map((s) => [s.url, read(s).outReqNo, read(s).payStatus])).toEqual([
      [URL_PAID, a.outReqNo, 'SUCCESS'],
      [URL_PAID, b.outReqNo, 'FAILURE'],
    ]);
  });
});
