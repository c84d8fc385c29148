/**
 * buildServer(channel, deps) → a Fastify instance that is one simulator (no listen). The
 * channel's routes live in an encapsulated scope with a raw-body parser (the wire needs the bytes
 * exactly as sent, for signatures) and the channel's own error renderer; the admin API lives in
 * its own scope under /__admin with ordinary JSON. With `persist`, the simulator's state is read
 * from its state file before anything starts and saved after changes and on close.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ANY_PATH, pathsOf, type AnyChannel, type Channel, type ChannelApi, type Operation } from './channel.ts';
import { SimError, toSimError } from './errors.ts';
import { explained, explanationHeaders, handleRequest, wireRequestOf } from './handle-request.ts';
import { registerAdminRoutes, type AdminOptions } from './admin-routes.ts';
import { registerDashboard } from './dashboard/register-dashboard.ts';
import { createPersistence, restoreSim, type Persistence, type Restored } from './persistence.ts';
import { createSim, type Sim, type SimDeps } from './sim.ts';
import { readState, statePath } from './state-file.ts';
import type { JournalEntry } from './journal.ts';

export interface ServerDeps extends SimDeps {
  admin?: AdminOptions;
  /** keep orders, callback deliveries and timed events in <dataDir>/<channel>.state.json across
   *  restarts (off: everything lives in memory only) */
  persist?: boolean;
}

/** where the state is saved, and what the start found there (absent: persistence is off) */
export interface PersistenceStatus {
  file: string;
  restored: Restored;
}

export type SimServer<R = unknown> = FastifyInstance & { sim: Sim<R>; persistence?: PersistenceStatus };

/** what upstreams and their clients send (JSON, forms, XML, text); anything else reaches the
 *  catch-all parser, as bytes too */
const WIRE_MEDIA_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/xml',
  'application/xml',
  'text/plain',
];

export function buildServer<R>(channel: Channel<R> | AnyChannel, deps: ServerDeps): SimServer<R> {
  // the saved state is read before anything is built: a damaged file stops start-up, naming it
  const file = deps.persist ? statePath(deps.config.dataDir, channel.name) : undefined;
  const saved = file ? readState(file, channel.name) : undefined;
  let persistence: Persistence | undefined;
  const onChange = () => {
    deps.onChange?.();
    persistence?.markDirty();
  };
  const sim = createSim<R>(channel, { ...deps, onChange });
  const restored = file && saved ? restoreSim(sim, saved, file) : { orders: 0, deliveries: 0, pending: 0, later: 0 };
  if (file) persistence = createPersistence(sim, file);
  const renderError = (error: SimError, req?: FastifyRequest) => {
    let wire;
    let request;
    try {
      request = req && wireRequestOf(req);
    } catch {
      // a request the channel cannot even echo (a URL that does not decode…): answer with nothing of it
    }
    const err = explained(sim.channel.wire, error, { request }, sim.runtime);
    try {
      wire = sim.channel.wire.writeError(err, { request }, sim.runtime);
    } catch {
      wire = sim.channel.wire.writeError(err, {}, sim.runtime);
    }
    return { err, wire: { ...wire, headers: { ...wire.headers, ...explanationHeaders(err) } } };
  };
  /** a refusal answered before any route ran: journalled like a served request, with its error */
  const journalRefusal = (
    operation: string,
    { err, wire }: ReturnType<typeof renderError>,
    status: number,
    request: NonNullable<JournalEntry['request']>,
  ) =>
    sim.journal.add({
      at: sim.clock.now(),
      kind: 'request',
      channel: channel.name,
      operation,
      request,
      response: { status, headers: wire.headers, body: wire.body },
      error: { code: err.code, message: err.message },
      warnings: [],
    });
  const api: ChannelApi<R> = {
    runtime: sim.runtime,
    store: sim.store,
    runEvent: sim.runEvent,
    createOrder: sim.createOrder,
  };

  const app = Fastify({
    // no Fastify logger: the simulator's log has one line per request (handleRequest writes it
    // from the journal entry) and every error handler here is ours; a Fastify logger, even one
    // that writes nothing, makes Fastify time every response with listeners of its own (~2% of
    // an LFT inquery in the benchmark)
    logger: false,
    // Pact's verifier and test runners keep connections alive; close must not wait for them
    forceCloseConnections: true,
    bodyLimit: channel.bodyLimit,
    // a request HTTP itself cannot parse (a body longer than its content-length, a broken
    // header) still gets the upstream's error body, not Fastify's JSON; HTTP 400, as the
    // upstream's front proxy would send
    clientErrorHandler(err, socket) {
      if ((err as { code?: string }).code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      // Node's parser code (HPE_…) is the simulator's explanation: journal and x-sim-detail, never
      // the upstream's message field (writeError renders the upstream's own text for the code)
      const parserCode = (err as { code?: string }).code ?? err.message;
      const rendered = renderError(
        new SimError('SIM_ERR_WIRE_MALFORMED', `HTTP request cannot be parsed (${parserCode}: ${err.message})`),
      );
      const packet = (err as { rawPacket?: unknown }).rawPacket;
      const entry = journalRefusal('(HTTP request that does not parse)', rendered, 400, {
        method: '',
        url: '',
        headers: {},
        body: Buffer.isBuffer(packet) ? packet : '',
      });
      const headers = { ...rendered.wire.headers, 'x-sim-journal-id': String(entry.id) };
      const body = rendered.wire.body;
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.end(
        Buffer.concat([
          Buffer.from(`HTTP/1.1 400 Bad Request\r\n${head}content-length: ${body.length}\r\nconnection: close\r\n\r\n`),
          body,
        ]),
      );
    },
    // what Fastify refuses before routing (a URL that does not decode, `/api/protocol/%ff`) is
    // answered in the upstream's format on the wire and as admin JSON under /__admin
    frameworkErrors(err, req, res) {
      const reply = res as unknown as FastifyReply;
      const simErr = toSimError(err);
      if (req.url.startsWith('/__admin')) {
        return void reply.code(400).send({
          error: { code: 'SIM_ERR_ADMIN_BAD_REQUEST', message: `${simErr.message} (${req.url.slice(0, 200)})` },
        });
      }
      // the upstream's own words on the wire; Fastify's English detail goes to the journal
      const rendered = renderError(
        new SimError('SIM_ERR_WIRE_MALFORMED', `the URL does not decode (${simErr.message})`),
      );
      const entry = journalRefusal('(URL that does not decode)', rendered, 400, {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: '',
      });
      const wire = { ...rendered.wire, headers: { ...rendered.wire.headers, 'x-sim-journal-id': String(entry.id) } };
      void reply.code(400).headers(wire.headers).send(wire.body);
    },
  }) as unknown as SimServer<R>;
  app.decorate('sim', sim);
  if (persistence) {
    app.decorate('persistence', { file: persistence.file, restored });
    // every request may change state (an order, a sequence, a seen request number), and handlers
    // change it synchronously, before any save (≥ debounceMs later) can run; marked before the
    // handler because a fault (a reset, a held connection) never completes a response. Marking is
    // a flag and at most one timer: the request path stays as fast as without persistence
    const p = persistence;
    app.addHook('preHandler', (_req, _reply, done) => {
      p.markDirty();
      done();
    });
  }

  app.register(async (scope) => {
    // the exact bytes: a signature is over bytes, and the charset is the channel's to decide
    scope.removeAllContentTypeParsers();
    const raw = { parseAs: 'buffer', bodyLimit: channel.bodyLimit } as const;
    const keep = (_req: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
    // the media types upstreams send, named: Fastify caches the parser it finds for a named type,
    // while the catch-all alone makes it parse the content-type header on every request (~4% of
    // an LFT inquery)
    for (const type of WIRE_MEDIA_TYPES) scope.addContentTypeParser(type, raw, keep);
    scope.addContentTypeParser('*', raw, keep);
    scope.setErrorHandler(async (e, req, reply) => {
      const { wire } = renderError(toSimError(e), req);
      return reply.code(wire.status).headers(wire.headers).send(wire.body);
    });
    // one route per path, decoded once; the operation is chosen from the decoded fields
    for (const [path, ops] of operationsByPath(sim.channel.operations)) {
      if (path !== ANY_PATH) {
        scope.post(path, (req, reply) => handleRequest(sim, ops, req, reply));
        continue;
      }
      // any path on the port (a bank front listens on one address), except the admin API's own
      scope.post('/*', (req, reply) => {
        if (req.url === '/__admin' || req.url.startsWith('/__admin/')) {
          return void reply.code(404).send({
            error: {
              code: 'SIM_ERR_ADMIN_NOT_FOUND',
              message: `no admin route ${req.method} ${req.url} (see /__admin/openapi.json)`,
            },
          });
        }
        return handleRequest(sim, ops, req, reply);
      });
    }
    scope.setNotFoundHandler(async (req, reply) => {
      const { wire } = renderError(
        new SimError(
          'SIM_ERR_WIRE_NOT_FOUND',
          `no ${req.method} ${req.url.split('?')[0]} on the ${channel.name} simulator`,
        ),
        req,
      );
      return reply.code(wire.status).headers(wire.headers).send(wire.body);
    });
  });

  // a channel's pages (a cashier…) in scopes of their own: their own parsers, none of the wire's
  for (const plugin of sim.channel.plugins ?? []) app.register(async (scope) => plugin(scope, api));
  app.register(async (scope) => registerAdminRoutes(scope, sim, deps.admin ?? {}), { prefix: '/__admin' });
  app.register(async (scope) => registerDashboard(scope, sim, deps.admin ?? {}), { prefix: '/__admin/ui' });
  app.addHook('onClose', async () => {
    // saved before reset() empties the sim
    await persistence?.close();
    sim.reset();
  });
  return app;
}

/** the channel's wire operations grouped by path, in declaration order (routing order) */
export function operationsByPath<R>(operations: readonly Operation<R>[]): Map<string, Operation<R>[]> {
  const byPath = new Map<string, Operation<R>[]>();
  for (const op of operations) {
    for (const path of pathsOf(op as Operation<unknown>)) {
      const list = byPath.get(path) ?? [];
      list.push(op);
      byPath.set(path, list);
    }
  }
  return byPath;
}
