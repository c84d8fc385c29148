/**
 * The one provider-verification test every channel runs: start the simulator, let Pact's
 * verifier replay the committed pact against it with the channel's state handlers and re-signing
 * request filter, and close it. Channels differ only in what they pass in.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from './pact-options.ts';

export interface ProviderUnderTest {
  baseUrl: string;
  close(): Promise<void>;
}

export function verifyProviderPact<P extends ProviderUnderTest>(spec: {
  title: string;
  provider: string;
  pact: string;
  consumerTest: string;
  start(): Promise<P>;
  stateHandlers(p: P): VerifierOptions['stateHandlers'];
  requestFilter(p: P): VerifierOptions['requestFilter'];
}): void {
  let running: P;
  beforeAll(async () => {
    running = await spec.start();
  });
  afterAll(async () => {
    await running?.close();
  });
  describe(spec.title, () => {
    it('verifies every interaction against the running simulator', async () => {
      expect(existsSync(spec.pact), `${spec.pact} is missing: run ${spec.consumerTest} first`).toBe(true);
      const verifier = new Verifier({
        provider: spec.provider,
        providerBaseUrl: running.baseUrl,
        pactUrls: [spec.pact],
        logLevel: PACT_LOG_LEVEL,
        stateHandlers: spec.stateHandlers(running),
        requestFilter: spec.requestFilter(running),
      });
      await expect(verifier.verifyProvider()).resolves.toBeDefined();
    }, 60_000);
  });
}
