/**
 * Message pacts for LFT's three notifications (pay result, arrival, payout result): the callback
 * leg, where LFT is the one calling. Consumer side: the merchant's handler, readLftNotification
 * from clients/lft.ts, must accept each signed envelope and read the VO it needs. Provider side:
 * the simulator produces each message the way it really does, by running the provider state's
 * scenario and capturing what it POSTs to a local merchant sink, and Pact's verifier matches
 * that body against the pact, in a child process whose report is printed only when it fails
 * (support/verify-messages.ts). The messages are in support/lft-messages.ts. The file writes, then
 * verifies, contracts/pacts/lft-merchant-notify-handler-lft-simulator.json.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PactV4 } from '@pact-foundation/pact';
import { readLftNotification } from '../../clients/lft.ts';
import { lftNotification } from '../support/lft-envelopes.ts';
import { LFT_APP } from '../support/lft-fixtures.ts';
import { MESSAGES, lftMessagePact } from '../support/lft-messages.ts';
import { LFT_MESSAGE_CONSUMER, LFT_PROVIDER, PACT_DIR, PACT_LOG_LEVEL } from '../support/pact-options.ts';
import { verifyMessagePact } from '../support/verify-messages.ts';

describe('LFT notifications ↔ merchant notify handler (message consumer)', () => {
  const pact = new PactV4({
    consumer: LFT_MESSAGE_CONSUMER,
    provider: LFT_PROVIDER,
    dir: PACT_DIR,
    logLevel: PACT_LOG_LEVEL,
  });
  beforeAll(() => rmSync(lftMessagePact.pact, { force: true }));

  it.each(MESSAGES.map((m) => [m.description, m] as const))('reads %s', async (_name, m) => {
    await pact
      .addAsynchronousInteraction()
      .given(m.state)
      .expectsToReceive(m.description, (b) => b.withJSONContent(lftNotification(m.data)))
      .executeTest(async (message) => {
        // the handler: verify the sign with the app key, then read the VO
        const read = readLftNotification(message.contents.content as object, LFT_APP);
        expect(read.appId).toBe(LFT_APP.appId);
        expect(read.data).toMatchObject(m.reads);
      });
  });
});

describe('LFT simulator sends the notifications the merchant reads (message provider)', () => {
  it('verifies every message against what the simulator sends', async () => {
    const passed = await verifyMessagePact('LFT notifications (message provider)', lftMessagePact);
    expect(passed, 'the Pact verification failed: its output is printed above').toBe(true);
  }, 120_000);
});
