/**
 * Steps 4–9 of the pipeline, shared by wire operations (handle-request.ts) and outside-world
 * events (a POS swipe, funds arriving; sim.ts runEvent): decide the scenario and step, apply the
 * operation's effects and the step's move, persist, schedule callbacks and timed events, render.
 * It throws SimError for refusals; the caller records and writes. It knows no channel's fields.
 */
import type { Decoded, Identity, Operation } from './channel.ts';
import { SimError } from './errors.ts';
import type { Order } from './order-store.ts';
import { nextStep, selectScenario } from './scenario-engine.ts';
import type { Sim } from './sim.ts';
import { StepContext } from './step-context.ts';
import type { Step } from '../../scenarios/schema.ts';

/** what a run decided, for the journal (filled as far as the run got, even when it throws) */
export interface Trace {
  scenario?: string;
  why?: string;
  step?: number;
  stepFrom?: string;
  orderKey?: string;
  warnings: string[];
  executed?: Step;
}

export interface StepInput<R> {
  op: Operation<R>;
  decoded: Decoded;
  identity: Identity;
  header?: string;
  baseUrl: string;
}

export function runStep<R>(
  sim: Sim<R>,
  input: StepInput<R>,
  trace: Trace,
): { result: unknown; step: Step; order?: Order } {
  const { channel, store, clock } = sim;
  const { op, decoded, identity } = input;
  const now = clock.now();
  const found = identity.key ? store.get(identity.key) : undefined;
  // orders belong to one merchant and one kind: another merchant's order, or a payout looked up
  // as a payment, does not exist as far as this request can tell
  const existing =
    found && found.merchant === decoded.merchant && (!identity.kind || found.kind === identity.kind)
      ? found
      : undefined;
  if (identity.creates === true && found) {
    throw new SimError('SIM_ERR_ORDER_DUPLICATE', `${identity.keyField ?? 'key'}=${identity.key} 已被使用`, {
      kind: identity.kind ?? op.kind,
      field: identity.keyField,
    });
  }
  if (!identity.creates && identity.key && !existing) {
    throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `${identity.keyField ?? 'key'}=${identity.key} 不存在`, {
      kind: identity.kind ?? op.kind,
      field: identity.keyField,
    });
  }
  trace.orderKey = existing?.key;
  // an outside-world event that does not apply to the order's state is refused before anything
  if (op.from && existing && !op.from.includes(existing.state)) {
    throw new SimError(
      'SIM_ERR_ORDER_STATE',
      `${existing.key} 状态为 ${existing.state}, 不能${op.verb ?? op.name} (需要 ${op.from.join('/')})`,
      { kind: existing.kind },
    );
  }

  // 4 decide: an existing order keeps the scenario bound to it; a new one chooses
  let scenario = existing && sim.scenarios.byId.get(existing.scenarioId);
  let why = existing ? `bound to ${existing.key} (${existing.scenarioWhy})` : '';
  if (!scenario) {
    // no overrides (the usual case): no closure to make; tsx names every closure it creates
    // (esbuild keepNames), which cost ~4% of a request in the benchmark's profile
    const takeOverride =
      sim.overrides.list().length === 0
        ? undefined
        : () => sim.overrides.take({ operation: op.name, fields: decoded.fields });
    const choice = selectScenario(sim.scenarios, {
      header: input.header,
      takeOverride,
      operation: op.name,
      fields: decoded.fields,
    });
    if ('unknownHeader' in choice) {
      throw new SimError(
        'SIM_ERR_SCENARIO_UNKNOWN',
        `x-sim-scenario: no scenario "${choice.unknownHeader}" (see GET /__admin/scenarios)`,
      );
    }
    scenario = choice.scenario;
    why = choice.why;
  } else if (input.header && input.header !== scenario.id) {
    trace.warnings.push(`x-sim-scenario "${input.header}" ignored: ${existing!.key} is bound to ${scenario.id}`);
  }
  const next = nextStep(scenario, sim.scenarios.fallback, op.name, existing?.cursors[op.name]);
  trace.scenario = scenario.id;
  trace.why = why;
  trace.step = next.index;
  trace.stepFrom = next.from;
  trace.executed = next.step;
  const step = next.step;
  const chosen = scenario;
  const ctx = new StepContext<R>(
    sim,
    op,
    decoded,
    step,
    now,
    input.baseUrl,
    trace,
    { scenarioId: chosen.id, why, cursor: next.cursor },
    existing,
  );
  // the cursor moves only when the step is served (below): a request refused by the
  // operation's own checks (a swipe on a closed order) does not use up a scripted step

  if (step.reply?.outcome === 'rejected') {
    // an operation that may bring its order into being ('if-missing') still may when the step
    // refuses the request — "answer 04 twice, then the status" needs a record to count on —
    // unless the refusal is that the record does not exist
    if (!existing && identity.creates === 'if-missing' && step.reply.reason !== 'not_found') op.execute?.(ctx);
    if (existing) existing.cursors[op.name] = next.cursor;
    const refused = existing ?? ctx.order;
    if (refused) store.put(refused);
    throw new SimError('SIM_ERR_SCENARIO_REJECTED', `模拟场景 ${chosen.id}`, { reason: step.reply.reason });
  }

  // 5 apply: the operation's own effects, then the step's move
  op.execute?.(ctx);
  if (existing) existing.cursors[op.name] = next.cursor;
  const order = ctx.order;
  if (order) {
    if (step.reply?.reason) order.reason = step.reply.reason;
    const outcome = step.reply?.outcome;
    const target = step.moveTo ?? (outcome ? channel.machines[order.kind]?.outcomes[outcome] : undefined);
    if (target) ctx.transition(order, target, `${chosen.id} ${op.name}[${next.index}]`);
    // 6 persist
    store.put(order);
    // 8 schedule (7, the journal, is the caller's: it knows the wire)
    for (const cb of step.callbacks ?? []) sim.dispatcher.schedule(order.key, cb);
    for (const later of step.later ?? []) sim.later(order.key, later.event, later.afterMs);
  }

  // 9 render, with the step's field overrides on top
  let result = op.render(ctx);
  if (step.reply?.fields && result && typeof result === 'object' && !Array.isArray(result)) {
    result = { ...result, ...step.reply.fields };
  }
  return { result, step, order };
}
