/**
 * The quiet message verifier through its public surface: a real message pact (written here by
 * Pact's consumer DSL), a spec module that produces the message right, one that produces it wrong,
 * and the real verifier in the child. A passing run prints nothing; a failing one prints the
 * verifier's whole report, mismatch included, and says it failed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PactV4 } from '@pact-foundation/pact';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PACT_LOG_LEVEL } from './pact-options.ts';
import { verifyMessagePact } from './verify-messages.ts';

const dir = mkdtempSync(join(tmpdir(), 'verify-messages-'));
const PACT = join(dir, 'wrapper-test-consumer-wrapper-test-provider.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** a spec module (plain JS: the child imports it) whose provider sends `body` for the message */
function specModule(name: string, body: object): { module: string; pact: string } {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `export const spec = {
  module: import.meta.url,
  provider: 'wrapper-test-provider',
  pact: ${JSON.stringify(PACT)},
  start: async () => ({ close: async () => undefined }),
  stateHandlers: () => ({}),
  messageProviders: () => ({ 'a paid notification': async () => (${JSON.stringify(body)}) }),
};
`,
  );
  // the child imports the module and finds the spec there by its pact
  return { module: pathToFileURL(file).href, pact: PACT };
}

/** what the wrapper wrote to stdout during `run` */
async function printed(run: () => Promise<boolean>): Promise<{ passed: boolean; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const passed = await run();
  vi.restoreAllMocks();
  return { passed, out };
}

describe('verifyMessagePact: the verifier report only on failure', () => {
  beforeAll(async () => {
    const pact = new PactV4({
      consumer: 'wrapper-test-consumer',
      provider: 'wrapper-test-provider',
      dir,
      logLevel: PACT_LOG_LEVEL,
    });
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive('a paid notification', (b) => b.withJSONContent({ orderNo: 'A-1', status: 'PAID' }))
      .executeTest(async () => undefined);
  });

  it('prints nothing when every message matches', async () => {
    const { passed, out } = await printed(() =>
      verifyMessagePact('wrapper (good)', specModule('good', { orderNo: 'A-1', status: 'PAID' })),
    );
    expect(passed).toBe(true);
    expect(out).toBe('');
  }, 60_000);

  it("prints the verifier's whole report when a message does not match", async () => {
    const { passed, out } = await printed(() =>
      verifyMessagePact('wrapper (broken)', specModule('broken', { orderNo: 'A-1', status: 'FAILED' })),
    );
    expect(passed).toBe(false);
    expect(out).toContain('--- Pact verifier output (wrapper (broken)) ---');
    // the verifier's own words: the interaction, and the value that differs
    expect(out).toContain('Verifying a pact between');
    expect(out).toContain('a paid notification');
    expect(out).toContain("Expected 'FAILED' (String) to be equal to 'PAID' (String)");
    expect(out).toContain('verification failed');
  }, 60_000);
});
