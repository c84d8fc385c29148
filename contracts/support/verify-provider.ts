/**
 * The one provider-verification test every channel runs: start the channel's provider (built on
 * start-provider.ts), let Pact's verifier replay the committed pact against it with the channel's
 * state handlers and the shared re-signing filter filled by the channel's Resigner, and close it.
 * Channels differ only in what they pass in.
 *
 * Pact's verifier (native code) prints its report straight to the process's stdout, in colour,
 * whatever the log level: a green run would fill the CI log with it. So the test runs the same
 * file again in a child process that does the verification, keeps what it prints, and shows it
 * only when the verification fails. Test files await it at their top level (the child has no
 * vitest to import).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from './pact-options.ts';
import { createResignFilter, type Resigner } from '../../simulators/pact/resign-filter.ts';
import type { StartedProvider } from './start-provider.ts';

export async function verifyProviderPact<P extends StartedProvider>(spec: {
  title: string;
  provider: string;
  pact: string;
  consumerTest: string;
  start(): Promise<P>;
  stateHandlers(p: P): VerifierOptions['stateHandlers'];
  resigner(p: P): Resigner;
}): Promise<void> {
  if (process.env[CHILD_ENV]) return verifyHere(spec);
  // vitest only in the test itself: the child is plain node, where importing it throws
  const { describe, expect, it } = await import('vitest');
  describe(spec.title, () => {
    it('verifies every interaction against the running simulator', async () => {
      expect(existsSync(spec.pact), `${spec.pact} is missing: run ${spec.consumerTest} first`).toBe(true);
      const { code, output } = await runChild(expect.getState().testPath!);
      if (code !== 0) process.stdout.write(`\n--- Pact verifier output (${spec.title}) ---\n${output}\n---\n`);
      expect(code, 'the Pact verification failed: its output is printed above').toBe(0);
    }, 120_000);
  });
}

const CHILD_ENV = 'CHANNEL_SIM_PACT_VERIFY_CHILD';

/** the provider test file run by node (tsx's loader) as the child that verifies */
function runChild(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** in the child: start the provider, verify, close; the exit code says how it went */
async function verifyHere<P extends StartedProvider>(spec: Parameters<typeof verifyProviderPact<P>>[0]): Promise<void> {
  const running = await spec.start();
  try {
    const verifier = new Verifier({
      provider: spec.provider,
      providerBaseUrl: running.baseUrl,
      pactUrls: [spec.pact],
      logLevel: PACT_LOG_LEVEL,
      stateHandlers: spec.stateHandlers(running),
      requestFilter: createResignFilter(spec.resigner(running)),
    });
    await verifier.verifyProvider();
    process.exitCode = 0;
  } catch (e) {
    process.stderr.write(`verification failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await running.close();
  }
}
