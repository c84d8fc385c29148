/**
 * Message pacts for the withhold result callback: the leg where the gateway calls the merchant.
 * Consumer side: the merchant's handler, readWithholdCallback from clients/withhold.ts, must accept
 * each callback (its secret-less sign verifies) and read the result it acts on. Provider side: the
 * simulator produces each message the way it really does — the provider state runs a withhold
 * through the scenario its magic amount picks and captures what the simulator POSTs to a local
 * sink — and Pact's verifier matches that body against the pact, in a child process whose report
 * is printed only when it fails (support/verify-messages.ts). The messages are in
 * support/withhold-messages.ts. The file writes, then verifies,
 * contracts/pacts/withhold-merchant-notify-handler-withhold-simulator.json.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { readWithholdCallback } from '../../clients/withhold.ts';
import { PACT_DIR, PACT_LOG_LEVEL } from '../support/pact-options.ts';
import { verifyMessagePact } from '../support/verify-messages.ts';
import { WITHHOLD_MESSAGE_CONSUMER, WITHHOLD_PROVIDER } from '../support/withhold-fixtures.ts';
import { MESSAGES, withholdMessagePact } from '../support/withhold-messages.ts';

const { regex } = MatchersV3;

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
  beforeAll(() => rmSync(withholdMessagePact.pact, { force: true }));

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
  it('verifies every message against what the simulator sends', async () => {
    const passed = await verifyMessagePact('withhold callbacks (message provider)', withholdMessagePact);
    expect(passed, 'the Pact verification failed: its output is printed above').toBe(true);
  }, 120_000);
});
