/**
 * Message pacts for the withhold result callback: the leg where the gateway calls the merchant.
 * Consumer side: the merchant's handler, readWithholdCallback from clients/withhold.ts, must accept
 * each callback (its secret-less sign verifies) and read the result it acts on. Provider side: the
 * simulator produces each message the way it really does — the provider state runs a withhold
 * through the scenario its magic amount picks and captures what the simulator POSTs to a local
 * sink — and Pact's verifier matches that body against the pact. The file writes, then verifies,
 * contracts/pacts/withhold-merchant-notify-handler-withhold-simulator.json.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
import { readWithholdCallback } from '../../clients/withhold.ts';
import { callbackSign } from '../../simulators/withhold/wire/index.ts';
import { PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import {
  EXAMPLE,
  ORDERS,
  WITHHOLD_MESSAGE_CONSUMER,
  WITHHOLD_PROVIDER,
  WITHHOLD_STATES,
  type WithholdStateName,
} from '../support/withhold-fixtures.ts';
import { startWithholdProvider, type WithholdProvider } from '../support/withhold-provider.ts';
import { withholdStateHandlers } from '../support/withhold-states.ts';

const { regex } = MatchersV3;
const PACT = pactFile(WITHHOLD_MESSAGE_CONSUMER, WITHHOLD_PROVIDER);
const TIME = '2026-01-15 10:00:00';

/** the example callback, signed as the seed says (md5 of the other fields' ascending-key JSON) */
function example(order: { biz_order_no: string }, pay_status: string, pay_time: string, channel_response: string) {
  const fields = {
    biz_order_no: order.biz_order_no,
    pay_order_no: EXAMPLE.pay_order_no,
    order_type: 'single_withhold',
    pay_type: 'PAY01',
    pay_status,
    pay_time,
    channel_response,
  };
  return { ...fields, sign: callbackSign(fields) };
}

interface MessageSpec {
  description: string;
  state: WithholdStateName;
  biz_order_no: string;
  content: Record<string, string>;
}

const MESSAGES: MessageSpec[] = [
  {
    description: 'a result callback for a withhold that succeeded',
    state: WITHHOLD_STATES.succeeded,
    biz_order_no: ORDERS.success.biz_order_no,
    content: example(ORDERS.success, 'success', TIME, ''),
  },
  {
    description: 'a result callback for a withhold that failed',
    state: WITHHOLD_STATES.failed,
    biz_order_no: ORDERS.fail.biz_order_no,
    content: example(ORDERS.fail, 'fail', '', '卡状态异常'),
  },
];

/** the example with patterns where the provider chooses (its numbers, times and so its sign) */
const matching = (c: Record<string, string>) => ({
  ...c,
  pay_order_no: regex('^WP\\d{16}$', c.pay_order_no!),
  ...(c.pay_time ? { pay_time: regex('^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$', c.pay_time) } : {}),
  sign: regex('^[0-9a-f]{32}$', c.sign!),
});

describe('withhold callbacks ↔ merchant notify handler (message consumer)', () => {
  const pact = new PactV4({
    consumer: WITHHOLD_MESSAGE_CONSUMER,
    provider: WITHHOLD_PROVIDER,
    dir: PACT_DIR,
    logLevel: PACT_LOG_LEVEL,
  });
  beforeAll(() => rmSync(PACT, { force: true }));

  it.each(MESSAGES.map((m) => [m.description, m] as const))('reads %s', async (_name, m) => {
    await pact
      .addAsynchronousInteraction()
      .given(m.state)
      .expectsToReceive(m.description, (b) => b.withJSONContent(matching(m.content)))
      .executeTest(async (message) => {
        // the handler: verify the sign, then read the result
        const cb = readWithholdCallback(message.contents.content as object);
        expect(cb).toMatchObject({ biz_order_no: m.biz_order_no, pay_status: m.content.pay_status });
      });
  });
});

describe('withhold simulator sends the callbacks the merchant reads (message provider)', () => {
  let provider: WithholdProvider;
  beforeAll(async () => {
    provider = await startWithholdProvider();
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('verifies every message against what the simulator sends', async () => {
    const messageProviders = Object.fromEntries(
      MESSAGES.map((m) => [m.description, async () => JSON.parse(provider.callback(m.biz_order_no)) as unknown]),
    );
    const verifier = new Verifier({
      provider: WITHHOLD_PROVIDER,
      pactUrls: [PACT],
      logLevel: PACT_LOG_LEVEL,
      stateHandlers: withholdStateHandlers(provider),
      messageProviders,
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  }, 60_000);
});
