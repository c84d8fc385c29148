/**
 * THE pipeline, read top to bottom: read → validate → identify → decide → apply → persist →
 * record → schedule → render → write. Wire operations and outside-world events (a POS swipe,
 * funds arriving) share steps 4–9 through runStep(). Errors anywhere become the channel's own
 * error reply; nothing here knows a channel's fields.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Decoded, Identity, Operation, WireReply } from './channel.ts';
import { SimError, toSimError } from './errors.ts';
import { applyFault } from './faults.ts';
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

export function runStep<R>(sim: Sim<R>, input: StepInput<R>, trace: Trace): { result: unknown; step: Step; order?: Order } {
  const { channel, store, clock, runtime } = sim;
  const { op, decoded, identity } = input;
  const now = clock.now();
  const found = identity.key ? store.get(identity.key) : undefined;
  // orders belong to one merchant and one kind: another merchant's order, or a payout looked up
  // as a payment, does not exist as far as this request can tell
  const existing = found && found.merchant === decoded.merchant && (!identity.kind || found.kind === identity.kind) ? found : undefined;
  if (identity.creates === true && found) {
    throw new SimError('SIM_ERR_ORDER_DUPLICATE', `${identity.key} 已被使用`, { kind: identity.kind ?? op.kind, field: identity.keyField });
  }
  if (!identity.creates && identity.key && !existing) {
    throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `${identity.keyField ?? 'key'}=${identity.key} 不存在`, { kind: identity.kind ?? op.kind, field: identity.keyField });
  }
  trace.orderKey = existing?.key;

  // 4 decide: an existing order keeps the scenario bound to it; a new one chooses
  let scenario = existing && sim.scenarios.byId.get(existing.scenarioId);
  let why = existing ? `bound to ${existing.key} (${existing.scenarioWhy})` : '';
  if (!scenario) {
    const choice = selectScenario(sim.scenarios, { header: input.header, overrides: sim.overrides, operation: op.name, fields: decoded.fields });
    if ('unknownHeader' in choice) {
      throw new SimError('SIM_ERR_SCENARIO_UNKNOWN', `x-sim-scenario: no scenario "${choice.unknownHeader}" (see GET /__admin/scenarios)`);
    }
    if (choice.override?.once) sim.overrides.splice(sim.overrides.indexOf(choice.override), 1);
    scenario = choice.scenario;
    why = choice.why;
  } else if (input.header && input.header !== scenario.id) {
    trace.warnings.push(`x-sim-scenario "${input.header}" ignored: ${existing!.key} is bound to ${scenario.id}`);
  }
  const next = nextStep(scenario, sim.scenarios.fallback, op.name, existing?.cursors[op.name]);
  Object.assign(trace, { scenario: scenario.id, why, step: next.index, stepFrom: next.from, executed: next.step });
  const step = next.step;
  const chosen = scenario;
  const ctx = new StepContext<R>(sim, op, decoded, step, now, input.baseUrl, trace, { scenarioId: chosen.id, why, cursor: next.cursor }, existing);
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

function baseUrlOf(sim: Sim<unknown>, req: FastifyRequest): string {
  return sim.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `127.0.0.1`}`;
}

export async function handleOperation<R>(sim: Sim<R>, op: Operation<R>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { channel, runtime, clock } = sim;
  const started = performance.now();
  const at = clock.now();
  const body = typeof req.body === 'string' ? req.body : '';
  const trace: Trace = { warnings: [] };
  let decoded: Decoded | undefined;
  const request = { method: req.method, url: req.url, headers: req.headers, body };
  let wire: WireReply;
  let error: SimError | undefined;
  let step: Step = {};
  try {
    decoded = channel.wire.read(request, op, runtime); // 1 read
    trace.warnings.push(...decoded.warnings);
    op.validate?.(decoded.fields, decoded, runtime); // 2 validate
    const identity = op.identify(decoded.fields, decoded, runtime); // 3 identify
    const header = req.headers['x-sim-scenario'];
    const run = runStep(sim, { op, decoded, identity, header: typeof header === 'string' ? header : undefined, baseUrl: baseUrlOf(sim, req) }, trace);
    step = run.step;
    wire = channel.wire.write(run.result, decoded, runtime); // 10 write
  } catch (e) {
    error = toSimError(e);
    step = trace.executed ?? {};
    wire = channel.wire.writeError(error, { decoded, request, op }, runtime);
  }
  // 7 record
  sim.journal.add({
    at,
    kind: 'request',
    channel: channel.name,
    operation: op.name,
    orderKey: trace.orderKey,
    scenario: trace.scenario,
    why: trace.why,
    step: trace.step,
    request: { method: req.method, url: req.url, headers: req.headers, body },
    fields: decoded?.fields,
    response: { status: wire.status, headers: wire.headers, body: wire.body },
    error: error && { code: error.code, message: error.message },
    fault: step.fault,
    warnings: trace.warnings,
    durationMs: Math.round(performance.now() - started),
  });
  if (step.delayMs) await clock.sleep(step.delayMs);
  if (step.fault) return applyFault(step.fault, reply, wire, clock, sim.faultTimeoutMs);
  await reply.code(wire.status).headers(wire.headers).send(wire.body);
}
