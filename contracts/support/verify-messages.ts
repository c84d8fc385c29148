/**
 * The message-pact provider verification of a channel's callbacks, with the verifier's report
 * shown only when it fails (verifier-child.ts). A callbacks test file writes its message pact and
 * imports vitest, so the child cannot run that file as the HTTP provider tests do: it runs this
 * one, with the path of the module that exports the spec (which must not import vitest) and the
 * pact, and verifies the spec found there.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Verifier, type MessageProviders, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_LOG_LEVEL } from './pact-options.ts';
import { inVerifierChild, reportIfFailed, runVerifierChild, verifyInChild } from './verifier-child.ts';

export interface MessagePact<P extends { close(): Promise<unknown> }> {
  /** the module that exports this spec (its import.meta.url): the child imports it */
  module: string;
  provider: string;
  pact: string;
  start(): Promise<P>;
  stateHandlers(p: P): VerifierOptions['stateHandlers'];
  /** each message's description → the body the provider really produced for it */
  messageProviders(p: P): MessageProviders;
}

type AnyMessagePact = MessagePact<{ close(): Promise<unknown> }>;

/** in a test: verify in a child; true when every message matched, else the report is printed */
export async function verifyMessagePact(
  title: string,
  spec: Pick<AnyMessagePact, 'module' | 'pact'>,
): Promise<boolean> {
  const run = await runVerifierChild(import.meta.filename, [fileURLToPath(spec.module), spec.pact]);
  return reportIfFailed(title, run);
}

/** in the child: start the provider, verify its messages, close */
async function verifyHere(spec: AnyMessagePact): Promise<void> {
  const running = await spec.start();
  await verifyInChild(
    () =>
      new Verifier({
        provider: spec.provider,
        pactUrls: [spec.pact],
        logLevel: PACT_LOG_LEVEL,
        stateHandlers: spec.stateHandlers(running),
        messageProviders: spec.messageProviders(running),
      }).verifyProvider(),
    () => running.close(),
  );
}

const isSpecFor =
  (pact: string) =>
  (e: unknown): e is AnyMessagePact =>
    typeof e === 'object' && e !== null && (e as AnyMessagePact).pact === pact && 'messageProviders' in e;

// the child: this file run by node with the spec's module and its pact
if (inVerifierChild() && process.argv[1] === import.meta.filename) {
  const [module, pact] = process.argv.slice(2) as [string, string];
  const exported = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  const spec = Object.values(exported).find(isSpecFor(pact));
  if (spec) await verifyHere(spec);
  else {
    process.stderr.write(`${module} exports no message pact spec for ${pact}\n`);
    process.exitCode = 2;
  }
}
