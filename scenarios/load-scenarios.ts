/**
 * Reads a channel's scenario files (scenarios/<channel>/*.yaml), validates each against the
 * schema and against the channel itself (its operations, events, callback events and state
 * machines), and returns the set the engine chooses from. Any problem stops start-up with one
 * error naming every file and field at fault. Files load in name order; predicate scenarios are
 * tried in that order. Several roots overlay: the built-in catalogue, then a user's directory.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { YAMLParseError } from 'yaml';
import type { AnyChannel } from '../simulators/core/channel.ts';
import { SimError } from '../simulators/core/errors.ts';
import { machineStates } from '../simulators/core/outcome.ts';
import type { ScenarioSet } from '../simulators/core/scenario-engine.ts';
import { parseScenarioYaml } from './prebuilt-docs.ts';
import { parseScenario, type Scenario } from './schema.ts';

/** checks that need the channel: names of operations, events, states */
export function checkAgainstChannel(s: Scenario, channel: AnyChannel): string[] {
  const problems: string[] = [];
  const ops = new Map(channel.operations.map((o) => [o.name, o]));
  const events = channel.operations.filter((o) => !o.path).map((o) => o.name);
  const callbackEvents = Object.keys(channel.callbacks?.events ?? {});
  if (s.when && !ops.has(s.when.operation))
    problems.push(
      `when.operation: "${s.when.operation}" is not an operation of ${channel.name} (${[...ops.keys()].join(', ')})`,
    );
  for (const [opName, steps] of Object.entries(s.steps)) {
    const op = ops.get(opName);
    if (!op) {
      problems.push(`steps.${opName}: not an operation or event of ${channel.name} (${[...ops.keys()].join(', ')})`);
      continue;
    }
    const machine = op.kind ? channel.machines[op.kind] : undefined;
    steps.forEach((step, i) => {
      const at = `steps.${opName}[${i}]`;
      if (step.moveTo !== undefined) {
        if (!machine) problems.push(`${at}.moveTo: ${opName} acts on no order state`);
        else if (!machineStates(machine).includes(step.moveTo)) {
          problems.push(
            `${at}.moveTo: "${step.moveTo}" is not a ${op.kind} state (${machineStates(machine).join(', ')})`,
          );
        }
      }
      const outcome = step.reply?.outcome;
      if (outcome && outcome !== 'rejected' && !machine?.outcomes[outcome]) {
        problems.push(`${at}.reply.outcome: "${outcome}" means nothing for ${opName} (it has no ${outcome} state)`);
      }
      step.callbacks?.forEach((c, j) => {
        if (!callbackEvents.includes(c.event))
          problems.push(
            `${at}.callbacks[${j}].event: "${c.event}" is not a callback of ${channel.name} (${callbackEvents.join(', ')})`,
          );
      });
      step.later?.forEach((l, j) => {
        if (!events.includes(l.event))
          problems.push(
            `${at}.later[${j}].event: "${l.event}" is not an event of ${channel.name} (${events.join(', ')})`,
          );
      });
    });
  }
  return problems;
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
  const { scenario, problems } = parseScenario(doc, id, shown);
  const all = scenario ? checkAgainstChannel(scenario, channel) : problems;
  return all.length || !scenario ? all.map((p) => `${shown}: ${p}`) : scenario;
}
