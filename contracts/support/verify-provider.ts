/**
 * The one provider-verification test every channel runs: start the channel's provider (built on
 * start-provider.ts), let Pact's verifier replay the committed pact against it with the channel's
 * state handlers and the shared re-signing filter filled by the channel's Resigner, and close it.
 * Channels differ only in what they pass in.
 *
 * The verifier's report is shown only when the verification fails (verifier-child.ts): the test
 * runs the same file again in a child process that does the verification. Test files await it at
 * their top level (the child has no vitest to import).
 */
import { existsSync } from 'node:fs';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from './pact-options.ts';
import { createResignFilter, type Resigner } from '../../simulators/pact/resign-filter.ts';
import type { StartedProvider } from './start-provider.ts';
import { inVerifierChild, reportIfFailed, runVerifierChild, verifyInChild } from './verifier-child.ts';

export async function verifyProviderPact<P extends StartedProvider>(spec: {
  title: string;
  provider: string;
  pact: string;
  consumerTest: string;
  start(): Promise<P>;
  stateHandlers(p: P): VerifierOptions['stateHandlers'];
  resigner(p: P): Resigner;
}): Promise<void> {
  if (inVerifierChild()) return verifyHere(spec);
  // vitest only in the test itself: the child is plain node, where importing it throws
  const { describe, expect, it } = await import('vitest');
  describe(spec.title, () => {
    it('verifies every interaction against the running simulator', async () => {
      expect(existsSync(spec.pact), `${spec.pact} is missing: run ${spec.consumerTest} first`).toBe(true);
      const run = await runVerifierChild(expect.getState().testPath!);
      expect(reportIfFailed(spec.title, run), 'the Pact verification failed: its output is printed above').toBe(true);
    }, 120_000);
  });
}

/** in the child: start the provider, verify, close; the exit code says how it went */
async function verifyHere<P extends StartedProvider>(spec: Parameters<typeof verifyProviderPact<P>>[0]): Promise<void> {
  const running = await spec.start();
  await verifyInChild(
    () =>
      new Verifier({
        provider: spec.provider,
        providerBaseUrl: running.baseUrl,
        pactUrls: [spec.pact],
        logLevel: PACT_LOG_LEVEL,
        stateHandlers: spec.stateHandlers(running),
        requestFilter: createResignFilter(spec.resigner(running)),
      }).verifyProvider(),
    () => running.close(),
  );
}
