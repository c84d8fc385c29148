/**
 * The dashboard at /__admin/ui: a page (plain HTML, CSS and one JavaScript module, served from
 * files, no build step) and the few same-origin endpoints it needs beyond the admin API: the
 * simulators of the process, a live stream of their changes, a journal entry's raw bytes, and each
 * sibling's admin API reached in-process under /__admin/ui/api/<channel>/… (so the page never
 * talks to another port: no CORS, one guard, a strict CSP with connect-src 'self').
 * The guard is the admin API's: every endpoint answers loopback clients only (unless
 * allowRemote) with the token when one is set; the page's own files need no token (they hold
 * no data, and a browser cannot send a Bearer header on navigation) — the page asks for it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { adminRefusal, type AdminOptions } from '../admin-auth.ts';
import { SimError } from '../errors.ts';
import { adminErrorHandler } from '../admin-errors.ts';
import { eventNames, type Sim } from '../sim.ts';
import { rawDownload } from './raw-download.ts';
import { siblingsOf, type Sibling } from './siblings.ts';
import { PAGE_FILES, pageFile } from './page-files.ts';
import { streamChanges } from './change-stream.ts';

const TAGS = ['dashboard'];
/**
 * A route's documentation (FastifySchema types none of it). The dashboard's routes are the page's
 * own surface, in a scope of their own beside the admin API's (whose token check would keep the
 * page from loading to ask for the token), so the admin API's OpenAPI document does not list them:
 * `hide` says so to the OpenAPI tests, and the README's Dashboard section describes them.
 */
interface Documented extends FastifySchema {
  operationId: string;
  summary: string;
  tags: string[];
  /** the page's files: no token (the page asks for it) */
  security?: [];
}
const documented = (s: Documented): FastifySchema => ({ ...s, hide: true }) as FastifySchema;
/** what every dashboard answer carries: nothing cached (a page may show an SMS code), no sniffing */
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

const notFound = (msg: string) => new SimError('SIM_ERR_ADMIN_NOT_FOUND', msg);
const badRequest = (msg: string) => new SimError('SIM_ERR_ADMIN_BAD_REQUEST', msg);

export async function registerDashboard(app: FastifyInstance, sim: Sim<unknown>, opts: AdminOptions): Promise<void> {
  const self = (): Sibling => ({
    channel: sim.channel.name,
    title: sim.channel.title,
    sim,
    inject: app.inject.bind(app),
  });
  const siblings = () => siblingsOf(sim, self);
  const sibling = (name: string) => {
    const s = siblings().find((x) => x.channel === name);
    if (!s)
      throw notFound(
        `this process runs no "${name}" simulator (it runs ${siblings()
          .map((x) => x.channel)
          .join(', ')})`,
      );
    return s;
  };

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(COMMON_HEADERS);
    // the page's files: who is asking, as for the admin API; the token is the page's to ask for
    const isPage = (req.routeOptions.config as { page?: boolean } | undefined)?.page === true;
    const refusal = adminRefusal(req, isPage ? { ...opts, token: undefined } : opts);
    if (!refusal) return;
    if (refusal.code === 'SIM_ERR_ADMIN_UNAUTHORIZED')
      reply.header('www-authenticate', 'Bearer realm="channel-sim admin"');
    throw new SimError(refusal.code, refusal.message);
  });
  // as in the admin scope: the route schemas document (they are hidden from the OpenAPI document
  // but kept true), each handler checks its input, and no Ajv instance is built per server
  app.setValidatorCompiler(() => () => true);
  // bodies go to the sibling's admin API as they came: its parser judges them, in its own words
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler(adminErrorHandler(sim));
  app.setNotFoundHandler(async (req, reply) =>
    reply.code(404).send({
      error: { code: 'SIM_ERR_ADMIN_NOT_FOUND', message: `no dashboard route ${req.method} ${req.url}` },
    }),
  );

  for (const file of PAGE_FILES) {
    app.get(
      file.route,
      {
        config: { page: true },
        schema: documented({
          operationId: file.operationId,
          summary: file.summary,
          tags: TAGS,
          security: [],
        }),
      },
      async (_req, reply) => reply.headers(file.headers).type(file.type).send(pageFile(file.name)),
    );
  }

  app.get(
    '/channels',
    {
      schema: documented({
        operationId: 'dashboardChannels',
        summary:
          "The process's simulators: each one's events (with the order kind and states they apply to), wire operations, order kinds, and how many live streams listen",
        tags: TAGS,
      }),
    },
    async () => ({
      self: sim.channel.name,
      channels: siblings().map((s) => {
        const c = s.sim.channel;
        const events = new Set(eventNames(c));
        return {
          channel: s.channel,
          title: s.title,
          url: s.url,
          kinds: Object.keys(c.machines),
          events: c.operations
            .filter((o) => events.has(o.name) && !o.path)
            .map((o) => ({ name: o.name, description: o.description, kind: o.kind, from: o.from })),
          operations: c.operations.filter((o) => o.path).map((o) => ({ name: o.name, description: o.description })),
          streams: s.sim.changes.listeners(),
        };
      }),
    }),
  );

  app.get(
    '/stream',
    {
      schema: documented({
        operationId: 'dashboardStream',
        summary:
          'Server-sent events (text/event-stream): one `change` event per journal entry or reset on any simulator of the process, naming the channel, kind, operation and order',
        tags: TAGS,
      }),
    },
    (req, reply) => streamChanges(req, reply, siblings()),
  );

  app.get(
    '/raw/:channel/:id/:part',
    {
      schema: documented({
        operationId: 'dashboardRawBody',
        summary:
          "A journal entry's request or response body as the bytes that came or went, as a file with the content type recorded (a GBK body stays GBK)",
        tags: TAGS,
        params: {
          type: 'object',
          properties: {
            channel: { type: 'string' },
            id: { type: 'integer', minimum: 1 },
            part: { type: 'string', enum: ['request', 'response'] },
          },
          required: ['channel', 'id', 'part'],
        },
      }),
    },
    async (req, reply) => {
      const { channel, id: idText, part } = req.params as { channel: string; id: string; part: string };
      const id = Number(idText);
      if (!/^[1-9]\d{0,15}$/.test(idText) || !Number.isSafeInteger(id))
        throw badRequest(`the journal entry id is a positive integer, not ${JSON.stringify(idText)}`);
      if (part !== 'request' && part !== 'response')
        throw badRequest(`the part is request or response, not ${JSON.stringify(part)}`);
      const file = rawDownload(sibling(channel), id, part);
      if (!file) throw notFound(`the ${channel} journal keeps no ${part} body for entry ${id}`);
      return reply.headers(file.headers).send(file.body);
    },
  );

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/api/:channel/*',
    schema: documented({
      operationId: 'dashboardAdminProxy',
      summary:
        "A sibling simulator's admin API (/__admin/<path> of <channel>) reached in-process from this port, the token passed on",
      tags: TAGS,
      params: {
        type: 'object',
        properties: { channel: { type: 'string' }, '*': { type: 'string' } },
        required: ['channel'],
      },
    }),
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const { channel, '*': rest } = req.params as { channel: string; '*': string };
      // the dashboard's own routes are not part of the admin API it proxies (no loop through it)
      if (rest === 'ui' || rest.startsWith('ui/')) throw notFound(`no admin route ${req.method} /__admin/${rest}`);
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const pass = ['authorization', 'x-admin-token', 'content-type'] as const;
      const headers = Object.fromEntries(pass.flatMap((h) => (req.headers[h] ? [[h, String(req.headers[h])]] : [])));
      const res = await sibling(channel).inject({
        method: req.method as 'GET' | 'POST' | 'DELETE',
        url: `/__admin/${rest}${query}`,
        headers,
        payload: Buffer.isBuffer(req.body) ? req.body : undefined,
        // the sibling's guard sees who really asked (inject would say loopback)
        remoteAddress: req.socket.remoteAddress,
      });
      const type = res.headers['content-type'];
      if (type) reply.type(String(type));
      const challenge = res.headers['www-authenticate'];
      if (challenge) reply.header('www-authenticate', String(challenge));
      return reply.code(res.statusCode).send(res.rawPayload);
    },
  });
}
