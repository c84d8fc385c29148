/**
 * The admin API under /__admin: health, credentials, scenarios and overrides, orders and their
 * outside-world events, the journal, callbacks and replay, the test clock, reset. JSON in and
 * out, errors as {"error":{"code","message"}}. It drives the core only; what an event means is
 * the channel's event operation.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminRefusal, type AdminOptions } from './admin-auth.ts';
import { adminOpenApi, withRegisteredRoutes, type RegisteredRoute } from './admin-openapi.ts';
import { MAX_CLOCK_TIME } from './clock.ts';
import { SimError, toSimError } from './errors.ts';
import type { JournalKind } from './journal.ts';
import type { Order } from './order-store.ts';
import { checkPredicate, type Predicate } from './predicates.ts';
import { resolveScenarioId } from './scenario-engine.ts';
import { eventNames, type Sim } from './sim.ts';

export type { AdminOptions } from './admin-auth.ts';

type Body = Record<string, unknown> | undefined;
const bad = (msg: string) => new SimError('SIM_ERR_ADMIN_BAD_REQUEST', msg);

export function orderView(o: Order) {
  return {
    key: o.key,
    kind: o.kind,
    state: o.state,
    merchant: o.merchant,
    reason: o.reason,
    aliases: o.aliases,
    scenario: o.scenarioId,
    scenarioWhy: o.scenarioWhy,
    cursors: o.cursors,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
    history: o.history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    data: o.data,
  };
}

export async function registerAdminRoutes(app: FastifyInstance, sim: Sim<unknown>, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    const refusal = adminRefusal(req, opts);
    if (!refusal) return;
    // RFC 6750: a missing or wrong token is 401 with a challenge; who is asking is 403
    if (refusal.code === 'SIM_ERR_ADMIN_UNAUTHORIZED')
      reply.header('www-authenticate', 'Bearer realm="channel-sim admin"');
    throw new SimError(refusal.code, refusal.message);
  });
  // JSON bodies only; an empty body is no body (`curl -X POST -H 'content-type: application/json'`)
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (!(body as string).trim()) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      done(bad(`the body is not valid JSON (${(e as Error).message})`));
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (!(body as string).length) return done(null, undefined);
    done(
      Object.assign(
        bad(
          `admin API bodies are JSON (content-type: application/json), not ${req.headers['content-type'] ?? 'untyped'}`,
        ),
        { statusCode: 415 },
      ),
    );
  });
  app.setErrorHandler(async (e, _req, reply: FastifyReply) => {
    // Fastify's own refusals (a body too large, an unsupported media type) keep their 4xx status
    const status = (e as { statusCode?: number }).statusCode;
    const own = status !== undefined && status >= 400 && status < 500 ? status : undefined;
    const err = own !== undefined && !(e instanceof SimError) ? bad((e as Error).message) : toSimError(e);
    return reply.code(own ?? err.status).send({ error: { code: err.code, message: err.message } });
  });
  app.setNotFoundHandler(async (req, reply) =>
    reply.code(404).send({
      error: {
        code: 'SIM_ERR_ADMIN_NOT_FOUND',
        message: `no admin route ${req.method} ${req.url} (see /__admin/openapi.json)`,
      },
    }),
  );
  const { channel } = sim;
  // every route registered in this scope, the channel's own included: the OpenAPI document
  // covers what Fastify actually serves, not a list kept by hand
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const summary = (r.config as { summary?: string } | undefined)?.summary;
    for (const m of methods)
      if (m !== 'HEAD')
        registered.push({
          method: m.toLowerCase(),
          path: r.url.replace(/^\/__admin/, '').replace(/:(\w+)/g, '{$1}'),
          summary,
        });
  });

  app.get('/health', async () => ({
    status: 'ok',
    channel: channel.name,
    title: channel.title,
    orders: sim.store.size(),
    pendingTimers: sim.clock.pending(),
    now: new Date(sim.clock.now()).toISOString(),
  }));
  app.get('/openapi.json', async () =>
    withRegisteredRoutes(
      adminOpenApi(channel.name, eventNames(channel), Object.keys(channel.callbacks?.events ?? {})),
      registered,
      channel.name,
    ),
  );
  app.get('/credentials', async () => ({ channel: channel.name, ...channel.credentials(sim.runtime) }));

  app.get('/scenarios', async () => ({
    scenarios: [...sim.scenarios.byId.values()].map((s) => ({
      id: s.id,
      description: s.description,
      when: s.when,
      operations: Object.keys(s.steps),
      file: s.file,
    })),
    overrides: sim.overrides.list(),
  }));
  app.post('/scenarios/use', async (req) => {
    const b = (req.body ?? {}) as Body;
    if (typeof b?.scenario !== 'string') throw bad('body needs "scenario": a scenario id such as "lft/payin-declined"');
    const s = resolveScenarioId(sim.scenarios, b.scenario);
    if (!s) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', `no scenario "${b.scenario}"`);
    if (b.operation !== undefined && !channel.operations.some((o) => o.name === b.operation))
      throw bad(`no operation "${String(b.operation)}"`);
    if (b.match !== undefined) {
      const problems = checkPredicate(b.match, 'match');
      if (problems.length) throw bad(problems.join('; '));
    }
    // prepended: the newest override wins
    return sim.overrides.use({
      scenarioId: s.id,
      operation: b.operation as string | undefined,
      match: b.match as Predicate | undefined,
      once: b.once === true,
      createdAt: sim.clock.now(),
    });
  });
  app.delete('/scenarios/overrides', async () => ({ removed: sim.overrides.reset() }));

  app.get('/orders', async (req) => {
    const q = req.query as Record<string, string>;
    return { orders: sim.store.list({ kind: q.kind, limit: Number(q.limit ?? 100) }).map(orderView) };
  });
  app.get('/orders/:key', async (req) => {
    const { key } = req.params as { key: string };
    const o = sim.store.get(key);
    if (!o) throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `no order "${key}"`);
    return orderView(o);
  });
  app.post('/orders/:key/events/:event', async (req) => {
    const { key, event } = req.params as { key: string; event: string };
    return orderView(await sim.runEvent(key, event, 'admin API'));
  });

  app.get('/journal', async (req) => {
    const q = req.query as Record<string, string>;
    return {
      entries: sim.journal.list({
        orderKey: q.order,
        kind: q.kind as JournalKind | undefined,
        operation: q.operation,
        limit: q.limit ? Number(q.limit) : undefined,
      }),
    };
  });

  app.get('/callbacks', async (req) => {
    const q = req.query as Record<string, string>;
    return { deliveries: sim.dispatcher.list({ orderKey: q.order, status: q.status as never }) };
  });
  app.get('/callbacks/:id', async (req) => {
    const d = sim.dispatcher.get((req.params as { id: string }).id);
    if (!d) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', 'no such delivery');
    return d;
  });
  app.post('/callbacks/:id/replay', async (req) => {
    const { id } = req.params as { id: string };
    const mode = ((req.body ?? {}) as Body)?.mode ?? 'resign';
    if (mode !== 'resign' && mode !== 'exact') throw bad('mode must be "resign" or "exact"');
    if (!sim.dispatcher.get(id)) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', `no delivery "${id}"`);
    return sim.dispatcher.replay(id, mode);
  });

  app.get('/clock', async () => ({
    now: new Date(sim.clock.now()).toISOString(),
    pendingTimers: sim.clock.pending(),
    timeScale: sim.timeScale,
  }));
  app.post('/clock/advance', async (req) => {
    const ms = ((req.body ?? {}) as Body)?.ms;
    if (!Number.isInteger(ms) || (ms as number) < 0) throw bad('body needs "ms": a whole number of milliseconds ≥ 0');
    const room = MAX_CLOCK_TIME - sim.clock.now();
    if ((ms as number) > room) {
      throw bad(
        `"ms": ${String(ms)} would move the clock past ${new Date(MAX_CLOCK_TIME).toISOString()} (9999-12-31 in UTC+8, the last time the wire formats can write); at most ${room} from now`,
      );
    }
    const fired = await sim.clock.advance(ms as number);
    return { fired, now: new Date(sim.clock.now()).toISOString(), pendingTimers: sim.clock.pending() };
  });
  channel.adminRoutes?.(app, {
    runtime: sim.runtime,
    store: sim.store,
    runEvent: sim.runEvent,
    createOrder: sim.createOrder,
  });

  app.post('/reset', async () => {
    sim.reset();
    return { reset: true };
  });
}
