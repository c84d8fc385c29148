/**
 * Choosing a scenario and the next step of it. Pure: no store, no clock, no I/O; the caller
 * persists cursors, and admin overrides come in through `takeOverride` (overrides.ts), asked only
 * when no header decided. Choice order (first match wins, and the reason is returned for the
 * journal): the x-sim-scenario header, admin overrides, file scenarios whose predicate matches,
 * the channel's default.
 */
import type { Scenario, Step } from '../../scenarios/schema.ts';
import type { Override } from './overrides.ts';
import { evaluate, fieldValue, type Predicate } from './predicates.ts';

export type { Override } from './overrides.ts';

export interface ScenarioSet {
  channel: string;
  byId: Map<string, Scenario>;
  /** file scenarios with a `when`, in load order */
  matchers: Scenario[];
  fallback: Scenario;
}

export interface Choice {
  scenario: Scenario;
  why: string;
  override?: Override;
}

/** `lft/foo`, `foo` and `foo.yaml` all name lft/foo */
export function resolveScenarioId(set: ScenarioSet, name: string): Scenario | undefined {
  const clean = name.trim().replace(/\.ya?ml$/, '');
  return set.byId.get(clean) ?? set.byId.get(`${set.channel}/${clean}`);
}

/**
 * A run of consecutive matchers that each test one field for one value (`equals: { amount:
 * "0.02" }`, the common magic-value shape) becomes one lookup in a map; anything else is tried
 * as written. The plan keeps load order, so the first matching scenario still wins.
 */
type PlanEntry = { scenario: Scenario } | { field: string; byValue: Map<string, Scenario> };

function singleEquals(p: Predicate | undefined): [string, string] | undefined {
  if (!p || !('equals' in p)) return undefined;
  const pairs = Object.entries(p.equals);
  return pairs.length === 1 ? [pairs[0]![0], String(pairs[0]![1])] : undefined;
}

function planOf(matchers: Scenario[], operation: string): PlanEntry[] {
  const plan: PlanEntry[] = [];
  for (const s of matchers) {
    if (s.when!.operation !== operation) continue;
    const eq = singleEquals(s.when!.match);
    const last = plan[plan.length - 1];
    if (eq && last && 'field' in last && last.field === eq[0]) {
      if (!last.byValue.has(eq[1])) last.byValue.set(eq[1], s);
    } else if (eq) plan.push({ field: eq[0], byValue: new Map([[eq[1], s]]) });
    else plan.push({ scenario: s });
  }
  return plan;
}

/** per matcher list (a loaded set never changes it), per operation */
const plans = new WeakMap<Scenario[], Map<string, PlanEntry[]>>();

function matchScenario(set: ScenarioSet, operation: string, fields: Record<string, unknown>): Scenario | undefined {
  let byOp = plans.get(set.matchers);
  if (!byOp) plans.set(set.matchers, (byOp = new Map()));
  let plan = byOp.get(operation);
  if (!plan) byOp.set(operation, (plan = planOf(set.matchers, operation)));
  for (const entry of plan) {
    if ('field' in entry) {
      const hit = entry.byValue.get(String(fieldValue(fields, entry.field)));
      if (hit) return hit;
    } else if (!entry.scenario.when!.match || evaluate(entry.scenario.when!.match, fields)) return entry.scenario;
  }
  return undefined;
}

export function selectScenario(
  set: ScenarioSet,
  input: {
    header?: string;
    takeOverride?: () => Override | undefined;
    operation: string;
    fields: Record<string, unknown>;
  },
): Choice | { unknownHeader: string } {
  if (input.header) {
    const s = resolveScenarioId(set, input.header);
    return s ? { scenario: s, why: `x-sim-scenario header "${input.header}"` } : { unknownHeader: input.header };
  }
  const o = input.takeOverride?.();
  const overridden = o && set.byId.get(o.scenarioId);
  if (o && overridden)
    return { scenario: overridden, why: `admin override ${o.id}${o.once ? ' (once)' : ''}`, override: o };
  const s = matchScenario(set, input.operation, input.fields);
  if (s) return { scenario: s, why: `predicate of ${s.id} matched on ${input.operation}` };
  return { scenario: set.fallback, why: 'default' };
}

export interface Cursor {
  index: number;
  served: number;
}

/**
 * The step that answers this request and the cursor after it. A scenario that has no steps for
 * the operation uses the default scenario's; with none there either, the empty step (answer
 * from the order's state). The last step sticks.
 */
export function nextStep(
  scenario: Scenario,
  fallback: Scenario,
  operation: string,
  cursor: Cursor | undefined,
): { step: Step; index: number; cursor: Cursor; from: string } {
  const own = scenario.steps[operation];
  const steps = own ?? fallback.steps[operation];
  const from = own ? scenario.id : steps ? fallback.id : '(none)';
  if (!steps || steps.length === 0) return { step: {}, index: -1, cursor: { index: 0, served: 0 }, from };
  let { index, served } = cursor ?? { index: 0, served: 0 };
  index = Math.min(index, steps.length - 1);
  const step = steps[index]!;
  served += 1;
  const isLast = index === steps.length - 1;
  const next = !isLast && served >= (step.times ?? 1) ? { index: index + 1, served: 0 } : { index, served };
  return { step, index, cursor: next, from };
}
