/**
 * The withhold result callback through the callback sink and the manual clock: its body and
 * secret-less sign, what acknowledges it (HTTP 200 and `success` trimmed in any case by default;
 * each merchant's own rule from its credentials), the retry schedule until it is acknowledged,
 * every attempt in the journal, a body changed on the way, and replay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readWithholdCallback } from '../clients/withhold.ts';
import { callbackSign } from '../simulators/withhold/wire/index.ts';
import type { SinkOptions } from './support/callback-sink.ts';
import {
  PERSON,
  WITHHOLD_TEST_CREDENTIALS,
  createWithholdHarness,
  type WithholdHarness,
} from './support/withhold-harness.ts';
import type { WithholdCredentials } from '../simulators/withhold/runtime.ts';

let h: WithholdHarness;
afterEach(async () => h.close());

async function start(sink: SinkOptions = {}, credentials: WithholdCredentials = WITHHOLD_TEST_CREDENTIALS) {
  h = await createWithholdHarness({ sink, credentials });
  const protocol_no = await h.protocol();
  return (amount: string, notify_url = 'http://merchant.test/notify') =>
    h.client.singleWithhold({
      biz_order_no: `BIZ-${Math.floor(Math.random() * 1e9)}`,
      amount,
      name: PERSON.name,
      id_card_number: PERSON.id_card_number,
      mobile: PERSON.mobile,
      biz_data: { protocol_no },
      notify_url,
      pay_type: PERSON.pay_type,
    });
}

describe('withhold callback', () => {
  it('POSTs the seed fields as JSON, signed with md5 of their ascending-key JSON (no secret)', async () => {
    const withhold = await start();
    const r = await withhold('0.01');
    await h.advance(0);
    const [req] = h.sent;
    expect(req!.headers['content-type']).toBe('application/json;charset=UTF-8');
    const body = JSON.parse(req!.body) as Record<string, string>;
    expect(Object.keys(body)).toEqual([
      'biz_order_no',
      'pay_order_no',
      'order_type',
      'pay_type',
      'pay_status',
      'pay_time',
      'channel_response',
      'sign',
    ]);
    const { sign, ...rest } = body;
    // anyone can compute it: the sorted JSON of the fields, hashed
    expect(sign).toBe(callbackSign(rest));
    expect(body).toMatchObject({ ...(r.ok ? r.data : {}), order_type: 'single_withhold' });
    expect(readWithholdCallback(req!.body)).toEqual(body);
  });

  it.each(['success', 'SUCCESS', ' Success \n'])('takes HTTP 200 with %j as the ack', async (answer) => {
    const withhold = await start({ answer: () => ({ status: 200, headers: {}, body: answer }) });
    await withhold('0.01');
    await h.advance('1h');
    expect(h.sent).toHaveLength(1);
  });

  it.each([
    [200, 'ok'],
    [200, ''],
    [500, 'success'],
    [201, 'success'],
  ])('retries after HTTP %i %j: 15 s, 15 s, 30 s, 3 min …, each attempt journalled', async (status, body) => {
    const withhold = await start({ answer: () => ({ status, headers: {}, body }) });
    const r = await withhold('0.01');
    await h.advance(0);
    await h.advance('15s');
    await h.advance('15s');
    await h.advance('30s');
    expect(h.sent).toHaveLength(4);
    await h.advance('3m');
    expect(h.sent.map((s) => s.at - h.sent[0]!.at)).toEqual([0, 15_000, 30_000, 60_000, 240_000]);
    const journal = await h.sim.admin.journal({ kind: 'callback', order: r.ok ? r.data.biz_order_no : '' });
    expect(journal).toHaveLength(5);
    expect(journal[0]!.response).toMatchObject({ status, body });
  });

  it("uses each merchant's own ack rule from its credentials", async () => {
    const credentials: WithholdCredentials = {
      ...WITHHOLD_TEST_CREDENTIALS,
      notifyAck: { status: 200, body: 'OK', caseSensitive: true },
    };
    const answers = ['ok', 'success', 'OK'];
    const withhold = await start(
      { answer: (_req, n) => ({ status: 200, headers: {}, body: answers[n]! }) },
      credentials,
    );
    const r = await withhold('0.01');
    await h.advance(0);
    await h.advance('15s');
    await h.advance('15s');
    await h.advance('1h');
    expect(h.sent.map((s) => s.response?.body)).toEqual(answers);
    const [delivery] = await h.sim.admin.callbacks({ order: r.ok ? r.data.biz_order_no : '' });
    expect(delivery).toMatchObject({ status: 'acked', attempts: { length: 3 } });
    expect((await h.sim.admin.credentials()).notifyAck).toEqual({ status: 200, body: 'OK', caseSensitive: true });
  });

  it('0.21: a correct merchant refuses a callback whose pay_status was turned round on the way', async () => {
    const withhold = await start();
    await withhold('0.21');
    await h.advance(0);
    expect(JSON.parse(h.sent[0]!.body)).toMatchObject({ pay_status: 'fail' });
    expect(() => readWithholdCallback(h.sent[0]!.body)).toThrow(/签名验证失败/);
    expect(h.sent[0]!.response?.body).toBe('fail');
    await h.advance('15s');
    expect(readWithholdCallback(h.sent[1]!.body).pay_status).toBe('success');
  });

  it('replays a delivery re-signed from the order as it is now, or byte for byte', async () => {
    const withhold = await start();
    const r = await withhold('3.00');
    await h.advance('3s');
    const [delivery] = await h.sim.admin.callbacks({ order: r.ok ? r.data.biz_order_no : '' });
    expect(delivery).toMatchObject({ status: 'acked', attempts: { length: 1 } });
    const resigned = await h.sim.admin.replay(delivery!.id, 'resign');
    const exact = await h.sim.admin.replay(delivery!.id, 'exact');
    expect(exact.attempts[0]!.request.body).toBe(delivery!.attempts[0]!.request.body);
    expect(resigned.attempts[0]!.acked).toBe(true);
    expect(h.sent.map((s) => readWithholdCallback(s.body).pay_status)).toEqual(['success', 'success', 'success']);
  });
});
