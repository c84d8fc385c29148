/**
 * Provider verification: the LFT simulator honours the merchant client's pact
 * (contracts/pacts/lft-merchant-client-lft-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port, after setting up its provider state
 * through the simulator's public surface (contracts/support/lft-states.ts); a request filter
 * re-signs each request, because injected provider-state values change the signed data. Runs
 * after the consumer tests (vitest groupOrder), or alone against the committed pact.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifier } from '@pact-foundation/pact';
import { LFT_APP } from '../support/lft-fixtures.ts';
import { startLftProvider, type LftProvider } from '../support/lft-provider.ts';
import { lftStateHandlers } from '../support/lft-states.ts';
import { createLftResignFilter } from '../support/resign-lft-request.ts';
import { LFT_HTTP_CONSUMER, LFT_PROVIDER, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';

const PACT = pactFile(LFT_HTTP_CONSUMER);
let provider: LftProvider;

beforeAll(async () => {
  provider = await startLftProvider();
});
afterAll(async () => {
  await provider?.close();
});

describe('LFT simulator honours the merchant client pact (provider)', () => {
  it('verifies every interaction against the running simulator', async () => {
    expect(existsSync(PACT), `${PACT} is missing: run contracts/lft/consumer.pact.test.ts first`).toBe(true);
    const verifier = new Verifier({
      provider: LFT_PROVIDER,
      providerBaseUrl: provider.baseUrl,
      pactUrls: [PACT],
      logLevel: PACT_LOG_LEVEL,
      stateHandlers: lftStateHandlers(provider),
      requestFilter: createLftResignFilter({ appId: LFT_APP.appId, key: LFT_APP.key, now: provider.now }),
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  }, 60_000);
});
