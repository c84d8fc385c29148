/**
 * Reads a channel's scenario files (scenarios/<channel>/*.yaml), validates each against the
 * format with the channel's own names (its operations, events, callback events and state
 * machines: `scenarioVocabulary`), and returns the set the engine chooses from. Any problem stops start-up with one
 * error naming every file and field at fault. Files load in name order; predicate scenarios are
 * tried in that order. Several roots overlay: the built-in catalogue, then a user's directory.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { YAMLParseError } from 'yaml';
import type { AnyChannel } from '../simulators/core/channel.ts';
import { SimError } from '../simulators/core/errors.ts';
import { machineStates, OUTCOMES } from '../simulators/core/outcome.ts';
import type { ScenarioSet } from '../simulators/core/scenario-engine.ts';
import { parseScenarioYaml } from './prebuilt-docs.ts';
import { parseScenario, type Scenario, type ScenarioVocabulary } from './schema.ts';

/** a channel's vocabulary, read once per channel object (every file and every reload asks) */
const vocabularies = new WeakMap<AnyChannel, ScenarioVocabulary>();
function vocabularyOf(channel: AnyChannel): ScenarioVocabulary {
  let v = vocabularies.get(channel);
  if (!v) vocabularies.set(channel, (v = scenarioVocabulary(channel)));
  return v;
}

/** the names a scenario of this channel may use, read off the channel (its operations, machines, callbacks) */
export function scenarioVocabulary(channel: AnyChannel): ScenarioVocabulary {
  const kinds: ScenarioVocabulary['kinds'] = {};
  for (const [kind, machine] of Object.entries(channel.machines)) {
    kinds[kind] = {
      states: machineStates(machine),
      // rejected needs no state (nothing is created); the others mean a state of the kind's machine
      outcomes: OUTCOMES.filter((o) => o === 'rejected' || machine.outcomes[o] !== undefined),
    };
  }
  return {
    channel: channel.name,
    operations: Object.fromEntries(
      channel.operations.map((op) => [op.name, op.kind && kinds[op.kind] ? { kind: op.kind } : {}]),
    ),
    kinds,
    events: channel.operations.filter((o) => !o.path).map((o) => o.name),
    callbackEvents: Object.keys(channel.callbacks?.events ?? {}),
  };
}

/**
 * A channel's scenarios from one root or several (`<root>/<channel>/*.yaml`): the built-in
 * catalogue first, then each extra root, where a file with the same name (the same id) replaces
 * the one before it. Every problem of every file is collected before it throws.
 */
export function loadScenarios(roots: string | readonly string[], channel: AnyChannel): ScenarioSet {
  const all = typeof roots === 'string' ? [roots] : roots;
  const dirs = all.map((r) => join(r, channel.name)).filter((d) => existsSync(d));
  if (!dirs.length)
    throw new SimError(
      'SIM_ERR_BOOT_SCENARIO',
      `${join(all[0] ?? '.', channel.name)}: no scenario directory for ${channel.name} (it needs at least default.yaml)`,
    );
  const byId = new Map<string, Scenario>();
  const errors: string[] = [];
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    for (const f of files) {
      const id = `${channel.name}/${f.replace(/\.ya?ml$/, '')}`;
      const loaded = loadFile(join(dir, f), id, channel);
      if (Array.isArray(loaded)) errors.push(...loaded);
      else byId.set(id, loaded);
    }
  }
  const fallback = byId.get(`${channel.name}/default`);
  if (!fallback && !errors.length)
    errors.push(`${dirs[0]}/default.yaml: missing (every channel needs a default scenario)`);
  if (errors.length)
    throw new SimError('SIM_ERR_BOOT_SCENARIO', `invalid scenarios for ${channel.name}:\n  ${errors.join('\n  ')}`);
  // name order, whichever root a file came from: predicate scenarios are tried in that order
  const sorted = new Map([...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const matchers = [...sorted.values()].filter((s) => s.when && s.id !== fallback!.id);
  return { channel: channel.name, byId: sorted, matchers, fallback: fallback! };
}

/** one file: the scenario, or its problems, each naming the file */
function loadFile(path: string, id: string, channel: AnyChannel): Scenario | string[] {
  const shown = relative(process.cwd(), path) || path;
  let doc: unknown;
  try {
    doc = parseScenarioYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    return [`${shown}${where}: not valid YAML: ${(e as Error).message.split('\n')[0]}`];
  }
  const { scenario, problems } = parseScenario(doc, id, shown, vocabularyOf(channel));
  return scenario ?? problems.map((p) => `${shown}: ${p}`);
}
