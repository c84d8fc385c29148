/**
 * Options every contract test shares: the participant names, where pact files live, and one log
 * level for the Pact mock servers, the verifier and its proxy. Plain values only: nothing here
 * starts a server or touches a pact file.
 */
import { join } from 'node:path';

/** one level everywhere: 'info' prints every interaction twice, 'debug' floods the run */
export const PACT_LOG_LEVEL = 'warn' as const;

/** committed: the pact files are the contracts */
export const PACT_DIR = join(import.meta.dirname, '..', 'pacts');

/** the LFT reference client (clients/lft.ts) calling the API */
export const LFT_HTTP_CONSUMER = 'lft-merchant-client';
/** the merchant endpoint that reads LFT notifications with readLftNotification */
export const LFT_MESSAGE_CONSUMER = 'lft-merchant-notify-handler';
export const LFT_PROVIDER = 'lft-simulator';

/** the file PactV4 writes for a consumer/provider pair (pact-js names it `<consumer>-<provider>.json`) */
export const pactFile = (consumer: string, provider: string = LFT_PROVIDER): string =>
  join(PACT_DIR, `${consumer}-${provider}.json`);

// Pact's usage telemetry must never run in tests; vitest.config sets it too, this covers `tsx` runs.
process.env.PACT_DO_NOT_TRACK ??= 'true';
