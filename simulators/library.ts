/**
 * The library API for test runners (`import { startSimulators } from 'channel-sim'`), the way
 * msw's setupServer or WireMock's JUnit extension is used: start the chosen simulators in the
 * test process, get each one's base URL, credentials, typed admin client and reference client,
 * close them after the tests. It is `channel-sim start` (simulators/main.ts) with a test's
 * defaults: every channel on a free loopback port, a temporary data directory removed on close,
 * no log lines, the process's SIM_* environment ignored (a test sees only what it passes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAdminClient, type AdminClient, type ClockAdvanced, type Credentials } from '../clients/admin.ts';
import {
  referenceClients,
  type ChannelName,
  type ClientOf,
  type ClientOptionsOf,
} from '../clients/reference-clients.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { channels } from './channels.ts';
import { createClock } from './core/clock.ts';
import type { Send } from './core/send.ts';
import { configFromFlags, DEFAULT_SCENARIOS_DIR, type LogLevel } from './config.ts';
import { startSimulators as startConfigured, type RunningSimulator } from './main.ts';

export interface StartSimulatorsOptions<C extends ChannelName = ChannelName> {
  /** the channels to start (default: every channel) */
  channels?: readonly C[];
  /** the port of every channel not named in `ports` (default 0: each on a free port) */
  port?: number;
  /** fixed ports for some channels, e.g. { lft: 9000 } */
  ports?: Partial<Record<ChannelName, number>>;
  /** address to bind (default 127.0.0.1) */
  host?: string;
  /** where credentials and keys are kept; default: a new temporary directory, removed on close */
  dataDir?: string;
  /** scenario roots (each holding <channel>/*.yaml) added to the built-in catalogue; a file with a
   *  built-in scenario's id replaces it */
  scenarios?: readonly string[];
  /** 'manual': time stands still until admin.advanceClock(); 'system' (default): real time */
  clock?: 'manual' | 'system';
  /** multiplies callback waits and timed scenario events (0.001: a day in ~90 s) */
  timeScale?: number;
  /** every callback attempt goes here instead of over HTTP (a test's merchant in the process) */
  send?: Send;
  /** keep orders and pending callbacks in the data directory across restarts */
  persist?: boolean;
  /** require this token on /__admin (the admin clients handed out send it) */
  adminToken?: string;
  /** default 'silent' */
  logLevel?: LogLevel;
}

/** one running simulator */
export interface ChannelSimulator<C extends ChannelName = ChannelName> {
  readonly channel: C;
  readonly title: string;
  readonly port: number;
  /** e.g. http://127.0.0.1:54321: what the merchant's code calls */
  readonly baseUrl: string;
  readonly adminUrl: string;
  /** what GET /__admin/credentials answers */
  readonly credentials: Credentials;
  /** the typed admin client: orders, events, journal, callbacks, replay, clock, scenarios, reset */
  readonly admin: AdminClient;
  /** the channel's reference client, credentials filled in; options replace any of them */
  client(options?: ClientOptionsOf<C>): ClientOf<C>;
  /** the simulator clock's time (for timestamps a client of your own signs) */
  now(): number;
}

export type StartedSimulators<C extends ChannelName> = { readonly [K in C]: ChannelSimulator<K> } & {
  /** the simulators, in the order started */
  readonly list: ChannelSimulator<C>[];
  readonly dataDir: string;
  /** moves every simulator's clock (manual clocks: runs everything due) */
  advanceClock(by: number | string): Promise<ClockAdvanced[]>;
  /** forgets every simulator's orders, callbacks and overrides */
  reset(): Promise<void>;
  /** stops every simulator and removes the temporary data directory */
  close(): Promise<void>;
};

export async function startSimulators<C extends ChannelName = ChannelName>(
  options: StartSimulatorsOptions<C> = {},
): Promise<StartedSimulators<C>> {
  const names: string[] = options.channels ? [...options.channels] : Object.keys(referenceClients);
  const tempDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'channel-sim-')) : undefined;
  const dataDir = resolve(options.dataDir ?? tempDir!);
  const removeTemp = () => tempDir && rmSync(tempDir, { recursive: true, force: true });

  const ports = Object.fromEntries(
    Object.keys(channels).map((n) => [`port-${n}`, String(options.ports?.[n as ChannelName] ?? options.port ?? 0)]),
  );
  const flags = {
    channels: names.join(','),
    ...ports,
    'data-dir': dataDir,
    ...(options.host ? { host: options.host } : {}),
    ...(options.timeScale !== undefined ? { 'time-scale': String(options.timeScale) } : {}),
    ...(options.adminToken ? { 'admin-token': options.adminToken } : {}),
    ...(options.persist ? { persist: true } : {}),
    'log-level': options.logLevel ?? 'silent',
  };
  const roots = [DEFAULT_SCENARIOS_DIR, ...(options.scenarios ?? []).map((d) => resolve(d))];
  const clocks = new Map<string, ReturnType<typeof createClock>>();

  let sims;
  try {
    const config = configFromFlags(flags, {});
    sims = await startConfigured(config, {
      watchScenarios: false,
      send: options.send,
      scenarios: (c) => loadScenarios(roots, c),
      clock: (name) => {
        const clock = createClock({ mode: options.clock === 'manual' ? 'manual' : 'system' });
        clocks.set(name, clock);
        return clock;
      },
    });
  } catch (e) {
    removeTemp();
    throw e;
  }
  const close = async () => {
    try {
      await sims.close();
    } finally {
      removeTemp();
    }
  };

  let list: ChannelSimulator<C>[];
  try {
    list = await Promise.all(sims.servers.map((s) => handleOf<C>(s, options.adminToken, clocks.get(s.channel)!)));
  } catch (e) {
    await close();
    throw e;
  }
  return {
    ...(Object.fromEntries(list.map((s) => [s.channel, s])) as { [K in C]: ChannelSimulator<K> }),
    list,
    dataDir,
    advanceClock: (by) => Promise.all(list.map((s) => s.admin.advanceClock(by))),
    reset: async () => {
      await Promise.all(list.map((s) => s.admin.reset()));
    },
    close,
  };
}

async function handleOf<C extends ChannelName>(
  s: RunningSimulator,
  token: string | undefined,
  clock: { now(): number },
): Promise<ChannelSimulator<C>> {
  const channel = s.channel as C;
  const admin = createAdminClient({ baseUrl: s.url, token });
  const credentials = await admin.credentials();
  const now = () => clock.now();
  const factory = referenceClients[channel] as (
    x: { baseUrl: string; credentials: Credentials; now: () => number },
    o?: ClientOptionsOf<C>,
  ) => ClientOf<C>;
  return {
    channel,
    title: s.title,
    port: s.port,
    baseUrl: s.url,
    adminUrl: s.adminUrl,
    credentials,
    admin,
    client: (o) => factory({ baseUrl: s.url, credentials, now }, o),
    now,
  };
}
