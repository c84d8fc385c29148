/**
 * `channel-sim clock [advance <duration>]` and `channel-sim reset`: move a running simulator's
 * clock forward (firing every callback, retry and timed event that falls due, now) and forget
 * all its orders, callbacks and overrides, through its admin API.
 */
import { parseDuration as durationMs } from '../clients/admin.ts';
import { ADMIN_OPTIONS_HELP, connect } from './admin-client.ts';
import { expectPositionals, parseCommand, print, printJson, usageError } from './args.ts';

export const clockHelp = `Usage: channel-sim clock [--json]
       channel-sim clock advance <duration> [--json]

show the simulator's clock, or move it forward: everything due by then (callbacks, retries, timed
events such as LFT's funds arrival) happens now. <duration>: milliseconds, or with a unit:
500ms, 30s, 5m, 2h, 1d.

${ADMIN_OPTIONS_HELP}`;

export const resetHelp = `Usage: channel-sim reset [--json]

Forget every order, callback, journal entry, timer and scenario override of a running simulator
(credentials stay).

Options:
  --channel <name>, --url <base URL>, --admin-token <t>, --json, -h/--help`;

export function parseDuration(s: string): number {
  const ms = durationMs(s);
  if (ms === undefined) throw usageError(`"${s}" is not a duration (e.g. 30000, 30s, 5m, 2h, 1d)`);
  return ms;
}

export async function clockCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  const [sub] = p.positionals;
  if (p.help) return (print(clockHelp), 0);
  if (sub === undefined) {
    const c = await connect(p).admin.clock();
    if (p.json) return (printJson(c), 0);
    return (print(`now ${c.now}, ${c.pendingTimers} pending timer(s), time scale ${c.timeScale}`), 0);
  }
  if (sub !== 'advance') throw usageError(`unknown subcommand "clock ${sub}" (advance)`);
  const [, duration] = expectPositionals(p, ['advance', 'duration'], 'channel-sim clock advance <duration>');
  const ms = parseDuration(duration!);
  const r = await connect(p).admin.advanceClock(ms);
  if (p.json) return (printJson(r), 0);
  return (print(`advanced ${ms} ms: ${r.fired} timer(s) fired, now ${r.now}, ${r.pendingTimers} pending`), 0);
}

export async function resetCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (p.help) return (print(resetHelp), 0);
  expectPositionals(p, [], 'channel-sim reset');
  const r = await connect(p).admin.reset();
  if (p.json) return (printJson(r), 0);
  return (print('reset: orders, callbacks, journal, timers and overrides cleared'), 0);
}
