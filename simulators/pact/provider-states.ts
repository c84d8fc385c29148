/**
 * A pact's provider states → what the simulator does before the interaction. A merchant's pact
 * names states in its own words, so the mapping is data: the naming rule `scenario: <channel>/<id>`
 * (or `scenario: <id>`) binds that scenario to the interaction's order, and a state file (YAML or
 * JSON, `--states`) maps any other name to a scenario and setup steps — admin calls, outside-world
 * events, clock moves, and reference-client calls whose answer fields become the provider-state
 * values Pact injects (`fromProviderState`). An admin step's answer can give values too, and a
 * later step names them `${name}`: what a state needs from the simulator (an SMS code it made up)
 * feeds the next call. A name neither covers is unknown: the caller fails the interaction, naming
 * it, or ignores it when asked to. Parsing only; verify-filter.ts runs them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type StateStep =
  /** an outside-world event on an order (POST /__admin/orders/:order/events/:event) */
  | { event: string; order: string }
  /** move the simulator clock: milliseconds or a duration (30s, 5m) */
  | { advance: number | string }
  /** any admin call, e.g. POST /unionpay/contracts; `values` names answer fields by path: { code: data.smsCode } */
  | { admin: { method: 'GET' | 'POST' | 'DELETE'; path: string; body?: unknown }; values?: Record<string, string> }
  /** a reference-client call on the wire; `values` names answer fields to hand Pact: { transNo: transNo } */
  | { call: string; with?: unknown; values?: Record<string, string> };

export interface StateSetup {
  /** a scenario id (channel/id or id) bound to the interaction's order */
  scenario?: string;
  steps?: StateStep[];
}

export type StateTable = Readonly<Record<string, StateSetup>>;

/** the naming rule: `scenario: lft/payin-declined`, `scenario: payin-declined` */
const SCENARIO_STATE = /^scenario:\s*(?:([a-z0-9-]+)\/)?([A-Za-z0-9._-]+)\s*$/;

/**
 * What a state means on `channel`: the state file first (a user may redefine anything), then the
 * naming rule; undefined when neither covers it (a scenario of another channel included).
 */
export function resolveState(name: string, channel: string, table: StateTable): StateSetup | undefined {
  const own = table[name];
  if (own) return own;
  const m = SCENARIO_STATE.exec(name);
  if (!m || (m[1] !== undefined && m[1] !== channel)) return undefined;
  return { scenario: `${channel}/${m[2]}` };
}

const STEP_KINDS = ['event', 'advance', 'admin', 'call'] as const;

/** a state file: `{ states: { <name>: { scenario?, steps? } } }`, or the map itself; throws naming the problem */
export function loadStateFile(file: string): StateTable {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`state file ${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const map = isObject(doc) && isObject(doc.states) ? doc.states : doc;
  if (!isObject(map)) throw new Error(`state file ${file}: expected a map of state name → { scenario, steps }`);
  const out: Record<string, StateSetup> = {};
  for (const [name, v] of Object.entries(map)) {
    const where = `state file ${file}, state "${name}"`;
    const setup = typeof v === 'string' ? { scenario: v } : v;
    if (!isObject(setup)) throw new Error(`${where}: expected a scenario id or { scenario, steps }`);
    const extra = Object.keys(setup).filter((k) => k !== 'scenario' && k !== 'steps');
    if (extra.length) throw new Error(`${where}: unknown key ${extra.join(', ')} (scenario, steps)`);
    if (setup.scenario !== undefined && typeof setup.scenario !== 'string')
      throw new Error(`${where}: scenario must be a scenario id`);
    if (setup.steps !== undefined && !Array.isArray(setup.steps)) throw new Error(`${where}: steps must be a list`);
    (setup.steps ?? []).forEach((s: unknown, i: number) => checkStep(s, `${where}, step ${i + 1}`));
    out[name] = setup as StateSetup;
  }
  return out;
}

function checkStep(s: unknown, where: string): void {
  const kinds = isObject(s) ? STEP_KINDS.filter((k) => k in s) : [];
  if (!isObject(s) || kinds.length !== 1) throw new Error(`${where}: expected exactly one of ${STEP_KINDS.join(', ')}`);
  const bad = (why: string) => new Error(`${where}: ${why}`);
  if ('event' in s && (typeof s.event !== 'string' || typeof s.order !== 'string'))
    throw bad('event needs an event name and an order (key or alias)');
  if ('advance' in s && typeof s.advance !== 'number' && typeof s.advance !== 'string')
    throw bad('advance needs milliseconds or a duration (30s, 5m)');
  if (
    'admin' in s &&
    (!isObject(s.admin) ||
      typeof s.admin.path !== 'string' ||
      !['GET', 'POST', 'DELETE'].includes(String(s.admin.method)))
  )
    throw bad('admin needs { method: GET|POST|DELETE, path, body? }');
  if ('admin' in s && s.values !== undefined && !isObject(s.values))
    throw bad('admin values must be a map of name → answer field path (data.smsCode)');
  if ('call' in s && (typeof s.call !== 'string' || (s.values !== undefined && !isObject(s.values))))
    throw bad(
      'call needs a reference-client method name, optional with (its argument) and values (name → answer field)',
    );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

/**
 * The step with `${name}` in its strings replaced by the values earlier steps of the interaction
 * made: a string that is one placeholder takes the value as it is, one inside text its string form.
 * Throws naming a value nothing made.
 */
export function interpolate(step: StateStep, values: ReadonlyMap<string, unknown>): StateStep {
  const value = (name: string) => {
    if (!values.has(name)) throw new Error(`no value "${name}" for \${${name}} (no earlier step gave one)`);
    return values.get(name);
  };
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\$\{([^}]+)\}$/.exec(v);
      return whole ? value(whole[1]!) : v.replace(PLACEHOLDER, (_, name: string) => String(value(name)));
    }
    if (Array.isArray(v)) return v.map(fill);
    return isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
  };
  return fill(step) as StateStep;
}
