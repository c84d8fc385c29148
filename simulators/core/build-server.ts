/**
 * buildServer(channel, deps) → a Fastify instance that is one simulator (no listen). The
 * channel's routes live in an encapsulated scope with a raw-body parser (the wire needs the bytes
 * exactly as sent, for signatures) and the channel's own error renderer; the admin API lives in
 * its own scope under /__admin with ordinary JSON.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AnyChannel, Channel } from './channel.ts';
import { SimError, toSimError } from './errors.ts';
import { handleOperation } from './handle-operation.ts';
import { registerAdminRoutes, type AdminOptions } from './admin-routes.ts';
import { createSim, type Sim, type SimDeps } from './sim.ts';

export interface ServerDeps extends SimDeps {
  admin?: AdminOptions;
  /** Fastify logger options; off by default (a simulator's journal is its log) */
  logger?: boolean | Record<string, unknown>;
}

export type SimServer<R = unknown> = FastifyInstance & { sim: Sim<R> };

export function buildServer<R>(channel: Channel<R> | AnyChannel, deps: ServerDeps): SimServer<R> {
  const sim = createSim<R>(channel, deps);
  const renderError = (err: SimError, req?: FastifyRequest) =>
    sim.channel.wire.writeError(err, { request: req && { method: req.method, url: req.url, headers: req.headers, body: typeof req.body === 'string' ? req.body : '' } }, sim.runtime);

  const app = Fastify({
    logger: deps.logger ?? false,
    // Pact's verifier and test runners keep connections alive; close must not wait for them
    forceCloseConnections: true,
    bodyLimit: channel.bodyLimit,
    // a request HTTP itself cannot parse (a body longer than its content-length, a broken
    // header) still gets the upstream's error body, not Fastify's JSON; HTTP 400, as the
    // upstream's front proxy would send
    clientErrorHandler(err, socket) {
      if ((err as { code?: string }).code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      const wire = renderError(new SimError('SIM_ERR_WIRE_MALFORMED', `HTTP request cannot be parsed (${(err as { code?: string }).code ?? err.message})`));
      const body = Buffer.from(wire.body);
      const head = Object.entries(wire.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 400 Bad Request\r\n${head}content-length: ${body.length}\r\nconnection: close\r\n\r\n`), body]));
    },
  }) as unknown as SimServer<R>;
  app.decorate('sim', sim);

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: channel.bodyLimit }, (_req, body, done) => done(null, body));
    scope.setErrorHandler(async (e, req, reply) => {
      const wire = renderError(toSimError(e), req);
      return reply.code(wire.status).headers(wire.headers).send(wire.body);
    });
    for (const op of sim.channel.operations) {
      if (!op.path) continue;
      scope.post(op.path, (req, reply) => handleOperation(sim, op, req, reply));
    }
    sim.channel.routes?.(scope, { runtime: sim.runtime, store: sim.store, runEvent: sim.runEvent, createOrder: sim.createOrder });
    scope.setNotFoundHandler(async (req, reply) => {
      const wire = renderError(new SimError('SIM_ERR_WIRE_NOT_FOUND', `no ${req.method} ${req.url.split('?')[0]} on the ${channel.name} simulator`), req);
      return reply.code(wire.status).headers(wire.headers).send(wire.body);
    });
  });

  app.register(async (scope) => registerAdminRoutes(scope, sim, deps.admin ?? {}), { prefix: '/__admin' });
  app.addHook('onClose', async () => sim.reset());
  return app;
}
