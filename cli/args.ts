/**
 * What every CLI command shares: parsing its flags together with the config flags, --help, the
 * --json switch, which channel a command is about, and the errors that end a command (a usage
 * error exits 2, any other failure 1). It reads process.env only through configFromFlags.
 */
import type { ParseArgsConfig } from 'node:util';
import { channelNames } from '../simulators/descriptors.ts';
import { CONFIG_OPTIONS, configFromFlags, parseFlags, type FlagValues, type SimConfig } from '../simulators/config.ts';
import { isSimError } from '../simulators/core/errors.ts';
import { readRunning } from '../simulators/core/running-file.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** a failure the user should read as one line; `usage` errors exit 2 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (msg: string) => new CliError(msg, 2);

export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  channel: { type: 'string' },
  url: { type: 'string' },
};

export interface Parsed {
  flags: FlagValues;
  positionals: string[];
  help: boolean;
  json: boolean;
  config(): SimConfig;
}

/** a bad flag or value is the user's to fix: a usage error (exit 2), one line */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isSimError(e) && e.code === 'SIM_ERR_BOOT_CONFIG') throw usageError(e.message);
    throw e;
  }
}

export function parseCommand(argv: string[], own: Options = {}): Parsed {
  const { values, positionals } = asUsage(() =>
    parseFlags(argv, { ...CONFIG_OPTIONS, ...COMMON_OPTIONS, ...own }, true),
  );
  let config: SimConfig | undefined;
  return {
    flags: values,
    positionals,
    help: values.help === true,
    json: values.json === true,
    config: () => (config ??= asUsage(() => configFromFlags(values, process.env))),
  };
}

/**
 * The channel a command is about: --channel; else the only one it could be — the only simulator
 * running on this data dir, or the only channel configured (--channels) or implemented. Asked
 * for only when that is ambiguous.
 */
export function channelOf(p: Parsed, fixed?: string): string {
  const given = typeof p.flags.channel === 'string' ? p.flags.channel.toLowerCase() : fixed;
  if (given === undefined) {
    const { channels: configured, dataDir } = p.config();
    if (configured.length === 1) return configured[0]!;
    const running = configured.filter((n) => readRunning(dataDir, n));
    if (running.length === 1) return running[0]!;
    throw usageError(
      running.length
        ? `--channel is required: ${running.length} simulators are running (${running.join(', ')})`
        : `--channel is required: no simulator is running on ${dataDir} to pick (${configured.join(', ')})`,
    );
  }
  if (!channelNames.includes(given)) throw usageError(`unknown channel "${given}" (known: ${channelNames.join(', ')})`);
  return given;
}

export function expectPositionals(p: Parsed, names: string[], usage: string): string[] {
  if (p.positionals.length !== names.length) {
    const what =
      p.positionals.length < names.length
        ? `missing ${names
            .slice(p.positionals.length)
            .map((n) => `<${n}>`)
            .join(' ')}`
        : `unexpected argument "${p.positionals[names.length]}"`;
    throw usageError(`${what}; usage: ${usage}`);
  }
  return p.positionals;
}

export const print = (line = '') => void process.stdout.write(line + '\n');
export const printJson = (v: unknown) => print(JSON.stringify(v, null, 2));

/** columns padded to the widest cell; the last column is not padded */
export function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
