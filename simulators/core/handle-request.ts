/**
 * THE pipeline, read top to bottom: read → route → validate → identify → decide → apply →
 * persist → record → schedule → render → write. A request is decoded once for its path, then the
 * operation is the first of the path's operations whose route predicate holds over the decoded
 * fields (as msw's GraphQL handlers share one endpoint and match on the operation name); none
 * matching is one core error the channel renders in its own codes. Steps 4–9 are runStep()'s
 * (run-step.ts), shared with outside-world events. Errors anywhere become the channel's own
 * error reply; nothing here knows a channel's fields.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendSoon } from './send-soon.ts';
import type { ChannelWire, Decoded, Operation, WireReply, WireRequest } from './channel.ts';
import { SimError, toSimError } from './errors.ts';
import { applyFault } from './faults.ts';
import { evaluate } from './predicates.ts';
import { logRequest } from './request-log.ts';
import { runStep, type Trace } from './run-step.ts';
import type { Sim } from './sim.ts';
import type { Step } from '../../scenarios/schema.ts';

/** the operation of a request on a path: the first whose route holds (none: undefined) */
export function routeOperation<R>(
  ops: readonly Operation<R>[],
  fields: Record<string, unknown>,
): Operation<R> | undefined {
  // a loop, not ops.find(closure): this runs on every request
  for (const op of ops) if (!op.route || evaluate(op.route, fields)) return op;
  return undefined;
}

function baseUrlOf(sim: Sim<unknown>, req: FastifyRequest): string {
  return sim.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? `127.0.0.1`}`;
}

/** longest x-sim-detail value sent (the journal keeps the whole message) */
const DETAIL_MAX = 1024;

/**
 * The simulator's own explanation of a refusal, in headers of its own beside the upstream's
 * answer: which SimError, in words (percent-encoded UTF-8, as a header value must be ASCII), and
 * the journal entry that holds the whole story. The upstream's fields carry only the upstream's
 * words; a tester reads why here (`decodeURIComponent(res.headers['x-sim-detail'])`).
 */
export function explanationHeaders(error: SimError, journalId?: number): Record<string, string> {
  const h: Record<string, string> = {
    'x-sim-error': error.code,
    'x-sim-detail': encodeURIComponent(error.message.slice(0, DETAIL_MAX)),
  };
  if (journalId !== undefined) h['x-sim-journal-id'] = String(journalId);
  return h;
}

/**
 * The error as the channel explains it (ChannelWire.explain), or as it was: the one place a
 * refusal's words are settled before the journal, `x-sim-detail` and writeError see it. The
 * explanation never throws a request off its answer: a failing explain keeps the error.
 */
export function explained<R>(
  wire: ChannelWire<R>,
  error: SimError,
  at: { decoded?: Decoded; request?: WireRequest },
  runtime: R,
): SimError {
  if (!wire.explain) return error;
  try {
    return wire.explain(error, at, runtime);
  } catch {
    return error;
  }
}

/** the request as the wire sees it: exact bytes, path without the query */
export function wireRequestOf(req: FastifyRequest): WireRequest {
  const q = req.url.indexOf('?');
  return {
    method: req.method,
    url: req.url,
    path: q < 0 ? req.url : req.url.slice(0, q),
    headers: req.headers,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}

/**
 * Serves one request. Synchronous unless the step delays or faults the answer: a plain answer is
 * made and journaled before it returns, with no promise for Fastify to wait on (an async handler
 * awaiting the reply cost every request two promise turns), and goes out with the others of the
 * event loop's turn (send-soon.ts).
 */
export function handleRequest<R>(
  sim: Sim<R>,
  ops: readonly Operation<R>[],
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> | undefined {
  const { channel, runtime, clock } = sim;
  const started = performance.now();
  const at = clock.now();
  const request = wireRequestOf(req);
  const trace: Trace = { warnings: [] };
  let decoded: Decoded | undefined;
  let op: Operation<R> | undefined;
  let wire: WireReply;
  let error: SimError | undefined;
  let step: Step = {};
  let warningsTaken = false;
  try {
    decoded = channel.wire.read(request, runtime); // 1 read
    op = routeOperation(ops, decoded.fields); // 1b route
    if (!op)
      throw new SimError(
        'SIM_ERR_WIRE_NO_OPERATION',
        `no operation of the ${channel.name} simulator on ${request.path} matches this request (${ops.map((o) => o.name).join(', ')})`,
      );
    op.validate?.(decoded.fields, decoded, runtime, sim.ports); // 2 validate
    // the read's warnings and what validate added to them, taken once validate is through
    for (const w of decoded.warnings) trace.warnings.push(w);
    warningsTaken = true;
    const identity = op.identify(decoded.fields, decoded, runtime); // 3 identify
    const header = req.headers['x-sim-scenario'];
    const run = runStep(
      sim,
      { op, decoded, identity, header: typeof header === 'string' ? header : undefined, baseUrl: baseUrlOf(sim, req) },
      trace,
    );
    step = run.step;
    wire = channel.wire.write(run.result, decoded, runtime); // 10 write
  } catch (e) {
    if (decoded && !warningsTaken) for (const w of decoded.warnings) trace.warnings.push(w);
    error = explained(channel.wire, toSimError(e), { decoded, request }, runtime);
    step = trace.executed ?? {};
    wire = channel.wire.writeError(error, { decoded, request, op }, runtime);
  }
  // 7 record
  const entry = sim.journal.add({
    at,
    kind: 'request',
    channel: channel.name,
    operation: op?.name ?? `(no operation on ${request.path})`,
    orderKey: trace.orderKey,
    scenario: trace.scenario,
    why: trace.why,
    step: trace.step,
    // the bytes as they came and went: the journal decodes them in the channel's charset when read
    request: { method: req.method, url: req.url, headers: req.headers, body: request.body },
    fields: decoded?.fields,
    response: { status: wire.status, headers: wire.headers, body: wire.body },
    error: error && { code: error.code, message: error.message },
    fault: step.fault,
    warnings: trace.warnings,
    durationMs: Math.round(performance.now() - started),
  });
  logRequest(sim, entry, wire, request, error, op);
  if (error) wire = { ...wire, headers: { ...wire.headers, ...explanationHeaders(error, entry.id) } };
  if (step.delayMs || step.fault) return answerLater(sim, step, reply, wire);
  sendSoon(reply, wire, sim.log);
  return undefined;
}

/** a scripted slow answer or a fault (reset, timeout, garbage): after the delay, if any */
async function answerLater<R>(sim: Sim<R>, step: Step, reply: FastifyReply, wire: WireReply): Promise<void> {
  if (step.delayMs) await sim.clock.sleep(step.delayMs);
  if (step.fault) return applyFault(step.fault, reply, wire, sim.clock, sim.faultTimeoutMs);
  await reply.code(wire.status).headers(wire.headers).send(wire.body);
}
