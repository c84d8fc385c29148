/**
 * The reference client against a listening withhold simulator, end to end as a merchant would use
 * it: bind a card (the SMS code read from the admin API, as a tester reads it off a phone), withhold,
 * receive and verify the callback with readWithholdCallback, query. And what the client does with
 * answers that are not the gateway's: an HTTP error status, a body that is not the envelope, no
 * answer at all — exceptions; a status "-1" is a result.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError, SignatureError, TransportError } from '../clients/http.ts';
import { WITHHOLD_CALLBACK_ACK, createWithholdClient, readWithholdCallback } from '../clients/withhold.ts';
import { PERSON, createWithholdHarness, type WithholdHarness } from './support/withhold-harness.ts';

let h: WithholdHarness;
beforeEach(async () => {
  h = await createWithholdHarness();
});
afterEach(async () => h.close());

describe('withhold reference client, end to end', () => {
  it('binds, withholds, verifies the callback and queries the result', async () => {
    // 1 pre-binding: the SMS code goes to the phone (here: the admin order view)
    const pre = await h.client.preTiedCard(PERSON);
    if (!pre.ok) throw new Error(pre.msg);
    const code = await h.smsCode(pre.data.unique_code);
    // 2 the card holder types the code
    const confirmed = await h.client.confirmTiedCard({
      verification_code: code,
      unique_code: pre.data.unique_code,
      bank_card_number: PERSON.bank_card_number,
      pay_type: PERSON.pay_type,
    });
    if (!confirmed.ok) throw new Error(confirmed.msg);
    // 3 withhold: pending first
    const w = await h.client.singleWithhold({
      biz_order_no: 'E2E-1',
      amount: '88.8',
      name: PERSON.name,
      id_card_number: PERSON.id_card_number,
      mobile: PERSON.mobile,
      biz_data: [{ protocol_no: confirmed.data.protocol_no }],
      notify_url: 'http://merchant.test/notify',
      pay_type: PERSON.pay_type,
    });
    expect(w).toMatchObject({ ok: true, data: { biz_order_no: 'E2E-1', pay_status: 'pending' } });
    // 4 the bank answers: one callback, which verifies and says success
    await h.advance('3s');
    expect(h.sent).toHaveLength(1);
    const cb = readWithholdCallback(h.sent[0]!.body);
    expect(cb).toMatchObject({ biz_order_no: 'E2E-1', order_type: 'single_withhold', pay_status: 'success' });
    expect(h.sent[0]!.response?.body).toBe(WITHHOLD_CALLBACK_ACK);
    // 5 the query agrees with the callback
    const q = await h.client.singleOrderQuery({ biz_order_no: 'E2E-1' });
    const { order_type: _t, sign: _s, ...fields } = cb;
    expect(q).toMatchObject({ ok: true, data: fields });
  });

  it('sends a fresh requestId per call unless told to retry one, and can leave the timestamp out', async () => {
    const a = await h.client.preTiedCard(PERSON);
    const b = await h.client.preTiedCard(PERSON, { noTimestamp: true });
    expect(a.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.requestId).not.toBe(b.requestId);
    expect(b.ok).toBe(true);
    const bodies = (await h.sim.admin.journal({ operation: 'pre-tied-card' })).map(
      (e) => JSON.parse(String(e.request?.body)) as Record<string, unknown>,
    );
    expect(bodies.find((x) => x.requestId === a.requestId)).toHaveProperty('timestamp');
    expect(bodies.find((x) => x.requestId === b.requestId)).not.toHaveProperty('timestamp');
  });

  it('reads a callback a framework already parsed, and refuses a forged or broken one', () => {
    const body = JSON.parse(
      '{"biz_order_no":"B","pay_order_no":"P","order_type":"single_withhold","pay_type":"PAY01",' +
        '"pay_status":"success","pay_time":"","channel_response":"","sign":"x"}',
    ) as Record<string, string>;
    expect(() => readWithholdCallback(body)).toThrow(SignatureError);
    expect(() => readWithholdCallback('not json')).toThrow(ProtocolError);
    expect(() => readWithholdCallback({ ...body, pay_time: undefined })).toThrow(/pay_time/);
    expect(() => readWithholdCallback({ ...body, order_type: 'refund' })).toThrow(/order_type/);
  });
});

describe('withhold reference client, answers that are not the gateway', () => {
  let server: Server;
  let answer: { status: number; body: string } = { status: 200, body: '' };
  beforeEach(async () => {
    server = createServer((_req, res) => res.writeHead(answer.status).end(answer.body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => new Promise((r) => server.close(r)));
  const client = () =>
    createWithholdClient({
      baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
      ua: 'U',
      aesKey: 'k-harness-16char',
    });

  it.each([
    [{ status: 502, body: 'Bad Gateway' }, /HTTP 502/],
    [{ status: 200, body: '<html>' }, /不是合法 JSON/],
    [{ status: 200, body: '{"status":1,"message":"x","response":{}}' }, /status 应为/],
  ])('throws a ProtocolError for %j', async (a, message) => {
    answer = a;
    const err = await client()
      .preTiedCard(PERSON)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(message);
  });

  it('throws a TransportError when nothing answers', async () => {
    const c = createWithholdClient({ baseUrl: 'http://127.0.0.1:9/', ua: 'U', aesKey: 'k-harness-16char' });
    expect(await c.preTiedCard(PERSON).catch((e: unknown) => e)).toBeInstanceOf(TransportError);
  });
});
