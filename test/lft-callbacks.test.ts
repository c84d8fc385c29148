/**
 * Callbacks end to end with a scripted merchant (the callback sink) and the manual clock: retried
 * on the schedule until the merchant answers SUCCESS, given up when the schedule ends, every
 * attempt in the journal, and replayed on demand (re-signed from the order now, or byte for byte).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { REALISTIC_SCHEDULE, totalScheduleMs } from '../simulators/core/retry-schedule.ts';
import { encodeRequest, formatTimestamp } from '../simulators/lft/wire/index.ts';
import { readLftNotification } from '../clients/lft.ts';
import type { SinkOptions } from './support/callback-sink.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

const APP = { appId: 'APP01', key: 'k-test-123' };
let sim: StartedSimulator | undefined;
afterEach(() => sim?.close());

/** the callback sink answering per attempt from a script; the last answer repeats */
function scripted(script: Array<'SUCCESS' | 'FAIL' | 'DOWN'>): SinkOptions {
  return {
    answer: (_req, n) => {
      const answer = script[Math.min(n, script.length - 1)];
      if (answer === 'DOWN') throw Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return { status: 200, headers: {}, body: answer === 'SUCCESS' ? 'SUCCESS' : 'FAIL' };
    },
  };
}

/** a signed LFT request through inject: the whole PayCommonVo answer */
async function signedCall(app: SimServer, clock: { now(): number }, op: string, data: object) {
  const payload = encodeRequest(
    { appId: APP.appId, data: JSON.stringify(data), timestamp: formatTimestamp(clock.now()) },
    APP.key,
  );
  const res = await app.inject({
    method: 'POST',
    url: `/api/protocol/${op}`,
    headers: { 'content-type': 'application/json' },
    payload,
  });
  return res.json() as { code: string; data: string };
}

async function setup(script: Array<'SUCCESS' | 'FAIL' | 'DOWN'>, timeScale = 1) {
  const clock = createClock({ mode: 'manual' });
  sim = await startSimulator('lft', { clock, timeScale, send: scripted(script), credentials: APP });
  const app: SimServer = sim.app;
  const m = { received: sim.sink!.sent };
  const api = sim.admin;
  const call = async (op: string, data: object) => JSON.parse((await signedCall(app, clock, op, data)).data);
  // the admin API as the raw JSON it answers, refusals included (one test reads an error body)
  const admin = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await api.raw<any>(method, url, payload)).json; // eslint-disable-line @typescript-eslint/no-explicit-any
  const { transNo } = await call('create', { channelType: 'LFT', transDesc: '租金', businessId: 'B1' });
  const pre = await call('prepay', {
    transNo,
    outReqNo: 'APP01-1',
    amount: '88.00',
    outSuccessNotifyUrl: 'http://merchant.test/paid',
    prodCatalog: '02',
  });
  return { clock, m, call, admin, pre };
}

describe('LFT notifications', () => {
  it('retries the pay notification until the merchant answers SUCCESS, journalling each attempt', async () => {
    const { m, admin, pre } = await setup(['FAIL', 'DOWN', 'SUCCESS']);
    // 1 the payer swipes: the paid notification goes out at once and is refused
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await admin('POST', '/clock/advance', { ms: 0 });
    expect(m.received).toHaveLength(1);
    // 2 the schedule's first wait is 15 s: nothing before it
    await admin('POST', '/clock/advance', { ms: 14_999 });
    expect(m.received).toHaveLength(1);
    await admin('POST', '/clock/advance', { ms: 1 });
    expect(m.received).toHaveLength(2);
    // 3 the third attempt, 15 s later, is acknowledged and nothing more is sent
    await admin('POST', '/clock/advance', { ms: 15_000 });
    await admin('POST', '/clock/advance', { ms: 3_600_000 });
    expect(m.received).toHaveLength(3);
    const [delivery] = (await admin('GET', '/callbacks?order=APP01-1')).deliveries;
    expect(delivery).toMatchObject({ event: 'paid', status: 'acked' });
    expect(delivery.attempts.map((a: { acked: boolean }) => a.acked)).toEqual([false, false, true]);
    expect(delivery.attempts[1].error).toMatch(/ECONNREFUSED/);
    // 4 every attempt is in the journal with its request and response or error
    const { entries } = await admin('GET', '/journal?order=APP01-1&kind=callback');
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      operation: 'paid',
      deliveryId: delivery.id,
      attempt: 1,
      response: { status: 200, body: 'FAIL' },
    });
    expect(entries[1].error.message).toMatch(/ECONNREFUSED/);
    // 5 each attempt carries the full 入金查询 VO, signed
    const n = readLftNotification(m.received[2]!.body, APP);
    expect(n.data).toMatchObject({ outReqNo: 'APP01-1', payStatus: 'SUCCESS', amount: '88.00' }); // built fresh: by 30 s the funds have arrived too
    expect(m.received[0]!.url).toBe('http://merchant.test/paid');
  });

  it('gives up when the schedule ends (16 attempts over about a day)', async () => {
    const { m, admin, pre } = await setup(['FAIL']);
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await admin('POST', '/clock/advance', { ms: totalScheduleMs(REALISTIC_SCHEDULE) + 1 });
    expect(m.received).toHaveLength(REALISTIC_SCHEDULE.delaysMs.length + 1);
    const [delivery] = (await admin('GET', '/callbacks?order=APP01-1')).deliveries;
    expect(delivery.status).toBe('gave-up');
    await admin('POST', '/clock/advance', { ms: 7 * 86_400_000 });
    expect(m.received).toHaveLength(REALISTIC_SCHEDULE.delaysMs.length + 1);
  });

  it('shrinks the schedule with the time scale', async () => {
    const { m, admin, pre } = await setup(['FAIL'], 0.001);
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await admin('POST', '/clock/advance', { ms: Math.ceil(totalScheduleMs(REALISTIC_SCHEDULE) * 0.001) + 100 });
    expect(m.received).toHaveLength(REALISTIC_SCHEDULE.delaysMs.length + 1);
  });

  it('sends arrival and payout notifications to their own URLs with their own VOs', async () => {
    const { m, admin, call, clock } = await setup(['SUCCESS']);
    const { transNo } = await call('create', { channelType: 'LFT', transDesc: '租金', businessId: 'B2' });
    const pre = await call('prepay', {
      transNo,
      outReqNo: 'APP01-2',
      amount: '50.00',
      outSuccessNotifyUrl: 'http://m.test/paid',
      outArrivedNotifyUrl: 'http://m.test/arrived',
      prodCatalog: '01',
    });
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await clock.advance(30_000);
    await call('outpay', {
      transNo,
      outReqNo: 'APP01-3',
      amount: '20.00',
      channelType: 'LFT',
      outNotifyUrl: 'http://m.test/out',
      bankAccName: '李四',
      bankAccNum: '6217000010012345678',
      bankName: '建行',
      bankCnaps: '105100000017',
      outType: 'REFUND',
    });
    await clock.advance(5_000);
    const urls = m.received.map((r) => r.url);
    expect(urls).toEqual(['http://m.test/paid', 'http://m.test/arrived', 'http://m.test/out']);
    expect(readLftNotification(m.received[1]!.body, APP).data).toMatchObject({ arrivedStatus: '02' });
    expect(readLftNotification(m.received[2]!.body, APP).data).toMatchObject({
      outReqNo: 'APP01-3',
      outType: 'REFUND',
      payStatus: 'SUCCESS',
      bankCnaps: '105100000017',
    });
  });

  it('skips the arrival notification when the merchant gave no outArrivedNotifyUrl', async () => {
    const { m, admin, pre, clock } = await setup(['SUCCESS']);
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await clock.advance(30_000);
    expect(m.received.map((r) => r.url)).toEqual(['http://merchant.test/paid']);
    const deliveries = (await admin('GET', '/callbacks?order=APP01-1')).deliveries;
    expect(deliveries.map((d: { event: string; status: string }) => `${d.event}:${d.status}`)).toEqual([
      'paid:acked',
      'arrived:skipped',
    ]);
  });

  it('replays a delivery re-signed from the order now, or byte for byte', async () => {
    const { m, admin, pre, clock } = await setup(['SUCCESS']);
    await admin('POST', `/orders/${pre.posCode}/events/swipe`);
    await clock.advance(1);
    const [delivery] = (await admin('GET', '/callbacks?order=APP01-1')).deliveries;
    await clock.advance(30_000); // arrived since: a re-signed replay shows it, an exact one does not
    const exact = await admin('POST', `/callbacks/${delivery.id}/replay`, { mode: 'exact' });
    const resigned = await admin('POST', `/callbacks/${delivery.id}/replay`, { mode: 'resign' });
    expect(exact).toMatchObject({ replayOf: delivery.id, replayMode: 'exact', status: 'acked' });
    expect(resigned).toMatchObject({ replayOf: delivery.id, replayMode: 'resign', status: 'acked' });
    const bodies = m.received.map((r) => r.body);
    expect(bodies.at(-2)).toBe(bodies[0]);
    expect(readLftNotification(bodies.at(-1)!, APP).data).toMatchObject({ arrivedStatus: '02' });
    expect((await admin('POST', '/callbacks/cb_999999/replay', {})).error.code).toBe('SIM_ERR_ADMIN_NOT_FOUND');
  });
});

describe('LFT notify URLs as merchants really send them', () => {
  it('accepts a notify URL without a scheme with a journal warning; delivery to it then fails', async () => {
    const clock = createClock({ mode: 'manual' });
    sim = await startSimulator('lft', { clock, send: 'http', credentials: APP });
    const call = (op: string, data: object) => signedCall(sim!.app, clock, op, data);
    const created = await call('create', { channelType: 'LFT', transDesc: '租金', businessId: 'B1' });
    const { transNo } = JSON.parse(created.data) as { transNo: string };
    // 1 the test script's URL is taken, not refused with EP10005, and the journal says why it will fail
    const pre = await call('prepay', {
      transNo,
      outReqNo: 'APP01-NS1',
      amount: '88.00',
      outSuccessNotifyUrl: 'www.example.com/notify',
      prodCatalog: '02',
    });
    expect(pre.code).toBe('0000');
    const admin = async (method: 'GET' | 'POST', url: string, payload?: object) =>
      (await sim!.admin.raw<any>(method, url, payload)).json; // eslint-disable-line @typescript-eslint/no-explicit-any
    const requests = await admin('GET', '/journal?order=APP01-NS1&kind=request');
    expect(requests.entries[0].warnings.join(' ')).toMatch(
      /outSuccessNotifyUrl "www.example.com\/notify" has no scheme/,
    );
    // 2 the payer pays: the notification is attempted, fails as a URL without a scheme does, and is journalled
    await admin('POST', `/orders/${JSON.parse(pre.data).posCode}/events/swipe`);
    await admin('POST', '/clock/advance', { ms: 0 });
    const [delivery] = (await admin('GET', '/callbacks?order=APP01-NS1')).deliveries;
    expect(delivery.event).toBe('paid');
    expect(delivery.status).not.toBe('acked');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0].error).toMatch(/URL/i);
    const callbacks = await admin('GET', '/journal?order=APP01-NS1&kind=callback');
    expect(callbacks.entries).toHaveLength(1);
    expect(callbacks.entries[0]).toMatchObject({
      operation: 'paid',
      attempt: 1,
      request: { url: 'www.example.com/notify' },
    });
    expect(callbacks.entries[0].error.message).toMatch(/URL/i);
  });
});

describe('LFT notification acknowledgement (SUCCESS, or a PayCommonVo with code 0000)', () => {
  const vo = (o: object) => JSON.stringify({ data: '', appId: 'APP01', timestamp: '20260101000000000', ...o });
  it.each([
    ['SUCCESS', true],
    [' SUCCESS\r\n', true],
    [vo({ code: '0000', msg: 'SUCCESS', sign: 'x' }), true],
    [JSON.stringify({ code: '0000' }), true],
    [JSON.stringify({ msg: 'SUCCESS' }), true],
    ['success', false],
    ['FAIL', false],
    ['', false],
    [vo({ code: 'EP99999', msg: 'SUCCESS' }), false],
    [JSON.stringify({ code: '0001', msg: 'FAIL' }), false],
    [JSON.stringify({ msg: 'FAIL' }), false],
    ['{"code":"0000"', false],
    ['["SUCCESS"]', false],
  ])('answer %j acknowledges: %s (else the notification is retried)', async (body, acked) => {
    const clock = createClock({ mode: 'manual' });
    sim = await startSimulator('lft', {
      clock,
      credentials: APP,
      send: { answer: () => ({ status: 200, headers: {}, body }) },
    });
    const call = async (op: string, data: object) => JSON.parse((await signedCall(sim!.app, clock, op, data)).data);
    const { transNo } = await call('create', { channelType: 'LFT', transDesc: '租金', businessId: 'B1' });
    const pre = await call('prepay', {
      transNo,
      outReqNo: 'APP01-ACK',
      amount: '88.00',
      outSuccessNotifyUrl: 'http://merchant.test/paid',
      prodCatalog: '02',
    });
    await sim.admin.raw('POST', `/orders/${pre.posCode}/events/swipe`);
    await sim.advance(0);
    await sim.advance(15_000); // the schedule's first wait: a refused attempt is tried again
    const [delivery] = (await sim.admin.raw<any>('GET', '/callbacks?order=APP01-ACK')).json.deliveries; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(delivery.attempts[0].acked).toBe(acked);
    expect(delivery.attempts).toHaveLength(acked ? 1 : 2);
    expect(delivery.status === 'acked').toBe(acked);
  });
});
