/**
 * The one provider-verification test every channel runs: start the channel's provider (built on
 * start-provider.ts), let Pact's verifier replay the committed pact against it with the channel's
 * state handlers and the shared re-signing filter filled by the channel's Resigner, and close it.
 * Channels differ only in what they pass in.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from './pact-options.ts';
import { createResignFilter, type Resigner } from './resign-filter.ts';
import type { StartedProvider } from './start-provider.ts';

export function verifyProviderPact<P extends StartedProvider>(spec: {
  title: string;
  provider: string;
  pact: string;
  consumerTest: string;
  start(): Promise<P>;
  stateHandlers(p: P): VerifierOptions['stateHandlers'];
  resigner(p: P): Resigner;
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
        requestFilter: createResignFilter(spec.resigner(running)),
      });
      await expect(verifier.verifyProvider()).resolves.toBeDefined();
    }, 60_000);
  });
}
