/**
 * Consumer contract of the withhold reference client (clients/withhold.ts) with the gateway: one
 * interaction per method, plus the refusals a merchant must handle (a wrong SMS code, an unknown
 * protocol or order, a bad sign, an unknown method). The real client calls the Pact mock server at
 * a fixed time with fixed requestIds, so its encrypted args and sign are byte-for-byte the same
 * each run and the request bodies are matched exactly; values the provider makes up are matched by
 * pattern. Writes contracts/pacts/withhold-merchant-client-withhold-simulator.json.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { createWithholdClient, type WithholdClient } from '../../clients/withhold.ts';
import { encodeRequest } from '../../simulators/withhold/wire/index.ts';
import { PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { settled } from '../support/settled-mock-server.ts';
import {
  BAD_SIGN,
  CONTRACT_NOW,
  CONTRACT_PERSON,
  CONTRACT_SECONDS,
  EXAMPLE,
  ORDERS,
  WITHHOLD_HTTP_CONSUMER,
  WITHHOLD_MERCHANT,
  WITHHOLD_PROVIDER,
  WITHHOLD_STATES,
  WRONG_CODE,
} from '../support/withhold-fixtures.ts';

const { regex } = MatchersV3;
const pact = new PactV4({
  consumer: WITHHOLD_HTTP_CONSUMER,
  provider: WITHHOLD_PROVIDER,
  dir: PACT_DIR,
  logLevel: PACT_LOG_LEVEL,
});
const HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
const PACT = pactFile(WITHHOLD_HTTP_CONSUMER, WITHHOLD_PROVIDER);

const client = (url: string): WithholdClient =>
  createWithholdClient({
    baseUrl: `${url}/`,
    ua: WITHHOLD_MERCHANT.ua,
    aesKey: WITHHOLD_MERCHANT.aesKey,
    now: () => CONTRACT_NOW,
  });

/** the exact body the client sends for these args (same key, time and requestId) */
const body = (method: string, args: object, requestId: string) =>
  JSON.parse(
    encodeRequest(
      { ua: WITHHOLD_MERCHANT.ua, method, requestId, timestamp: CONTRACT_SECONDS, fields: args },
      WITHHOLD_MERCHANT.aesKey,
    ),
  ) as Record<string, string>;

const ok = (response: object) => ({ status: '1', message: '成功', response });
/** a refusal: the gateway's message exactly (which field is the simulator's x-sim-detail, not the pact's) */
const refused = (message: string) => ({ status: '-1', message, response: {} });
const ORDER_RESPONSE = (order: { biz_order_no: string }, pay_status: string, channel_response = '') => ({
  biz_order_no: order.biz_order_no,
  pay_order_no: regex('^WP\\d{16}$', EXAMPLE.pay_order_no),
  pay_type: 'PAY01',
  pay_status,
  pay_time: pay_status === 'success' ? regex('^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$', '2026-01-15 10:00:00') : '',
  channel_response,
});

interface Spec {
  state: string;
  description: string;
  method: string;
  args: object;
  requestId: string;
  response: object;
  sign?: string;
}
function interaction(s: Spec) {
  const request = { ...body(s.method, s.args, s.requestId), ...(s.sign ? { sign: s.sign } : {}) };
  return settled(
    pact
      .addInteraction()
      .given(s.state)
      .uponReceiving(s.description)
      .withRequest('POST', '/', (b) => b.headers(HEADERS).jsonBody(request))
      .willRespondWith(200, (b) => b.headers(HEADERS).jsonBody(s.response)),
  );
}

const confirmArgs = (verification_code: string) => ({
  verification_code,
  unique_code: EXAMPLE.unique_code,
  bank_card_number: CONTRACT_PERSON.bank_card_number,
  pay_type: CONTRACT_PERSON.pay_type,
});
const withholdArgs = (order: { biz_order_no: string; amount: string }, protocol_no: string = EXAMPLE.protocol_no) => ({
  ...order,
  name: CONTRACT_PERSON.name,
  id_card_number: CONTRACT_PERSON.id_card_number,
  mobile: CONTRACT_PERSON.mobile,
  biz_data: [{ protocol_no }] as [{ protocol_no: string }],
  notify_url: 'https://merchant.example/withhold/notify',
  pay_type: CONTRACT_PERSON.pay_type,
});

beforeAll(() => rmSync(PACT, { force: true }));

describe('withhold merchant client ↔ withhold gateway (consumer)', () => {
  it('pre-binds a card and gets a unique_code', async () => {
    await interaction({
      state: WITHHOLD_STATES.merchant,
      description: 'a pre-tied-card request',
      method: 'pre-tied-card',
      args: CONTRACT_PERSON,
      requestId: 'PACT-0001',
      response: ok({ unique_code: regex('^UC\\d{16}$', EXAMPLE.unique_code) }),
    }).executeTest(async (server) => {
      const r = await client(server.url).preTiedCard(CONTRACT_PERSON, { requestId: 'PACT-0001' });
      expect(r).toMatchObject({ ok: true, data: { unique_code: EXAMPLE.unique_code } });
    });
  });

  it('confirms the pre-binding with the SMS code and gets a protocol_no', async () => {
    await interaction({
      state: WITHHOLD_STATES.preBound,
      description: 'a confirm-tied-card request with the right code',
      method: 'confirm-tied-card',
      args: confirmArgs(EXAMPLE.smsCode),
      requestId: 'PACT-0002',
      response: ok({ protocol_no: regex('^PN\\d{16}$', EXAMPLE.protocol_no) }),
    }).executeTest(async (server) => {
      const r = await client(server.url).confirmTiedCard(confirmArgs(EXAMPLE.smsCode), { requestId: 'PACT-0002' });
      expect(r).toMatchObject({ ok: true, data: { protocol_no: EXAMPLE.protocol_no } });
    });
  });

  it('is told a wrong SMS code is wrong (参数错误; the tries left are x-sim-detail)', async () => {
    await interaction({
      state: WITHHOLD_STATES.preBound,
      description: 'a confirm-tied-card request with a wrong code',
      method: 'confirm-tied-card',
      args: confirmArgs(WRONG_CODE),
      requestId: 'PACT-0003',
      response: refused('参数错误'),
    }).executeTest(async (server) => {
      const r = await client(server.url).confirmTiedCard(confirmArgs(WRONG_CODE), { requestId: 'PACT-0003' });
      expect(r).toMatchObject({ ok: false, code: '-1', msg: '参数错误' });
    });
  });

  it('withholds against a confirmed protocol and is told it is pending', async () => {
    await interaction({
      state: WITHHOLD_STATES.protocol,
      description: 'a single-withhold request of 100.00',
      method: 'single-withhold',
      args: withholdArgs(ORDERS.pending),
      requestId: 'PACT-0004',
      response: ok(ORDER_RESPONSE(ORDERS.pending, 'pending')),
    }).executeTest(async (server) => {
      const r = await client(server.url).singleWithhold(withholdArgs(ORDERS.pending), { requestId: 'PACT-0004' });
      expect(r).toMatchObject({ ok: true, data: { biz_order_no: ORDERS.pending.biz_order_no, pay_status: 'pending' } });
    });
  });

  it('is refused a withhold against a protocol that does not exist', async () => {
    await interaction({
      state: WITHHOLD_STATES.merchant,
      description: 'a single-withhold request with an unknown protocol_no',
      method: 'single-withhold',
      args: withholdArgs(ORDERS.pending, 'PN-UNKNOWN'),
      requestId: 'PACT-0005',
      response: refused('签约协议不存在'),
    }).executeTest(async (server) => {
      const r = await client(server.url).singleWithhold(withholdArgs(ORDERS.pending, 'PN-UNKNOWN'), {
        requestId: 'PACT-0005',
      });
      expect(r).toMatchObject({ ok: false, code: '-1' });
    });
  });

  it.each([
    [WITHHOLD_STATES.succeeded, ORDERS.success, 'success', ''],
    [WITHHOLD_STATES.failed, ORDERS.fail, 'fail', '卡状态异常'],
  ])('queries an order in the state "%s"', async (state, order, status, channelResponse) => {
    await interaction({
      state,
      description: `a single-order-query for ${order.biz_order_no}`,
      method: 'single-order-query',
      args: { biz_order_no: order.biz_order_no },
      requestId: `PACT-Q-${order.biz_order_no}`,
      response: ok(ORDER_RESPONSE(order, status, channelResponse)),
    }).executeTest(async (server) => {
      const r = await client(server.url).singleOrderQuery(
        { biz_order_no: order.biz_order_no },
        { requestId: `PACT-Q-${order.biz_order_no}` },
      );
      expect(r).toMatchObject({ ok: true, data: { pay_status: status, channel_response: channelResponse } });
    });
  });

  it('is told an order it never made does not exist', async () => {
    await interaction({
      state: WITHHOLD_STATES.merchant,
      description: 'a single-order-query for an unknown order',
      method: 'single-order-query',
      args: { biz_order_no: 'BIZ-PACT-404' },
      requestId: 'PACT-0006',
      response: refused('订单不存在'),
    }).executeTest(async (server) => {
      const r = await client(server.url).singleOrderQuery({ biz_order_no: 'BIZ-PACT-404' }, { requestId: 'PACT-0006' });
      expect(r).toMatchObject({ ok: false, code: '-1' });
    });
  });

  it('is refused a request whose sign does not verify', async () => {
    await interaction({
      state: WITHHOLD_STATES.merchant,
      description: 'a pre-tied-card request with a bad sign',
      method: 'pre-tied-card',
      args: CONTRACT_PERSON,
      requestId: 'PACT-0007',
      sign: BAD_SIGN,
      response: refused('签名错误'),
    }).executeTest(async (server) => {
      // what a client with the wrong key sends: the same request, another sign
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ ...body('pre-tied-card', CONTRACT_PERSON, 'PACT-0007'), sign: BAD_SIGN }),
      });
      expect(await res.json()).toMatchObject({ status: '-1' });
    });
  });

  it('is told an unknown method does not exist', async () => {
    await interaction({
      state: WITHHOLD_STATES.merchant,
      description: 'a request with an unknown method',
      method: 'unbind-card',
      args: { protocol_no: EXAMPLE.protocol_no },
      requestId: 'PACT-0008',
      response: refused('接口不存在'),
    }).executeTest(async (server) => {
      const r = await client(server.url).call(
        'unbind-card',
        { protocol_no: EXAMPLE.protocol_no },
        { requestId: 'PACT-0008' },
      );
      expect(r).toMatchObject({ ok: false, code: '-1' });
    });
  });
});
