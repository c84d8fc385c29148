/**
 * The `channel-sim` command line: one dispatcher over the command groups (start, credentials,
 * scenarios, callbacks, orders, pos, clock, reset, health); the channels it lists come from the
 * registry. Every failure ends as one line on stderr
 * (a scenario check lists each problem) and a non-zero exit code: 2 for usage, 1 otherwise;
 * never a stack trace unless SIM_LOG_LEVEL=debug.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelNames, descriptors } from '../simulators/descriptors.ts';
import { isSimError } from '../simulators/core/errors.ts';
import { PACKAGE_ROOT } from '../simulators/config.ts';
import { CliError, print } from './args.ts';

export const usage = `Usage: channel-sim <command> [options]

Commands:
  start [options]                      start the simulators (npm start); see start --help
  credentials [--channel <name>]       test credentials and base URLs, as JSON keyed by channel
                                       (from the running simulator, else the data dir)
  scenarios list [--channel <name>]    scenario ids, descriptions, magic values (--url: a running one)
  scenarios check [--scenarios <dir>]  validate every scenario file (exit 1 on problems)
  callbacks list [--status <s>]        callbacks sent by a running simulator
  callbacks replay <id> [--exact]      send a callback again (re-signed, or the same bytes)
  orders list | show <key> | event <key> <event>
                                       orders of a running simulator; fire an event on one
  pos swipe <posCode>                  LFT: the payer swipes at the POS terminal
  clock [advance <duration>]           show / move a running simulator's clock (30s, 5m, 1d)
  reset                                forget all orders, callbacks and overrides
  health                               whether every configured simulator answers (exit 0/1)
  verify-pact <pact…> --channel <name> verify your own consumer pacts against the simulator

Commands that talk to a running simulator take --channel <name> (default: the only simulator
running on the data dir, or the only channel in --channels; needed only when several could be
meant), --url <base URL> and --admin-token <t> (SIM_ADMIN_TOKEN); --json gives machine-readable
output, errors included. Usage errors exit 2, other failures 1, each as one line on stderr.
Through npm: npm start -- --port-lft 9000 (flags after --).
Run channel-sim <command> --help for a command's options.

Channels (name, default port, events for orders event):
${channelLines()}`;

/** one line per channel of the registry (its light descriptors): the help never lags behind a
 *  new channel, and printing it loads no channel */
function channelLines(): string {
  return channelNames
    .map((name) => {
      const c = descriptors[name]!;
      return `  ${name.padEnd(10)} ${c.defaultPort}  ${c.title}; events: ${c.events.join(', ') || 'none'}`;
    })
    .join('\n');
}

type Command = (argv: string[]) => Promise<number>;

/** a command's module, imported only when that command runs or its help is asked for */
const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => [Command, string]) =>
  async () =>
    pick(await load());

/**
 * The commands: name → its module, loaded on demand, so `--help`, `--version` and the commands
 * that only talk to a running simulator never load Fastify, the crypto or the fakers. A new
 * command is one line here (its module exports the function and its help text) and a line in
 * `usage`.
 */
const COMMANDS: Record<string, () => Promise<[Command, string]>> = {
  start: lazy(
    () => import('./start.ts'),
    (m) => [m.startCommand, m.startHelp],
  ),
  credentials: lazy(
    () => import('./credentials.ts'),
    (m) => [m.credentialsCommand, m.credentialsHelp],
  ),
  scenarios: lazy(
    () => import('./scenarios.ts'),
    (m) => [m.scenariosCommand, m.scenariosHelp],
  ),
  callbacks: lazy(
    () => import('./callbacks.ts'),
    (m) => [m.callbacksCommand, m.callbacksHelp],
  ),
  orders: lazy(
    () => import('./orders.ts'),
    (m) => [m.ordersCommand, m.ordersHelp],
  ),
  pos: lazy(
    () => import('./orders.ts'),
    (m) => [m.posCommand, m.posHelp],
  ),
  clock: lazy(
    () => import('./clock.ts'),
    (m) => [m.clockCommand, m.clockHelp],
  ),
  reset: lazy(
    () => import('./clock.ts'),
    (m) => [m.resetCommand, m.resetHelp],
  ),
  health: lazy(
    () => import('./health.ts'),
    (m) => [m.healthCommand, m.healthHelp],
  ),
  'verify-pact': lazy(
    () => import('./verify-pact.ts'),
    (m) => [m.verifyPactCommand, m.verifyPactHelp],
  ),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return (print(usage), 0);
  if (name === 'help') {
    const cmd = rest[0] ? COMMANDS[rest[0]] : undefined;
    return (print(cmd ? (await cmd())[1] : usage), 0);
  }
  if (name === '--version' || name === '-v') {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    return (print(pkg.version), 0);
  }
  const cmd = COMMANDS[name];
  if (!cmd) throw new CliError(`unknown command "${name}" (run channel-sim --help)`, 2);
  const [run] = await cmd();
  return run(rest);
}

/** the failure as one line on stderr (JSON with --json), and its exit code */
function report(e: unknown, json: boolean): number {
  const debug = process.env.SIM_LOG_LEVEL === 'debug';
  const [code, message, exit] =
    e instanceof CliError
      ? [e.exitCode === 2 ? 'USAGE' : 'FAILED', e.message, e.exitCode]
      : isSimError(e)
        ? [e.code, e.message, 1]
        : [
            'UNEXPECTED',
            `unexpected error: ${debug ? ((e as Error).stack ?? String(e)) : ((e as Error)?.message ?? String(e))}`,
            1,
          ];
  process.stderr.write(
    json ? `${JSON.stringify({ error: { code, message, exitCode: exit } })}\n` : `channel-sim: ${message}\n`,
  );
  return exit;
}

// `channel-sim … | head`: the reader went away; what is left to print has nobody to read it
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

const argv = process.argv.slice(2);
process.exitCode = await main(argv).catch((e: unknown) => report(e, argv.includes('--json')));
