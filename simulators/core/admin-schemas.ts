/**
 * The JSON Schemas of the admin API, written once: the error envelope and the shapes several
 * routes answer with (registered as shared schemas, so the OpenAPI document names them in
 * components), and `adminSchema`, which every admin route — the core's, a channel's own, the
 * dashboard's — declares its Fastify `schema` with. It adds the answers every route can give
 * (401 and 403 from the guard) and what a route with a body or path parameters can be refused
 * with, so a route states only its own. These schemas document: the admin scope serialises with
 * JSON.stringify and each handler checks its input itself (admin-routes.ts says why).
 */
import type { FastifyInstance, FastifySchema } from 'fastify';
import { SIM_ERRORS } from './errors.ts';

type Schema = Record<string, unknown>;

export const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
const int = (description: string): Schema => ({ type: 'integer', description });
const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const epochMs = (description: string): Schema => ({ type: 'number', description: `${description} (epoch ms)` });
/** an object whose members are the channel's or the upstream's, described where they are made */
export const open = (description: string): Schema => ({ type: 'object', additionalProperties: true, description });
export const obj = (properties: Record<string, Schema>, required: string[] = [], description?: string): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...(description ? { description } : {}),
});
export const list = (items: Schema, description?: string): Schema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
});
/** a shared schema by its $id (one of SHARED below) */
export const ref = (id: SharedId): Schema => ({ $ref: `${id}#` });

const ORDER: Schema = obj(
  {
    key: str('the order key: the upstream number it is found by'),
    kind: str('the order kind (payin, contract, agreement…)'),
    state: str("the state in the kind's state machine"),
    merchant: str('the merchant (app id, merId…) it belongs to'),
    reason: str('why it failed, when it did (a neutral failure reason)'),
    aliases: list(str(), 'other names it is found by (a POS code, a platform order number)'),
    scenario: str('the scenario bound to it at creation'),
    scenarioWhy: str('why that scenario was chosen'),
    cursors: {
      type: 'object',
      description: "per operation: the index of the scenario's current step and how many requests it has answered",
      additionalProperties: obj({ index: { type: 'integer' }, served: { type: 'integer' } }, ['index', 'served']),
    },
    createdAt: time('when it was created (simulator time)'),
    updatedAt: time('when it last changed'),
    history: list(
      obj({ at: time('when'), from: str(), to: str(), cause: str('what moved it') }, ['at', 'from', 'to', 'cause']),
      'every state change, oldest first',
    ),
    data: open("the channel's own fields of the order (amounts, numbers, the holder…)"),
  },
  ['key', 'kind', 'state', 'merchant', 'aliases', 'scenario', 'scenarioWhy', 'createdAt', 'updatedAt', 'history'],
  'an order (or a contract, an agreement: anything the upstream keeps state for) as the admin API shows it',
);

const httpMessage = (what: string) =>
  obj(
    {
      method: str(),
      url: str(),
      headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'secret headers redacted' },
      body: str(`the ${what} body as text`),
    },
    ['url'],
  );

const JOURNAL_ENTRY: Schema = obj(
  {
    id: int('its number, increasing'),
    at: epochMs('when'),
    kind: str('what it records', { enum: ['request', 'event', 'callback'] }),
    channel: str(),
    operation: str('the operation, event or callback event'),
    orderKey: str('the order it concerns'),
    scenario: str('the scenario that answered'),
    why: str('why that scenario and step'),
    step: { type: 'integer', description: "the scenario step's index" },
    request: httpMessage('request'),
    forwardedTo: str('a forwarded callback: where it really went'),
    fields: open('the decoded upstream fields'),
    response: obj({ status: { type: 'integer' }, headers: open('response headers'), body: str() }, ['status']),
    error: obj({ code: str(), message: str() }, ['code', 'message']),
    fault: str('the fault a scenario injected'),
    warnings: list(str(), 'what the simulator noticed (a field the document does not allow…)'),
    durationMs: { type: 'number' },
    deliveryId: str('callback attempts: the delivery'),
    attempt: { type: 'integer', description: 'callback attempts: which try' },
  },
  ['id', 'at', 'kind', 'channel', 'operation', 'warnings'],
  'a request served, an outside-world event or a callback attempt',
);

const DELIVERY: Schema = obj(
  {
    id: str(),
    orderKey: str(),
    event: str('the callback event'),
    status: str(undefined, { enum: ['scheduled', 'retrying', 'acked', 'gave-up', 'skipped'] }),
    createdAt: epochMs('when it was scheduled'),
    nextAt: epochMs('when the next attempt is due'),
    copy: { type: 'integer', description: 'which copy, when a scenario duplicates a callback' },
    tamper: str('how a scenario spoils it (bad signature…)'),
    tamperAttempts: { type: 'integer' },
    replayOf: str('the delivery this one replays'),
    replayMode: str(undefined, { enum: ['resign', 'exact'] }),
    attempts: list(
      obj(
        {
          n: { type: 'integer' },
          at: epochMs('when it was sent'),
          request: httpMessage('callback'),
          response: obj({ status: { type: 'integer' }, body: str() }, ['status', 'body']),
          error: str('why it could not be sent'),
          durationMs: { type: 'number' },
          acked: { type: 'boolean', description: "the merchant's answer acknowledged it" },
          tampered: { type: 'boolean' },
          forwardedTo: str('where it was really sent, when callbacks are forwarded'),
        },
        ['n', 'at', 'request', 'durationMs', 'acked', 'tampered'],
      ),
    ),
    note: str(),
  },
  ['id', 'orderKey', 'event', 'status', 'createdAt', 'copy', 'tamperAttempts', 'attempts'],
  'a callback delivery with every attempt',
);

const OVERRIDE: Schema = obj(
  {
    id: str(),
    scenarioId: str(),
    operation: str('only for orders created by this operation'),
    match: open('a predicate on the upstream fields of the request'),
    once: { type: 'boolean' },
    createdAt: epochMs('when it was added'),
  },
  ['id', 'scenarioId', 'once', 'createdAt'],
  'a scenario override: orders created from now on (that match) use this scenario',
);

const ADMIN_ERROR: Schema = obj(
  {
    error: obj(
      {
        code: str('the simulator error code', { enum: Object.keys(SIM_ERRORS) }),
        message: str('what was wrong, in words'),
      },
      ['code', 'message'],
    ),
  },
  ['error'],
  'every admin refusal',
);

/** named schemas, in components.schemas of the document and $ref'd by the routes */
const SHARED = {
  AdminError: ADMIN_ERROR,
  Order: ORDER,
  JournalEntry: JOURNAL_ENTRY,
  Delivery: DELIVERY,
  Override: OVERRIDE,
};
type SharedId = keyof typeof SHARED;

export function addSharedSchemas(app: FastifyInstance): void {
  for (const [id, schema] of Object.entries(SHARED)) app.addSchema({ $id: id, title: id, ...schema });
}

/** an order view with a channel's own members besides */
export const orderWith = (properties: Record<string, Schema>, description: string): Schema => ({
  allOf: [ref('Order'), obj(properties)],
  description,
});

/** a response schema with the response's own description: @fastify/swagger reads it from
 * x-response-description, or from description beside a $ref (which it resolves first) */
const described = (description: string, schema: Schema): Schema =>
  '$ref' in schema ? { description, ...schema } : { 'x-response-description': description, ...schema };
const error = (description: string, extra: Schema = {}): Schema =>
  described(description, { ...ref('AdminError'), ...extra });

/** what a route that takes a JSON body can be refused with before its handler runs */
export const BODY_REFUSALS = {
  400: 'the body is not valid JSON, or not what the route needs (the message says which)',
  413: 'the body is larger than the body limit',
  415: 'the body is not application/json',
};

/** what a route that puts an order (a contract, an agreement) in place can be refused with */
export const CREATE_REFUSALS = {
  ...BODY_REFUSALS,
  404: 'the scenario it names does not exist',
  409: 'one with this key exists already',
};

/** a certificate as a channel's merchant-certs routes show it (its members besides, per channel) */
export const certificate = (properties: Record<string, Schema>, required: string[]): Schema =>
  obj(
    {
      certPem: str('the certificate, PEM'),
      source: str('where it came from', { enum: ['generated', 'pki-dir', 'merchant-certs-dir', 'admin'] }),
      file: str('the file it was read from'),
      subject: str('its subject DN'),
      validFrom: str(undefined, { format: 'date-time' }),
      validTo: str(undefined, { format: 'date-time' }),
      ...properties,
    },
    ['certPem', 'source', 'subject', 'validFrom', 'validTo', ...required],
    'a merchant certificate requests may be signed with',
  );

/** the validity warnings of a certificate just registered */
export const certWarnings = list(str(), 'why it may not verify (not valid now…); it is registered anyway');

export interface AdminRoute {
  /** unique in the document: a verb and a noun, the channel's name in it for a channel's own */
  operationId: string;
  summary: string;
  description?: string;
  /** one tag, declared in admin-openapi.ts TAGS or the channel's name */
  tags: [string];
  params?: Record<string, Schema>;
  querystring?: Record<string, Schema>;
  body?: Schema;
  /** the success answer: status → [description, schema] */
  ok: Record<number, [string, Schema]>;
  /** the 4xx answers of this route besides the guard's, status → when */
  errors?: Record<number, string>;
  /** readable without the token (a browser or an editor fetches it): security none, which the guard reads */
  public?: true;
}

/** the Fastify schema of an admin route: its own answers, the guard's, and the refusals before it */
export function adminSchema(r: AdminRoute): FastifySchema {
  const response: Record<string, Schema> = {};
  for (const [status, [description, schema]] of Object.entries(r.ok)) response[status] = described(description, schema);
  const errors: Record<number, string> = {
    ...(r.params ? { 400: 'a path parameter does not decode' } : ({} as Record<number, string>)),
    ...r.errors,
    ...(r.public
      ? ({} as Record<number, string>)
      : { 401: 'the simulator has an admin token and the request does not carry it (or a wrong one)' }),
    403: 'not a loopback client (the simulator was not started with --admin-remote), or a callback',
  };
  for (const [status, description] of Object.entries(errors)) {
    response[status] = error(
      description,
      status === '401'
        ? { headers: { 'WWW-Authenticate': str('the challenge: Bearer realm="channel-sim admin"') } }
        : {},
    );
  }
  return {
    operationId: r.operationId,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: r.tags,
    ...(r.public ? { security: [] } : {}),
    ...(r.params ? { params: obj(r.params, Object.keys(r.params)) } : {}),
    ...(r.querystring ? { querystring: obj(r.querystring) } : {}),
    ...(r.body ? { body: r.body } : {}),
    response,
  };
}
