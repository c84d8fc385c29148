/**
 * `channel-sim scenarios list|check`: what scenarios a channel has (id, description, and the
 * magic value that selects each by itself), and whether every scenario file of every implemented
 * channel is valid — the same loader and the same messages as start-up, so `check` in CI fails
 * exactly where `start` would.
 */
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenarios/schema.ts';
import type { ScenarioSet } from '../simulators/core/scenario-engine.ts';
import { channelNames } from '../simulators/descriptors.ts';
import { scenarioRoots } from '../simulators/config.ts';
import { connect } from './admin-client.ts';
import { isSimError } from '../simulators/core/errors.ts';
import type { Predicate } from '../simulators/core/predicates.ts';
import { CliError, channelOf, expectPositionals, parseCommand, print, printJson, usageError } from './args.ts';

export const scenariosHelp = `Usage: channel-sim scenarios list  [--channel <name>] [--scenarios <dir>] [--url <base URL>] [--json]
       channel-sim scenarios check [--channel <name>] [--scenarios <dir>]

list   every scenario: id (use it in the x-sim-scenario header or the admin API), description,
       and the request that selects it by itself (its magic value), if any; with --url, the
       ones a running simulator has loaded
check  validate every scenario file of every implemented channel, the built-in ones and those of
       --scenarios; prints OK or every problem of every file in one run (file and field; an
       unknown field is named as such), exit code 1 on problems. A folder that is not an
       implemented channel (${channelNames.join(', ')}) is a problem too: its files would never load

Options:
  --channel <name>    only this channel (default: every channel)
  --scenarios <dir>   more scenarios, <dir>/<channel>/*.yaml, on top of the built-in ones; the same
                      file name replaces a built-in scenario (SIM_SCENARIOS_DIR)
  --url <base URL>    list: ask the running simulator at this URL
  --admin-token <t>   its admin token (SIM_ADMIN_TOKEN)
  --json              machine-readable output (list)
  -h, --help`;

export async function scenariosCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  const [sub] = p.positionals;
  if (p.help) return (print(scenariosHelp), 0);
  if (sub === undefined) throw usageError('missing subcommand: scenarios list | scenarios check (see --help)');
  const config = p.config();
  const names = typeof p.flags.channel === 'string' ? [channelOf(p)] : config.channels;

  const roots = scenarioRoots(config);
  /** the files are validated against the channel's operations: only this loads the channels */
  const load = async (n: string): Promise<ScenarioSet> => {
    const [{ channels }, { loadScenarios }] = await Promise.all([
      import('../simulators/channels.ts'),
      import('../scenarios/load-scenarios.ts'),
    ]);
    return loadScenarios(roots, channels[n]!);
  };

  if (sub === 'list') {
    expectPositionals(p, ['list'], 'channel-sim scenarios list');
    const all: Listed[] =
      typeof p.flags.url === 'string'
        ? (await connect(p).admin.scenarios()).scenarios
        : (await Promise.all(names.map(load))).flatMap((set) => [...set.byId.values()]).map(listed);
    if (p.json) return (printJson(all.map((s) => ({ ...s, description: s.description.trim() }))), 0);
    for (const s of all) {
      print(`${s.id}${s.id.endsWith('/default') ? '  (default: used when nothing else applies)' : ''}`);
      print(`  ${oneLine(s.description)}`);
      print(`  selected by: ${selector(s)}`);
    }
    return 0;
  }

  if (sub === 'check') {
    expectPositionals(p, ['check'], 'channel-sim scenarios check');
    let problems = 0;
    for (const n of names) {
      try {
        const set = await load(n);
        print(`OK  ${n}: ${set.byId.size} scenario file(s) in ${roots.map((r) => join(r, n)).join(' + ')}`);
      } catch (e) {
        if (!isSimError(e)) throw e;
        problems++;
        process.stderr.write(`FAIL ${n}: ${e.message}\n`);
      }
    }
    for (const dir of roots.flatMap(notChannels)) {
      problems++;
      process.stderr.write(
        `FAIL ${dir}/: not an implemented channel (${channelNames.join(', ')}); its files would never load\n`,
      );
    }
    if (problems) throw new CliError(`scenario check failed: ${problems} problem(s) above`);
    return 0;
  }
  throw usageError(`unknown subcommand "scenarios ${sub}" (list, check)`);
}

/** a scenario as listed, from the files or from a running simulator's admin API */
type Listed = { id: string; description: string; when?: Scenario['when']; operations: string[]; file: string };

const listed = (s: Scenario): Listed => ({
  id: s.id,
  description: s.description,
  when: s.when,
  operations: Object.keys(s.steps),
  file: s.file,
});

/** folders of a scenario root named after no implemented channel (a typo: `lfy/`) */
function notChannels(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => !channelNames.includes(d) && statSync(join(root, d)).isDirectory())
    .map((d) => join(root, d));
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function selector(s: Pick<Scenario, 'when'>): string {
  if (!s.when) return 'header x-sim-scenario or an admin override only';
  return s.when.match ? `${s.when.operation} where ${describe(s.when.match)}` : `every ${s.when.operation}`;
}

/** a predicate as a reader would say it: amount = "0.02" and not (posCode exists) */
export function describe(p: Predicate): string {
  const q = (v: unknown) => JSON.stringify(v);
  if ('equals' in p)
    return Object.entries(p.equals)
      .map(([k, v]) => `${k} = ${q(v)}`)
      .join(' and ');
  if ('contains' in p)
    return Object.entries(p.contains)
      .map(([k, v]) => `${k} contains ${q(v)}`)
      .join(' and ');
  if ('matches' in p)
    return Object.entries(p.matches)
      .map(([k, v]) => `${k} ~ /${v}/`)
      .join(' and ');
  if ('exists' in p) return p.exists.map((k) => `${k} exists`).join(' and ');
  if ('and' in p) return p.and.map((x) => `(${describe(x)})`).join(' and ');
  if ('or' in p) return p.or.map((x) => `(${describe(x)})`).join(' or ');
  return `not (${describe(p.not)})`;
}
