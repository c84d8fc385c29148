/**
 * The admin API under /__admin: health, credentials, scenarios and overrides, orders and their
 * outside-world events, the journal, callbacks and replay, the test clock, reset. JSON in and
 * out, errors as {"error":{"code","message"}}. It drives the core only; what an event means is
 * the channel's event operation. Every route declares its schema (admin-schemas.ts), from which
 * /__admin/openapi.json is generated: a route without one would be missing from the document,
 * and the test over every channel's document fails.
 */
import type { FastifyInstance } from 'fastify';
import { adminRefusal, type AdminOptions } from './admin-auth.ts';
import { registerAdminOpenApi } from './admin-openapi.ts';
import { BODY_REFUSALS, adminSchema, list, obj, open, ref, str } from './admin-schemas.ts';
import { MAX_CLOCK_TIME } from './clock.ts';
import { SimError } from './errors.ts';
import { adminErrorHandler } from './admin-errors.ts';
import type { JournalKind } from './journal.ts';
import type { Order } from './order-store.ts';
import { checkPredicate, type Predicate } from './predicates.ts';
import { resolveScenarioId } from './scenario-engine.ts';
import { eventNames, type Sim } from './sim.ts';
import { scenarioJsonSchema } from '../../scenarios/json-schema.ts';

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

/** Swagger UI's routes and the OpenAPI document (registered by the plugins, under the /__admin prefix) */
const DOCUMENTATION = /^\/__admin\/(docs(\/|$)|openapi\.json$)/;

export async function registerAdminRoutes(app: FastifyInstance, sim: Sim<unknown>, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    // The API's documentation (Swagger UI's page and assets, the OpenAPI document) holds no secret,
    // and a browser cannot send a header to open a page: the loopback rule applies to it, the token
    // does not. Every call it makes is an admin call and needs the token (Swagger UI's Authorize).
    const documentation =
      DOCUMENTATION.test(req.routeOptions.url ?? '') ||
      // an admin route declared public (adminSchema's `public`: security none in its schema)
      (req.routeOptions.schema as { security?: unknown[] } | undefined)?.security?.length === 0;
    const refusal = adminRefusal(req, documentation ? { ...opts, token: undefined } : opts);
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
  // The route schemas document the API (they generate /__admin/openapi.json); they do not filter
  // it. Answers are serialised with JSON.stringify, as before the schemas existed: Fastify's
  // schema serialiser would silently drop every member a schema does not list (an order's data,
  // a channel's view), and the admin API must show everything it has. Input is checked by each
  // handler, with messages in the simulator's words, not Ajv's; the admin tests check both.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setValidatorCompiler(() => () => true);
  app.setErrorHandler(adminErrorHandler(sim));
  app.setNotFoundHandler(async (req, reply) =>
    reply.code(404).send({
      error: {
        code: 'SIM_ERR_ADMIN_NOT_FOUND',
        message: `no admin route ${req.method} ${req.url} (see /__admin/openapi.json)`,
      },
    }),
  );
  const { channel } = sim;
  await registerAdminOpenApi(app, channel, Boolean(opts.token));

  app.get(
    '/health',
    {
      schema: adminSchema({
        operationId: 'getHealth',
        summary: 'liveness and counters',
        tags: ['simulator'],
        ok: {
          200: [
            'the simulator is up',
            obj(
              {
                status: str(undefined, { enum: ['ok'] }),
                channel: str('the channel name'),
                title: str("the upstream's name"),
                orders: { type: 'integer', description: 'orders held' },
                pendingTimers: { type: 'integer', description: 'timers waiting on the clock' },
                now: str('simulator time', { format: 'date-time' }),
              },
              ['status', 'channel', 'title', 'orders', 'pendingTimers', 'now'],
            ),
          ],
        },
      }),
    },
    async () => ({
      status: 'ok',
      channel: channel.name,
      title: channel.title,
      orders: sim.store.size(),
      pendingTimers: sim.clock.pending(),
      now: new Date(sim.clock.now()).toISOString(),
    }),
  );
  app.get(
    '/openapi.json',
    {
      schema: adminSchema({
        operationId: 'getOpenApi',
        summary: 'this document (OpenAPI 3.1), generated from the routes; Swagger UI over it at /__admin/docs',
        tags: ['simulator'],
        ok: { 200: ['the OpenAPI document', open('an OpenAPI 3.1 document')] },
      }),
    },
    async () => app.swagger(),
  );
  app.get(
    '/credentials',
    {
      schema: adminSchema({
        operationId: 'getCredentials',
        summary: 'everything a client needs (ids, keys, URLs), as JSON; secrets included',
        tags: ['simulator'],
        ok: {
          200: [
            "the channel's credentials",
            {
              ...open("the channel's credentials: its README names the members"),
              properties: { channel: str() },
              required: ['channel'],
            },
          ],
        },
      }),
    },
    async () => ({ channel: channel.name, ...channel.credentials(sim.runtime) }),
  );

  app.get(
    '/scenarios',
    {
      schema: adminSchema({
        operationId: 'listScenarios',
        summary: 'the loaded scenarios and the active overrides',
        tags: ['scenarios'],
        ok: {
          200: [
            'scenarios and overrides',
            obj(
              {
                scenarios: list(
                  obj(
                    {
                      id: str('channel/name'),
                      description: str(),
                      when: open('which requests it answers by default, when it says'),
                      operations: list(str(), 'the operations it has steps for'),
                      file: str('the file it was loaded from'),
                    },
                    ['id', 'operations'],
                  ),
                ),
                overrides: list(ref('Override'), 'newest first: the first that applies wins'),
              },
              ['scenarios', 'overrides'],
            ),
          ],
        },
      }),
    },
    async () => ({
      scenarios: [...sim.scenarios.byId.values()].map((s) => ({
        id: s.id,
        description: s.description,
        when: s.when,
        operations: Object.keys(s.steps),
        file: s.file,
      })),
      overrides: sim.overrides.list(),
    }),
  );
  // what an editor reads to complete and check this channel's scenario files (the same schema as
  // scenarios/<channel>.schema.json in the package): for a user with the image and no node_modules
  let scenarioSchema: Record<string, unknown> | undefined;
  app.get(
    '/scenarios/schema.json',
    {
      schema: adminSchema({
        operationId: 'scenarioJsonSchema',
        summary: "the JSON Schema (draft-07) of this channel's scenario files, for an editor's $schema",
        tags: ['scenarios'],
        public: true,
        ok: { 200: ['a JSON Schema', open('a JSON Schema, draft-07')] },
      }),
    },
    async () => (scenarioSchema ??= scenarioJsonSchema(channel)),
  );
  app.post(
    '/scenarios/use',
    {
      schema: adminSchema({
        operationId: 'useScenario',
        summary: 'prepend an override: orders created from now on (that match) use this scenario',
        tags: ['scenarios'],
        body: obj(
          {
            scenario: str('a scenario id, e.g. lft/payin-declined (the channel prefix may be left out)'),
            operation: str('only for orders created by this operation'),
            match: open('a predicate on the upstream fields of the request'),
            once: { type: 'boolean', description: 'consumed by the first order it binds', default: false },
          },
          ['scenario'],
        ),
        ok: { 200: ['the override', ref('Override')] },
        errors: { ...BODY_REFUSALS, 404: 'no such scenario' },
      }),
    },
    async (req) => {
      const b = (req.body ?? {}) as Body;
      if (typeof b?.scenario !== 'string')
        throw bad('body needs "scenario": a scenario id such as "lft/payin-declined"');
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
    },
  );
  app.delete(
    '/scenarios/overrides',
    {
      schema: adminSchema({
        operationId: 'clearOverrides',
        summary: 'remove every override',
        tags: ['scenarios'],
        ok: { 200: ['how many were removed', obj({ removed: { type: 'integer' } }, ['removed'])] },
        errors: BODY_REFUSALS,
      }),
    },
    async () => ({ removed: sim.overrides.reset() }),
  );

  const orderKey = { key: str('the order key, or an alias (a POS code, a platform order number)') };
  app.get(
    '/orders',
    {
      schema: adminSchema({
        operationId: 'listOrders',
        summary: 'orders, newest first',
        tags: ['orders'],
        querystring: {
          kind: str('only orders of this kind'),
          limit: { type: 'integer', minimum: 0, default: 100, description: 'at most this many' },
        },
        ok: { 200: ['orders', obj({ orders: list(ref('Order')) }, ['orders'])] },
      }),
    },
    async (req) => {
      const q = req.query as Record<string, string>;
      return { orders: sim.store.list({ kind: q.kind, limit: Number(q.limit ?? 100) }).map(orderView) };
    },
  );
  app.get(
    '/orders/:key',
    {
      schema: adminSchema({
        operationId: 'getOrder',
        summary: 'one order by key or alias',
        tags: ['orders'],
        params: orderKey,
        ok: { 200: ['the order', ref('Order')] },
        errors: { 404: 'no such order' },
      }),
    },
    async (req) => {
      const { key } = req.params as { key: string };
      const o = sim.store.get(key);
      if (!o) throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `no order "${key}"`);
      return orderView(o);
    },
  );
  app.post(
    '/orders/:key/events/:event',
    {
      schema: adminSchema({
        operationId: 'runOrderEvent',
        summary: "an outside-world event on the order: runs the bound scenario's steps for it",
        tags: ['orders'],
        params: {
          ...orderKey,
          event: str("the event (the channel's README says what each means)", { enum: eventNames(channel) }),
        },
        ok: { 200: ['the order after the event', ref('Order')] },
        errors: {
          ...BODY_REFUSALS,
          404: 'no such order, or the channel has no such event',
          409: "the event is not allowed in the order's state, or the scenario refuses it",
        },
      }),
    },
    async (req) => {
      const { key, event } = req.params as { key: string; event: string };
      return orderView(await sim.runEvent(key, event, 'admin API'));
    },
  );

  app.get(
    '/journal',
    {
      schema: adminSchema({
        operationId: 'listJournal',
        summary: 'requests served, outside-world events and callback attempts, newest first',
        tags: ['journal'],
        querystring: {
          order: str('only entries of this order key'),
          kind: str('only entries of this kind', { enum: ['request', 'event', 'callback'] }),
          operation: str('only entries of this operation or event'),
          limit: { type: 'integer', minimum: 0, description: 'at most this many' },
        },
        ok: { 200: ['journal entries', obj({ entries: list(ref('JournalEntry')) }, ['entries'])] },
      }),
    },
    async (req) => {
      const q = req.query as Record<string, string>;
      return {
        entries: sim.journal.list({
          orderKey: q.order,
          kind: q.kind as JournalKind | undefined,
          operation: q.operation,
          limit: q.limit ? Number(q.limit) : undefined,
        }),
      };
    },
  );

  const deliveryId = { id: str('the delivery id') };
  app.get(
    '/callbacks',
    {
      schema: adminSchema({
        operationId: 'listCallbacks',
        summary: `callback deliveries (${Object.keys(channel.callbacks?.events ?? {}).join(', ') || 'this channel sends none'})`,
        tags: ['callbacks'],
        querystring: {
          order: str('only deliveries of this order key'),
          status: str('only deliveries in this status', {
            enum: ['scheduled', 'retrying', 'acked', 'gave-up', 'skipped'],
          }),
        },
        ok: { 200: ['deliveries', obj({ deliveries: list(ref('Delivery')) }, ['deliveries'])] },
      }),
    },
    async (req) => {
      const q = req.query as Record<string, string>;
      return { deliveries: sim.dispatcher.list({ orderKey: q.order, status: q.status as never }) };
    },
  );
  app.get(
    '/callbacks/:id',
    {
      schema: adminSchema({
        operationId: 'getCallback',
        summary: 'one delivery with its attempts',
        tags: ['callbacks'],
        params: deliveryId,
        ok: { 200: ['the delivery', ref('Delivery')] },
        errors: { 404: 'no such delivery' },
      }),
    },
    async (req) => {
      const d = sim.dispatcher.get((req.params as { id: string }).id);
      if (!d) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', 'no such delivery');
      return d;
    },
  );
  app.post(
    '/callbacks/:id/replay',
    {
      schema: adminSchema({
        operationId: 'replayCallback',
        summary: 'send a delivery again: re-signed from the order as it is now, or the exact bytes of its last attempt',
        tags: ['callbacks'],
        params: deliveryId,
        body: obj({ mode: str(undefined, { enum: ['resign', 'exact'], default: 'resign' }) }),
        ok: { 200: ['the replay: a new delivery', ref('Delivery')] },
        errors: { ...BODY_REFUSALS, 404: 'no such delivery' },
      }),
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const mode = ((req.body ?? {}) as Body)?.mode ?? 'resign';
      if (mode !== 'resign' && mode !== 'exact') throw bad('mode must be "resign" or "exact"');
      if (!sim.dispatcher.get(id)) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', `no delivery "${id}"`);
      return sim.dispatcher.replay(id, mode);
    },
  );

  const now = str('simulator time', { format: 'date-time' });
  const pendingTimers = { type: 'integer', description: 'timers waiting on the clock' };
  app.get(
    '/clock',
    {
      schema: adminSchema({
        operationId: 'getClock',
        summary: 'simulator time and pending timers',
        tags: ['clock'],
        ok: {
          200: [
            'the clock',
            obj(
              {
                now,
                pendingTimers,
                timeScale: { type: 'number', description: 'what every callback wait is multiplied by' },
              },
              ['now', 'pendingTimers', 'timeScale'],
            ),
          ],
        },
      }),
    },
    async () => ({
      now: new Date(sim.clock.now()).toISOString(),
      pendingTimers: sim.clock.pending(),
      timeScale: sim.timeScale,
    }),
  );
  app.post(
    '/clock/advance',
    {
      schema: adminSchema({
        operationId: 'advanceClock',
        summary: 'move time forward and fire everything due by then',
        tags: ['clock'],
        body: obj({ ms: { type: 'integer', minimum: 0, description: 'milliseconds' } }, ['ms']),
        ok: {
          200: [
            'what fired',
            obj({ fired: { type: 'integer', description: 'timers fired' }, now, pendingTimers }, [
              'fired',
              'now',
              'pendingTimers',
            ]),
          ],
        },
        errors: BODY_REFUSALS,
      }),
    },
    async (req) => {
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
    },
  );
  channel.adminRoutes?.(app, {
    runtime: sim.runtime,
    store: sim.store,
    runEvent: sim.runEvent,
    createOrder: sim.createOrder,
  });

  app.post(
    '/reset',
    {
      schema: adminSchema({
        operationId: 'reset',
        summary: 'forget orders, the journal, deliveries, timers and overrides',
        tags: ['simulator'],
        ok: { 200: ['done', obj({ reset: { type: 'boolean', enum: [true] } }, ['reset'])] },
        errors: BODY_REFUSALS,
      }),
    },
    async () => {
      sim.reset();
      return { reset: true };
    },
  );
}
