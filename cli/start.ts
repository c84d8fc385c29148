/**
 * `channel-sim start`: resolve the config from flags and SIM_* env vars, start every chosen
 * simulator, and keep running until SIGINT/SIGTERM. All the work is the composition root's
 * (simulators/main.ts); this file only connects it to the command line.
 */
import { CONFIG_HELP } from '../simulators/config.ts';
import { closeOnSignals, loggerFor, startSimulators } from '../simulators/main.ts';
import { expectPositionals, parseCommand, print } from './args.ts';

export const startHelp = `Usage: channel-sim start [options]

Start every implemented simulator (or those named by --channels) and keep running until
Ctrl-C / SIGTERM. Flags win over environment variables. Through npm, put the flags after --:
npm start -- --port-lft 9000 (npm keeps "npm start --port-lft=9000" for itself; it is ignored
with a warning).

The log: a line per request and per callback attempt, warnings for a callback given up and a
request whose signature does not verify (with the string the simulator verified over, never a
key), errors for the simulator's own failures; pretty in a terminal, JSON lines otherwise.

Options:
${CONFIG_HELP.map(([flag, env, what]) => `  ${flag.padEnd(30)} ${env.padEnd(26)} ${what}`).join('\n')}
  -h, --help`;

export async function startCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (p.help) return (print(startHelp), 0);
  expectPositionals(p, [], 'channel-sim start [options]');
  const config = p.config();
  const log = await loggerFor(config);
  const sims = await startSimulators(config, { logger: log });
  closeOnSignals(sims, log);
  log.info(`ready: ${sims.servers.map((s) => `${s.channel} ${s.url}`).join(', ')} (Ctrl-C to stop)`);
  // the servers keep the process alive; the exit code is set by the signal handler
  return new Promise<number>(() => undefined);
}
