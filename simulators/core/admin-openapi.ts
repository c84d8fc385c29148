/**
 * The OpenAPI 3.1 document of the admin API, served at /__admin/openapi.json so an engineer (or
 * a generated client) can see every admin route. The core's routes are described here from the
 * channel's event and callback names; any other route registered under /__admin (a channel's
 * own) is added from what Fastify registered, with the summary of its schema, so none is missing.
 */

const json = (schema: object = { type: 'object' }) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: object) => ({ '200': { description, ...json(schema) } });
const err = {
  '400': { description: 'bad request' },
  '401': { description: 'admin token missing or wrong (WWW-Authenticate: Bearer)' },
  '403': { description: 'not loopback, or a callback' },
  '404': { description: 'not found' },
  '415': { description: 'body is not JSON' },
};
const param = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});
const query = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});

export const ADMIN_ROUTES: Array<[method: string, path: string]> = [
  ['get', '/health'],
  ['get', '/openapi.json'],
  ['get', '/credentials'],
  ['get', '/scenarios'],
  ['post', '/scenarios/use'],
  ['delete', '/scenarios/overrides'],
  ['get', '/orders'],
  ['get', '/orders/{key}'],
  ['post', '/orders/{key}/events/{event}'],
  ['get', '/journal'],
  ['get', '/callbacks'],
  ['get', '/callbacks/{id}'],
  ['post', '/callbacks/{id}/replay'],
  ['get', '/clock'],
  ['post', '/clock/advance'],
  ['post', '/reset'],
];

export function adminOpenApi(channel: string, events: string[], callbackEvents: string[]) {
  return {
    openapi: '3.1.0',
    info: {
      title: `channel-sim ${channel} admin API`,
      version: '1.0.0',
      description:
        'Loopback-only by default; send x-admin-token (or Authorization: Bearer) when a token is configured.',
    },
    servers: [{ url: '/__admin' }],
    paths: {
      '/health': { get: { summary: 'liveness and counters', responses: ok('status') } },
      '/openapi.json': { get: { summary: 'this document', responses: ok('OpenAPI document') } },
      '/credentials': {
        get: { summary: 'everything a client needs (ids, keys, URLs), as JSON', responses: ok('credentials') },
      },
      '/scenarios': { get: { summary: 'loaded scenarios and active overrides', responses: ok('scenarios') } },
      '/scenarios/use': {
        post: {
          summary: 'prepend an override: orders created from now on use this scenario',
          requestBody: json({
            type: 'object',
            required: ['scenario'],
            properties: {
              scenario: { type: 'string' },
              operation: { type: 'string' },
              match: { type: 'object', description: 'predicate on upstream fields' },
              once: { type: 'boolean' },
            },
          }),
          responses: { ...ok('the override'), ...err },
        },
      },
      '/scenarios/overrides': { delete: { summary: 'remove all overrides', responses: ok('count removed') } },
      '/orders': {
        get: {
          summary: 'orders, newest first',
          parameters: [query('kind', 'order kind'), query('limit', 'max rows')],
          responses: ok('orders'),
        },
      },
      '/orders/{key}': {
        get: {
          summary: 'one order by key or alias (e.g. a POS code)',
          parameters: [param('key', 'order key or alias')],
          responses: { ...ok('order'), ...err },
        },
      },
      '/orders/{key}/events/{event}': {
        post: {
          summary: "an outside-world event on the order (runs the bound scenario's steps for it)",
          parameters: [
            param('key', 'order key or alias'),
            param('event', 'event name', { type: 'string', enum: events }),
          ],
          responses: {
            ...ok('the order after the event'),
            ...err,
            '409': { description: 'not allowed in the order state' },
          },
        },
      },
      '/journal': {
        get: {
          summary: 'requests, events and callback attempts',
          parameters: [
            query('order', 'order key'),
            query('kind', 'request|event|callback'),
            query('operation', 'operation'),
            query('limit', 'max rows'),
          ],
          responses: ok('entries'),
        },
      },
      '/callbacks': {
        get: {
          summary: `deliveries (events: ${callbackEvents.join(', ')})`,
          parameters: [query('order', 'order key'), query('status', 'scheduled|retrying|acked|gave-up|skipped')],
          responses: ok('deliveries'),
        },
      },
      '/callbacks/{id}': {
        get: {
          summary: 'one delivery with its attempts',
          parameters: [param('id', 'delivery id')],
          responses: { ...ok('delivery'), ...err },
        },
      },
      '/callbacks/{id}/replay': {
        post: {
          summary: 'send a delivery again: re-signed from the order now, or the exact bytes of its last attempt',
          parameters: [param('id', 'delivery id')],
          requestBody: json({
            type: 'object',
            properties: { mode: { type: 'string', enum: ['resign', 'exact'], default: 'resign' } },
          }),
          responses: { ...ok('the replay delivery'), ...err },
        },
      },
      '/clock': { get: { summary: 'simulator time and pending timers', responses: ok('clock') } },
      '/clock/advance': {
        post: {
          summary: 'move time forward and fire everything due now',
          requestBody: json({ type: 'object', required: ['ms'], properties: { ms: { type: 'integer', minimum: 0 } } }),
          responses: { ...ok('fired count'), ...err },
        },
      },
      '/reset': { post: { summary: 'forget orders, journal, deliveries and overrides', responses: ok('reset') } },
    },
  };
}

/** a route Fastify registered under /__admin, in OpenAPI path syntax */
export interface RegisteredRoute {
  method: string;
  path: string;
  summary?: string;
}

/** the document with every registered route it does not describe yet, described minimally */
export function withRegisteredRoutes<D extends { paths: Record<string, Record<string, unknown>> }>(
  doc: D,
  routes: readonly RegisteredRoute[],
  channel: string,
): D {
  const paths: Record<string, Record<string, unknown>> = { ...doc.paths };
  for (const r of routes) {
    if (paths[r.path]?.[r.method]) continue;
    paths[r.path] = {
      ...paths[r.path],
      [r.method]: { summary: r.summary ?? `${channel} admin route`, responses: { ...ok('JSON'), ...err } },
    };
  }
  return { ...doc, paths };
}
