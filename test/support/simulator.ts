/**
 * startSimulator(channel, options): one channel's simulator listening on 127.0.0.1 port 0 the way
 * a test meets it — a manual clock unless told otherwise (time moves only through the admin API's
 * clock advance), a temporary data directory removed on close, the callback sink as the merchant
 * (unless `send` says otherwise), and the typed admin client. Any channel in the registry works;
 * what a correct merchant answers to its callbacks comes from merchants.ts. It builds the server
 * with buildServer only and must not grow test logic of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminClient, type AdminClient, type ClockAdvanced, type Credentials } from '../../clients/admin.ts';
import { loadScenarios } from '../../scenarios/load-scenarios.ts';
import { channels } from '../../simulators/channels.ts';
import { buildServer, type SimServer } from '../../simulators/core/build-server.ts';
import type { AnyChannel } from '../../simulators/core/channel.ts';
import { createClock, type Clock } from '../../simulators/core/clock.ts';
import { createCallbackSink, type CallbackSink, type Merchant, type Send, type SinkOptions } from './callback-sink.ts';
import { merchants } from './merchants.ts';

const REPO_SCENARIOS = join(import.meta.dirname, '..', '..', 'scenarios');

export interface StartOptions {
  /** 'manual' (default): time stands still until advance(); 'system': real time; or your own */
  clock?: 'manual' | 'system' | Clock;
  /** credentials instead of generated ones (LFT: { appId, key }) */
  credentials?: Record<string, unknown>;
  /** callbacks go to the callback sink with these options (default), to your own send(), or
   *  with 'http' really over HTTP to the notify URLs */
  send?: SinkOptions | Send | 'http';
  /** how the sink's correct merchant answers (default: the channel's entry in merchants.ts) */
  merchant?: Merchant;
  /** the scenarios root (default: the repository's scenarios/) */
  scenariosDir?: string;
  /** how long a `timeout` fault holds a connection, in simulator ms (default 1000) */
  faultTimeoutMs?: number;
  /** multiplies every callback wait (0.001 turns a day of retries into under 90 s) */
  timeScale?: number;
  /** save state in the data directory across restarts */
  persist?: boolean;
  /** use this data directory (kept on close) instead of a temporary one */
  dataDir?: string;
}

export interface StartedSimulator<R = unknown> {
  app: SimServer<R>;
  baseUrl: string;
  dataDir: string;
  /** the typed admin client for this simulator */
  admin: AdminClient;
  /** what GET /__admin/credentials says */
  credentials: Credentials;
  /** the callback sink, when callbacks go to it */
  sink?: CallbackSink;
  /** POST /__admin/clock/advance: moves the clock and runs everything due */
  advance(by: number | string): Promise<ClockAdvanced>;
  /** the simulator clock's current time (for timestamps a client signs) */
  now(): number;
  close(): Promise<void>;
}

function clockOf(c: StartOptions['clock']): Clock {
  if (c === undefined || c === 'manual') return createClock({ mode: 'manual' });
  return c === 'system' ? createClock() : c;
}

export async function startSimulator<R = unknown>(
  channel: 'lft' | 'unionpay' | AnyChannel,
  opts: StartOptions = {},
): Promise<StartedSimulator<R>> {
  const ch: AnyChannel = typeof channel === 'string' ? channels[channel]! : channel;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), `${ch.name}-sim-`));
  const clock = clockOf(opts.clock);
  let merchant = opts.merchant;
  const sink =
    typeof opts.send === 'function' || opts.send === 'http'
      ? undefined
      : createCallbackSink({ ...opts.send, now: () => clock.now(), merchant: () => merchant });
  const send = typeof opts.send === 'function' ? opts.send : sink?.send;

  const app = buildServer<R>(ch, {
    scenarios: loadScenarios(opts.scenariosDir ?? REPO_SCENARIOS, ch),
    config: { dataDir, ...(opts.credentials ? { credentials: { ...opts.credentials } } : {}) },
    clock,
    ...(send ? { send } : {}),
    faultTimeoutMs: opts.faultTimeoutMs ?? 1000,
    ...(opts.timeScale !== undefined ? { timeScale: opts.timeScale } : {}),
    ...(opts.persist ? { persist: true } : {}),
  });
  const close = async () => {
    await app.close();
    if (opts.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  let baseUrl: string, admin: AdminClient, credentials: Credentials;
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    admin = createAdminClient({ baseUrl });
    credentials = await admin.credentials();
  } catch (e) {
    await close();
    throw e;
  }
  // the channel's merchant checks callbacks with the credentials the simulator reports
  merchant ??= merchants[ch.name]?.(credentials);
  return {
    app,
    baseUrl,
    dataDir,
    admin,
    credentials,
    sink,
    advance: (by) => admin.advanceClock(by),
    now: () => clock.now(),
    close,
  };
}
