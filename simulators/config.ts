/**
 * The simulators' configuration: command-line flags and SIM_* environment variables → one typed,
 * validated config (flags win over env, env over defaults). Pure: it reads no file and opens no
 * socket, so a bad value fails here with a SimError (SIM_ERR_BOOT_CONFIG) that names the flag and
 * the variable, before anything starts. Defaults are secure: loopback host, admin API for
 * loopback clients only. The built-in scenarios are found from this module's location (the
 * package root, in a checkout or installed), never from the current directory, so `npx
 * channel-sim` works from anywhere; the data directory is the current directory's .channel-sim/
 * (a project's own, and outside node_modules, which `npm ci` wipes).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { channelNames, defaultPortOf } from './descriptors.ts';
import { SimError } from './core/errors.ts';
import { packageRootOf } from './core/package-root.ts';
import { DEFAULT_JOURNAL_CAPACITY, DEFAULT_JOURNAL_MAX_BYTES } from './core/journal.ts';
import { DEFAULT_MAX_ORDERS } from './core/order-store.ts';
import { LOG_FORMATS, type LogFormat } from './core/logger.ts';
import { adminTargetRefusal } from './core/send.ts';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SimConfig {
  host: string;
  /** the channels to start (known names) */
  channels: string[];
  ports: Record<string, number>;
  /** the base URL clients use, per channel, when it differs from the Host header */
  publicUrls: Record<string, string>;
  scenariosDir: string;
  dataDir: string;
  /** keep orders and pending callbacks in <dataDir>/<channel>.state.json across restarts */
  persist: boolean;
  /** multiplies callback waits and timed scenario events: 0.001 turns a day into ~90 s */
  timeScale: number;
  /** most orders each simulator keeps in memory (the oldest finished go first) */
  maxOrders: number;
  /** most bytes each simulator's journal keeps, estimated (the oldest entries go first) */
  journalMaxBytes: number;
  admin: { token?: string; allowRemote: boolean };
  logLevel: LogLevel;
  /** pretty (a terminal) or JSON lines; absent: pretty when stdout is a terminal */
  logFormat?: LogFormat;
  /** per channel, a base URL its callbacks go to instead of the merchant's notify URL (path and
   *  query kept) */
  forwardCallbacks: Record<string, string>;
  /** things worth saying at start-up that do not stop it */
  warnings: string[];
}

/** where package.json and scenarios/ are: the checkout (this file is simulators/config.ts) or
 *  the installed package (this file is dist/simulators/config.js) */
export const PACKAGE_ROOT = packageRootOf(fileURLToPath(new URL('.', import.meta.url)));
export const DEFAULT_SCENARIOS_DIR = resolve(PACKAGE_ROOT, 'scenarios');
/** generated credentials live here, in the directory the simulators start from (git-ignored) */
export const DEFAULT_DATA_DIR = resolve('.channel-sim');

type Options = NonNullable<ParseArgsConfig['options']>;

/** the flags every command understands; commands add their own */
export const CONFIG_OPTIONS: Options = {
  host: { type: 'string' },
  channels: { type: 'string' },
  scenarios: { type: 'string' },
  'data-dir': { type: 'string' },
  persist: { type: 'boolean' },
  'time-scale': { type: 'string' },
  'max-orders': { type: 'string' },
  'journal-max-bytes': { type: 'string' },
  'admin-token': { type: 'string' },
  'admin-remote': { type: 'boolean' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  'forward-callbacks': { type: 'string' },
  ...Object.fromEntries(
    channelNames.flatMap((n) => [
      [`port-${n}`, { type: 'string' }],
      [`public-url-${n}`, { type: 'string' }],
      [`forward-callbacks-${n}`, { type: 'string' }],
    ]),
  ),
};

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** one row per setting, for --help and the README */
export const CONFIG_HELP: [flag: string, env: string, meaning: string][] = [
  ['--host <addr>', 'SIM_HOST', 'address to bind (default 127.0.0.1; 0.0.0.0 in Docker)'],
  [
    '--port-<channel> <n>',
    'SIM_PORT_<CHANNEL>',
    `port per channel (${channelNames.map((n) => `${n} ${defaultPortOf(n)}`).join(', ')}); 0 = any free port`,
  ],
  ['--channels <a,b>', 'SIM_CHANNELS', `channels to start (default: all: ${channelNames.join(', ')})`],
  [
    '--scenarios <dir>',
    'SIM_SCENARIOS_DIR',
    'more scenarios, <dir>/<channel>/*.yaml, added to the built-in ones (the same file name replaces a built-in scenario)',
  ],
  [
    '--data-dir <dir>',
    'SIM_DATA_DIR',
    'where generated credentials are kept (default: ./.channel-sim in the current directory)',
  ],
  [
    '--persist',
    'SIM_PERSIST',
    'keep orders and pending callbacks across restarts in <data-dir>/<channel>.state.json and .state.log (default off: in memory)',
  ],
  [
    '--time-scale <x>',
    'SIM_TIME_SCALE',
    'multiplies callback and timed-event waits (default 1; 0.001: a day in ~90 s)',
  ],
  [
    '--max-orders <n>',
    'SIM_MAX_ORDERS',
    `orders kept per simulator (default ${DEFAULT_MAX_ORDERS.toLocaleString('en')}); past it the finished longest ago go first, else the oldest`,
  ],
  [
    '--journal-max-bytes <n>',
    'SIM_JOURNAL_MAX_BYTES',
    `journal memory per simulator, bytes or with K/M/G (default ${DEFAULT_JOURNAL_MAX_BYTES / 1024 / 1024}M; also at most ${DEFAULT_JOURNAL_CAPACITY.toLocaleString('en')} entries)`,
  ],
  ['--admin-token <t>', 'SIM_ADMIN_TOKEN', 'require this token on /__admin (x-admin-token or Bearer)'],
  ['--admin-remote', 'SIM_ADMIN_REMOTE', 'allow non-loopback admin clients (Docker); pair it with a token'],
  [
    '--public-url-<channel> <url>',
    'SIM_PUBLIC_URL_<CHANNEL>',
    'base URL clients use, when not the Host header (proxies)',
  ],
  [
    '--log-level <level>',
    'SIM_LOG_LEVEL',
    `${LOG_LEVELS.join(' | ')} (default info: a line per request and per callback attempt)`,
  ],
  [
    '--log-format <f>',
    'SIM_LOG_FORMAT',
    `${LOG_FORMATS.join(' | ')} (default: pretty in a terminal, JSON lines otherwise)`,
  ],
  [
    '--forward-callbacks <url>',
    'SIM_FORWARD_CALLBACKS',
    "send every callback to this base URL instead, keeping the notify URL's path and query",
  ],
  [
    '--forward-callbacks-<channel> <url>',
    'SIM_FORWARD_CALLBACKS_<CHANNEL>',
    'the same for one channel (wins over --forward-callbacks)',
  ],
];

const bad = (msg: string) => new SimError('SIM_ERR_BOOT_CONFIG', msg);
/** SIM_<FLAG>, except where a clearer name reads better */
const ENV_NAMES: Record<string, string> = { scenarios: 'SIM_SCENARIOS_DIR' };
const envName = (flag: string) => ENV_NAMES[flag] ?? `SIM_${flag.replace(/-/g, '_').toUpperCase()}`;

/** parse argv with the given options; turns node's parse errors into short SimErrors */
export function parseFlags(argv: string[], options: Options, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const m = /'(-[^' ]+)/.exec((e as Error).message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw bad(`unknown option ${m?.[1] ?? ''} (see --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw bad(`${(e as Error).message.split('. ')[0]}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw bad(
        `unexpected argument ${JSON.stringify(/'([^']*)'/.exec((e as Error).message)?.[1] ?? '')} (see --help)`,
      );
    throw bad((e as Error).message);
  }
}

/** flags and env vars → config; throws SimError SIM_ERR_BOOT_CONFIG naming the flag and env var */
export function resolveConfig(argv: string[], env: NodeJS.ProcessEnv): SimConfig {
  return configFromFlags(parseFlags(argv, CONFIG_OPTIONS).values, env);
}

/** the same, from already-parsed flags (the CLI parses its own flags together with these) */
export function configFromFlags(flags: FlagValues, env: NodeJS.ProcessEnv): SimConfig {
  // a flag, else its env var, with where it came from for error messages
  const pick = (flag: string): { value: string; from: string } | undefined => {
    const f = flags[flag];
    if (typeof f === 'string') return { value: f, from: `--${flag}` };
    const e = env[envName(flag)];
    if (e !== undefined && e !== '') return { value: e, from: envName(flag) };
    return undefined;
  };

  const host = pick('host')?.value.trim() ?? '127.0.0.1';
  if (!host || /[\s/[\]]/.test(host))
    throw bad(`--host / SIM_HOST: "${host}" is not a host address (e.g. 127.0.0.1 or 0.0.0.0)`);

  const ch = pick('channels');
  const chosen = ch
    ? ch.value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : [...channelNames];
  if (!chosen.length) throw bad(`${ch!.from}: no channel named (known: ${channelNames.join(', ')})`);
  for (const n of chosen)
    if (!channelNames.includes(n)) throw bad(`${ch!.from}: unknown channel "${n}" (known: ${channelNames.join(', ')})`);

  const ports: Record<string, number> = {};
  const publicUrls: Record<string, string> = {};
  for (const n of channelNames) {
    const p = pick(`port-${n}`);
    ports[n] = p ? parsePort(p.value, `--port-${n} / ${envName(`port-${n}`)}`) : defaultPortOf(n);
    const u = pick(`public-url-${n}`);
    if (u) publicUrls[n] = parseUrl(u.value, `--public-url-${n} / ${envName(`public-url-${n}`)}`);
  }
  const used = new Map<number, string>();
  for (const n of chosen) {
    const p = ports[n]!;
    if (p !== 0 && used.has(p)) throw bad(`--port-${n} / ${envName(`port-${n}`)}: port ${p} is also ${used.get(p)}'s`);
    used.set(p, n);
  }

  const ts = pick('time-scale');
  const timeScale = ts ? Number(ts.value) : 1;
  if (ts && !(Number.isFinite(timeScale) && timeScale > 0 && timeScale <= 1000)) {
    throw bad(
      `--time-scale / SIM_TIME_SCALE: "${ts.value}" must be a number > 0 and ≤ 1000 (1 = real time, 0.001 = a day in ~90 s)`,
    );
  }

  const mo = pick('max-orders');
  const maxOrders = mo ? Number(mo.value) : DEFAULT_MAX_ORDERS;
  if (mo && !(/^\d+$/.test(mo.value.trim()) && maxOrders >= 1 && Number.isSafeInteger(maxOrders))) {
    throw bad(`--max-orders / SIM_MAX_ORDERS: "${mo.value}" must be a whole number ≥ 1 (e.g. 100000)`);
  }
  const jb = pick('journal-max-bytes');
  const journalMaxBytes = jb
    ? parseBytes(jb.value, '--journal-max-bytes / SIM_JOURNAL_MAX_BYTES')
    : DEFAULT_JOURNAL_MAX_BYTES;

  const lvl = pick('log-level');
  const logLevel = (lvl?.value.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw bad(`--log-level / SIM_LOG_LEVEL: "${lvl!.value}" is not one of ${LOG_LEVELS.join(', ')}`);

  const fmt = pick('log-format');
  const logFormat = fmt?.value.toLowerCase() as LogFormat | undefined;
  if (fmt && !LOG_FORMATS.includes(logFormat!))
    throw bad(`--log-format / SIM_LOG_FORMAT: "${fmt.value}" is not one of ${LOG_FORMATS.join(', ')}`);

  const forwardCallbacks: Record<string, string> = {};
  for (const n of channelNames) {
    const key = pick(`forward-callbacks-${n}`) ? `forward-callbacks-${n}` : 'forward-callbacks';
    const f = pick(key);
    if (f) forwardCallbacks[n] = parseForwardBase(f.value, `--${key} / ${envName(key)}`);
  }

  const token = pick('admin-token')?.value;
  const allowRemote = flags['admin-remote'] === true || parseBool(env.SIM_ADMIN_REMOTE, 'SIM_ADMIN_REMOTE');
  const persist = flags.persist === true || parseBool(env.SIM_PERSIST, 'SIM_PERSIST');

  const warnings: string[] = npmEatenFlags(flags, env);
  if (!isLoopback(host) && !token) {
    warnings.push(
      `binding ${host} without an admin token: set --admin-token / SIM_ADMIN_TOKEN${allowRemote ? ' (the admin API is open to remote clients!)' : ' (the admin API stays loopback-only)'}`,
    );
  } else if (allowRemote && !token) {
    warnings.push('--admin-remote without --admin-token: any client that reaches the port may use the admin API');
  }

  return {
    host,
    channels: chosen,
    ports,
    publicUrls,
    scenariosDir: resolve(pick('scenarios')?.value ?? DEFAULT_SCENARIOS_DIR),
    dataDir: resolve(pick('data-dir')?.value ?? DEFAULT_DATA_DIR),
    persist,
    timeScale,
    maxOrders,
    journalMaxBytes,
    admin: { token, allowRemote },
    logLevel,
    logFormat,
    forwardCallbacks,
    warnings,
  };
}

/** `npm start --port-lft=9000` (without `--`) hands the flag to npm, which puts it in
 *  npm_config_port_lft and runs the script without it: said, not read (an .npmrc entry would
 *  otherwise change the simulators silently) */
function npmEatenFlags(flags: FlagValues, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const flag of Object.keys(CONFIG_OPTIONS)) {
    const v = env[`npm_config_${flag.replace(/-/g, '_')}`];
    if (v === undefined || flags[flag] !== undefined) continue;
    const shown = v === 'true' || v === '' ? `--${flag}` : `--${flag}=${v}`;
    out.push(
      `npm took ${shown} as its own option and did not pass it on (ignored); write npm start -- ${shown.replace('=', ' ')}`,
    );
  }
  return out;
}

/** a forwarding base: an http(s) URL, optionally with a path prefix, never an admin API */
function parseForwardBase(v: string, name: string): string {
  const base = parseUrl(v, name);
  const u = new URL(base);
  if (u.search || u.hash)
    throw bad(`${name}: "${v}" must be a base URL without query or fragment (the notify URL's are kept)`);
  if (adminTargetRefusal(`${base}/`))
    throw bad(`${name}: "${v}" points at an admin API (/__admin); callbacks never reach it`);
  return base;
}

/** the scenario roots a simulator loads, in order: the built-in catalogue, then --scenarios (a
 *  file there with the same id replaces the built-in one) */
export function scenarioRoots(config: Pick<SimConfig, 'scenariosDir'>): string[] {
  return [...new Set([DEFAULT_SCENARIOS_DIR, config.scenariosDir])];
}

function parsePort(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n > 65535) throw bad(`${name}: "${v}" is not a port (0–65535; 0 = any free port)`);
  return n;
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** a byte count: digits with an optional K, M or G (binary: 64M = 64 MiB) */
function parseBytes(v: string, name: string): number {
  const m = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(v.trim());
  const n = m ? Number(m[1]) * BYTE_UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw bad(`${name}: "${v}" must be a byte count ≥ 1, e.g. 67108864 or 64M`);
  return n;
}

function parseUrl(v: string, name: string): string {
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return v.replace(/\/+$/, '');
  } catch {
    throw bad(`${name}: "${v}" is not an http(s) URL`);
  }
}

function parseBool(v: string | undefined, name: string): boolean {
  if (v === undefined || v === '') return false;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw bad(`${name}: "${v}" must be true or false`);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** the URL a local client (the CLI, a test on this machine) reaches a channel at */
export function localUrl(config: SimConfig, channel: string, port = config.ports[channel]): string {
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const host = wildcard ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** the base URL to print and hand out: the public URL when one is set */
export function baseUrlOf(config: SimConfig, channel: string, port?: number): string {
  return config.publicUrls[channel] ?? localUrl(config, channel, port);
}
