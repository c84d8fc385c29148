/**
 * What every CLI command shares: parsing its flags together with the config flags, --help, the
 * --json switch, which channel a command is about, and the errors that end a command (a usage
 * error exits 2, any other failure 1). It reads process.env only through configFromFlags.
 */
import type { ParseArgsConfig } from 'node:util';
import { channelNames } from '../simulators/channels.ts';
import { CONFIG_OPTIONS, configFromFlags, parseFlags, type FlagValues, type SimConfig } from '../simulators/config.ts';

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

export function parseCommand(argv: string[], own: Options = {}): Parsed {
  const { values, positionals } = parseFlags(argv, { ...CONFIG_OPTIONS, ...COMMON_OPTIONS, ...own }, true);
  let config: SimConfig | undefined;
  return {
    flags: values,
    positionals,
    help: values.help === true,
    json: values.json === true,
    config: () => (config ??= configFromFlags(values, process.env)),
  };
}

/** the channel a command is about: --channel, or the only implemented one */
export function channelOf(p: Parsed, fixed?: string): string {
  const given = typeof p.flags.channel === 'string' ? p.flags.channel.toLowerCase() : fixed;
  if (given === undefined) {
    if (channelNames.length === 1) return channelNames[0]!;
    throw usageError(`--channel is required (${channelNames.join(', ')})`);
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
