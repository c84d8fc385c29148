/**
 * The composition root: for each chosen channel, load and validate its scenarios, build its
 * server and listen on its port, then say where it is (base URL, admin URL, how to get the
 * credentials). It is the only place that assembles channels with the core. It never prints a
 * secret: credentials are pointed to, not shown. Start-up either brings every chosen simulator up
 * or none (a bad scenario file, a damaged saved-state file or a busy port stops it with one clear
 * SimError).
 */
import type { AnyChannel } from './core/channel.ts';
import type { Clock } from './core/clock.ts';
import { buildServer, type SimServer } from './core/build-server.ts';
import { SimError } from './core/errors.ts';
import { prepareChannel } from './core/sim.ts';
import type { ScenarioSet } from './core/scenario-engine.ts';
import type { Send } from './core/send.ts';
import { createLogger, defaultLogFormat, type SimLogger } from './core/logger.ts';
import { writeRunning } from './core/running-file.ts';
import { linkSiblings } from './core/dashboard/siblings.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { watchScenarios } from '../scenarios/watch-scenarios.ts';
import { channels } from './channels.ts';
import { baseUrlOf, DEFAULT_DATA_DIR, localUrl, scenarioRoots, type SimConfig } from './config.ts';

/** what the start-up lines are written with (a SimLogger is one) */
export interface Log {
  error(line: string): void;
  warn(line: string): void;
  info(line: string): void;
}

/** the log the config asks for: its level, and its format (pretty at a terminal, else JSON) */
export function loggerFor(config: SimConfig): Promise<SimLogger> {
  return createLogger({ level: config.logLevel, format: config.logFormat ?? defaultLogFormat() });
}

export interface RunningSimulator {
  channel: string;
  title: string;
  port: number;
  url: string;
  adminUrl: string;
  app: SimServer;
}

export interface Simulators {
  servers: RunningSimulator[];
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Log;
  /** the simulators' log (request lines, callback attempts); default: loggerFor(config) */
  logger?: SimLogger;
  /** reload scenario files when they change (default true) */
  watchScenarios?: boolean;
  /** the outbound callback port (tests pass a sink) */
  send?: Send;
  /** each channel's clock (the library's manual clocks); default: real time */
  clock?: (channel: string) => Clock;
  /** each channel's scenarios (the library's built-ins plus extra roots); default: config.scenariosDir */
  scenarios?: (channel: AnyChannel) => ScenarioSet;
}

export async function startSimulators(config: SimConfig, opts: StartOptions = {}): Promise<Simulators> {
  const logger = opts.logger ?? (await loggerFor(config));
  const log = opts.log ?? logger;
  for (const w of config.warnings) log.warn(`warning: ${w}`);
  const chosen = config.channels.map((n) => channels[n]!);
  if (!chosen.length) throw new SimError('SIM_ERR_BOOT_CONFIG', 'no channel to start (--channels names none)');

  // every scenario file is checked before any port is taken: all or nothing
  const roots = scenarioRoots(config);
  const load = opts.scenarios ?? ((c: AnyChannel) => loadScenarios(roots, c));
  const scenarios = new Map(chosen.map((c) => [c.name, load(c)]));

  const servers: RunningSimulator[] = [];
  const close = async () => {
    await Promise.all(servers.splice(0).map((s) => s.app.close()));
  };
  // all at once: one channel's keys are generated on the thread pool (Channel.prepare) while the
  // main thread builds the others' servers; the list keeps the chosen order
  const started = await Promise.allSettled(
    chosen.map((channel) => startOne(channel, config, scenarios.get(channel.name)!, { ...opts, logger, roots })),
  );
  for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  // each one's dashboard (/__admin/ui) shows them all
  linkSiblings(servers);
  log.info(
    `channel-sim: scenarios ${roots.join(' + ')}, data ${config.dataDir}, time scale ${config.timeScale}${config.persist ? ', state saved across restarts' : ''}`,
  );
  for (const s of servers) for (const line of banner(s, config)) log.info(line);
  return { servers, close };
}

async function startOne(
  channel: AnyChannel,
  config: SimConfig,
  scenarios: ScenarioSet,
  opts: StartOptions & { logger: SimLogger; roots: readonly string[] },
): Promise<RunningSimulator> {
  const clock = opts.clock?.(channel.name);
  const channelConfig = { dataDir: config.dataDir, publicUrl: config.publicUrls[channel.name] };
  await prepareChannel(channel, channelConfig, clock?.now() ?? Date.now());
  const app = buildServer(channel, {
    scenarios,
    clock,
    config: channelConfig,
    persist: config.persist,
    timeScale: config.timeScale,
    maxOrders: config.maxOrders,
    journalMaxBytes: config.journalMaxBytes,
    admin: { token: config.admin.token, allowRemote: config.admin.allowRemote },
    log: opts.logger,
    forwardCallbacks: config.forwardCallbacks[channel.name],
    send: opts.send,
  });
  // hooks go in before listen; the running file is written once the real port is known
  let forget = () => undefined as void;
  const unwatch =
    opts.watchScenarios === false
      ? () => undefined
      : watchScenarios(opts.roots, channel, (set) => (app.sim.scenarios = set), app.sim.log);
  app.addHook('onClose', async () => {
    unwatch();
    forget();
  });
  const port = config.ports[channel.name]!;
  try {
    await app.listen({ host: config.host, port });
  } catch (e) {
    await app.close().catch(() => undefined);
    throw listenError(e, channel.name, config.host, port);
  }
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const url = baseUrlOf(config, channel.name, actual);
  forget = writeRunning(config.dataDir, {
    pid: process.pid,
    channel: channel.name,
    url: localUrl(config, channel.name, actual),
    startedAt: new Date().toISOString(),
  });
  return { channel: channel.name, title: channel.title, port: actual, url, adminUrl: `${url}/__admin`, app };
}

function listenError(e: unknown, name: string, host: string, port: number): SimError {
  const code = (e as { code?: string }).code;
  const change = `change it with --port-${name} or SIM_PORT_${name.toUpperCase()}`;
  if (code === 'EADDRINUSE')
    return new SimError('SIM_ERR_BOOT_CONFIG', `port ${port} (${name}) is already in use; ${change}`, { cause: e });
  if (code === 'EACCES')
    return new SimError('SIM_ERR_BOOT_CONFIG', `no permission to listen on port ${port} (${name}); ${change}`, {
      cause: e,
    });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new SimError(
      'SIM_ERR_BOOT_CONFIG',
      `cannot bind host ${host} (${name}); change it with --host or SIM_HOST`,
      { cause: e },
    );
  }
  return new SimError('SIM_ERR_BOOT_CONFIG', `cannot listen on ${host}:${port} (${name}): ${(e as Error).message}`, {
    cause: e,
  });
}

function banner(s: RunningSimulator, config: SimConfig): string[] {
  const dataFlag = config.dataDir === DEFAULT_DATA_DIR ? '' : ` --data-dir ${JSON.stringify(config.dataDir)}`;
  const tokenHeader = config.admin.token ? ` -H "x-admin-token: $SIM_ADMIN_TOKEN"` : '';
  const access = [
    config.admin.allowRemote ? 'any client' : 'loopback clients only',
    config.admin.token ? 'token required' : 'no token',
  ].join(', ');
  const saved = s.app.persistence;
  return [
    `${s.title} [${s.channel}]`,
    `  base URL     ${s.url}`,
    `  admin API    ${s.adminUrl}  (${access})`,
    `  dashboard    ${s.adminUrl}/ui  (every simulator of this process)`,
    `  credentials  npx channel-sim credentials --channel ${s.channel}${dataFlag}`,
    `               or curl${tokenHeader} ${s.adminUrl}/credentials`,
    ...(config.forwardCallbacks[s.channel]
      ? [`  callbacks    forwarded to ${config.forwardCallbacks[s.channel]} (the notify URL's path and query kept)`]
      : []),
    ...(saved
      ? [
          `  state        ${saved.file} (restored ${saved.restored.orders} order(s), ${saved.restored.pending} pending callback(s))`,
        ]
      : []),
  ];
}

/** close the servers on SIGINT/SIGTERM, then exit; a second signal exits at once */
export function closeOnSignals(
  sims: Simulators,
  log: Log,
  exit: (code: number) => void = (c) => process.exit(c),
): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return exit(130);
    stopping = true;
    log.info(`channel-sim: ${signal}, stopping`);
    sims.close().then(
      () => exit(0),
      (e: unknown) => {
        log.error(`channel-sim: error while stopping: ${(e as Error).message}`);
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
