/**
 * Provider verification: the UnionPay simulator honours the merchant client's pact
 * (contracts/pacts/unionpay-merchant-client-unionpay-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port (manual clock, its own generated PKI),
 * after setting up the interaction's provider state through the admin API
 * (contracts/support/unionpay-states.ts); a request filter re-signs each request with the
 * simulator's merchant credentials and sends it as a form again
 * (contracts/support/unionpay-resign-request.ts). Runs after the consumer tests (vitest
 * groupOrder), or alone against the committed pact.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifier } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { UNIONPAY_HTTP_CONSUMER, UNIONPAY_PROVIDER } from '../support/unionpay-fixtures.ts';
import { startUnionPayProvider, type UnionPayProvider } from '../support/unionpay-provider.ts';
import { createUnionPayResignFilter } from '../support/unionpay-resign-request.ts';
import { unionPayStateHandlers } from '../support/unionpay-states.ts';

const PACT = pactFile(UNIONPAY_HTTP_CONSUMER, UNIONPAY_PROVIDER);
let provider: UnionPayProvider;

beforeAll(async () => {
  provider = await startUnionPayProvider();
});
afterAll(async () => {
  await provider?.close();
});

describe('UnionPay simulator honours the merchant client pact (provider)', () => {
  it('verifies every interaction against the running simulator', async () => {
    expect(existsSync(PACT), `${PACT} is missing: run contracts/unionpay/consumer.pact.test.ts first`).toBe(true);
    const verifier = new Verifier({
      provider: UNIONPAY_PROVIDER,
      providerBaseUrl: provider.baseUrl,
      pactUrls: [PACT],
      logLevel: PACT_LOG_LEVEL,
      stateHandlers: unionPayStateHandlers(provider),
      requestFilter: createUnionPayResignFilter({ path: provider.backTransPath, credentials: provider.signingCredentials }),
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  }, 60_000);
});
