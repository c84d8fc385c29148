/**
 * An HTTP interaction whose executeTest does not read the mock server's verdict too early.
 * Pact's Rust mock server (pact-js 16.3+, pact-core 19, pact-ffi 0.5.x) answers a request first
 * and records the match afterwards, through an event queue another thread drains
 * (pact-core-mock-server issue 13, pact-reference issue 535): under CPU load pact-js's executeTest
 * can ask "was everything received?" before that record exists and fail with "The following request
 * was expected but not received" although the client got the right answer. So, once the test body
 * has finished without throwing, this waits (bounded) until the mock server reports every
 * interaction matched; executeTest then checks as usual, and a request that really never came
 * still fails, only later. Remove it once pact-core ships the upstream fix (match recorded before
 * the response is written, pact-core-mock-server pull request 14). It reads pact-js internals (the
 * built interaction's ConsumerPact) and fails loudly if they change; it never changes a verdict.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { V3MockServer } from '@pact-foundation/pact';

/** pact-js's V4InteractionWithResponse (not exported from the package root; its V4MockServer is V3MockServer) */
interface HttpInteraction {
  executeTest<T>(testFn: (server: V3MockServer) => Promise<T>): Promise<T | undefined>;
}

/** the part of pact-core's ConsumerPact a built interaction holds (not in pact-js's types) */
interface MockServerVerdict {
  mockServerMatchedSuccessfully(port: number): boolean;
}

/** how long to wait for the record: generous, because it only matters on a loaded machine */
const POLL_MS = 5;
const MAX_POLLS = 1_000;

function verdictOf(interaction: HttpInteraction): MockServerVerdict {
  const pact = (interaction as unknown as { pact?: Partial<MockServerVerdict> }).pact;
  if (typeof pact?.mockServerMatchedSuccessfully !== 'function') {
    throw new Error(
      'settled-mock-server: pact-js interactions no longer expose their ConsumerPact; check whether the mock-server race is fixed upstream',
    );
  }
  return pact as MockServerVerdict;
}

async function untilRecorded(verdict: MockServerVerdict, port: number): Promise<void> {
  for (let poll = 0; poll < MAX_POLLS && !verdict.mockServerMatchedSuccessfully(port); poll++) await sleep(POLL_MS);
}

/** the same interaction, whose executeTest reads the verdict only once the mock server has recorded it */
export function settled(interaction: HttpInteraction): HttpInteraction {
  const verdict = verdictOf(interaction);
  return {
    executeTest: <T>(testFn: (server: V3MockServer) => Promise<T>) =>
      interaction.executeTest(async (server) => {
        const value = await testFn(server);
        await untilRecorded(verdict, server.port);
        return value;
      }),
  };
}
