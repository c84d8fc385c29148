/**
 * Baseline A of every suite: Fastify answering a small fixed body without doing any work of a
 * channel — JSON bodies parsed by Fastify's JSON parser and answered with a small JSON object,
 * any other body kept as a string and answered with a fixed text. What it answers is exported
 * for the suites' checks; it never listens (bench/servers.ts does).
 */
import Fastify, { type FastifyInstance } from 'fastify';

/** what bare Fastify answers: JSON to JSON bodies (serialized by Fastify), text to anything else */
const BARE_JSON = { code: '0000', msg: 'SUCCESS' };
export const BARE_JSON_BODY = JSON.stringify(BARE_JSON);
export const BARE_TEXT_BODY = 'respCode=00&respMsg=ok';

export function buildBare(): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post('/*', async (req, reply) => {
    if ((req.headers['content-type'] ?? '').startsWith('application/json')) return BARE_JSON;
    return reply.header('content-type', 'text/plain;charset=UTF-8').send(BARE_TEXT_BODY);
  });
  return app;
}
