/**
 * A listening LFT simulator for integration tests: startSimulator('lft') (manual clock, temporary
 * data dir, the callback sink answering like a correct LFT merchant: verify, then SUCCESS or FAIL)
 * with fixed credentials and the reference client signing on the simulator clock. Tests drive it
 * only through the wire (the reference client) and the admin API; it must not grow test logic of
 * its own.
 */
import { createLftClient, type LftClient, type LftClientOptions } from '../../clients/lft.ts';
import type { SimServer } from '../../simulators/core/build-server.ts';
import type { LftRuntime } from '../../simulators/lft/runtime.ts';
import type { SentRequest, SinkOptions } from './callback-sink.ts';
import { startSimulator, type StartedSimulator } from './simulator.ts';

export type { SentRequest, SinkOptions } from './callback-sink.ts';

export const LFT_TEST_CREDENTIALS = { appId: 'APP01', key: 'k-harness-0123456789' } as const;

export interface LftHarnessOptions {
  sink?: SinkOptions;
  /** how long a `timeout` fault holds a connection, in simulator ms (default 1000) */
  faultTimeoutMs?: number;
  /** the scenarios root (default: the repository's scenarios/) */
  scenariosDir?: string;
}

export interface LftHarness {
  app: SimServer<LftRuntime>;
  baseUrl: string;
  credentials: typeof LFT_TEST_CREDENTIALS;
  /** the simulator as startSimulator gave it (its typed admin client is sim.admin) */
  sim: StartedSimulator<LftRuntime>;
  /** the reference client, signing with the test credentials and the simulator clock */
  client: LftClient;
  /** another client on the same server (e.g. a short timeoutMs) */
  clientWith(opts: Partial<LftClientOptions>): LftClient;
  /** every attempt the sink saw, in order */
  sent: SentRequest[];
  /** POST /__admin/clock/advance: moves the manual clock and runs everything due */
  advance(ms: number): Promise<{ fired: number; pendingTimers: number }>;
  /** the simulator clock's current time (for timestamps a client signs) */
  now(): number;
  /** a JSON call to /__admin; throws an AdminError on a non-2xx answer */
  admin<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function createLftHarness(opts: LftHarnessOptions = {}): Promise<LftHarness> {
  const creds = LFT_TEST_CREDENTIALS;
  const sim = await startSimulator<LftRuntime>('lft', {
    credentials: creds,
    send: opts.sink ?? {},
    faultTimeoutMs: opts.faultTimeoutMs,
    scenariosDir: opts.scenariosDir,
  });
  const clientWith = (o: Partial<LftClientOptions>) =>
    createLftClient({ baseUrl: sim.baseUrl, ...creds, now: sim.now, ...o });
  return {
    app: sim.app,
    baseUrl: sim.baseUrl,
    credentials: creds,
    sim,
    client: clientWith({}),
    clientWith,
    sent: sim.sink!.sent,
    advance: sim.advance,
    now: sim.now,
    admin: sim.admin.request,
    close: sim.close,
  };
}
