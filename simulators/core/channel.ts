/**
 * The contract every channel fills and the core drives: a wire (bytes ⇄ fields, signatures,
 * the upstream's error format), a table of operations (which request on which path means what
 * for an order), state machines per kind of order, optional callbacks, credentials, and optional
 * extras (plugins with pages of their own, admin routes). The core only ever talks to a channel
 * through these interfaces; it never reads an upstream field by name: routing is a predicate the
 * channel declares over its own decoded fields.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from './clock.ts';
import type { SimError } from './errors.ts';
import type { Order, OrderStore } from './order-store.ts';
import type { StateMachine } from './outcome.ts';
import type { Predicate } from './predicates.ts';
import type { RetrySchedule } from './retry-schedule.ts';
import type { Step } from '../../scenarios/schema.ts';

export type Fields = Record<string, unknown>;

/** A request as it came: the exact bytes (a signature is over bytes; the charset is the channel's). */
export interface WireRequest {
  method: string;
  url: string;
  /** the URL's path, without the query */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An answer as it goes: the exact bytes the channel encoded in its charset. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What reading a request produced: the upstream's fields, who sent them, and what the wire noticed. */
export interface Decoded {
  merchant: string;
  fields: Fields;
  warnings: string[];
  /** the channel's own context for rendering the reply (e.g. which signature family was used) */
  context?: unknown;
}

export interface ChannelWire<R> {
  /** 1 read: raw bytes → verified fields (decode in the channel's charset, decrypt, verify), the
   *  same for every operation of the channel. Throws SimError. */
  read(req: WireRequest, runtime: R): Decoded;
  /** 10 write: rendered result → signed bytes and headers */
  write(result: unknown, decoded: Decoded, runtime: R): WireReply;
  /** an error in the upstream's own format; `decoded` is absent when reading failed, and then
   *  the raw request (when there is one) lets the channel echo what it can */
  writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest; op?: Operation<R> }, runtime: R): WireReply;
  /** the channel's sharper account of an error before it is rendered (which field, which value:
   *  "no operation" said as the upstream's field at fault), for the journal and `x-sim-detail`
   *  only: writeError puts nothing of a SimError's message into an upstream field */
  explain?(err: SimError, at: { decoded?: Decoded; request?: WireRequest }, runtime: R): SimError;
  /** a request or answer body as text for the journal, in the channel's charset (default UTF-8) */
  text?(body: Buffer): string;
  /** the string a request's signature is checked over, every secret in it replaced by a
   *  placeholder (`<key>`): logged when the signature does not verify, so a user can diff the
   *  string they signed against it. Never the key itself. Absent or undefined: nothing to show */
  signingString?(req: WireRequest, runtime: R): string | undefined;
  /** the upstream's own result code in an answer (LFT `code`), for the log line */
  resultCode?(reply: WireReply): string | undefined;
}

/** What the core keeps for a channel across requests, persisted with its orders. */
export interface RuntimePorts {
  /** the next value of a named sequence (1, 2, …): platform order numbers */
  next(sequence: string): number;
  /** false when `key` was seen before in the named set (bounded: the oldest are forgotten) */
  once(set: string, key: string): boolean;
}

export interface OperationContext<R> extends RuntimePorts {
  op: Operation<R>;
  fields: Fields;
  decoded: Decoded;
  runtime: R;
  store: OrderStore;
  now: number;
  step: Step;
  /** the order the request acts on: found by identify(), or made by createOrder() */
  order?: Order;
  /** the request's base URL as the client reached us (for URLs we hand out) */
  baseUrl: string;
  warnings: string[];
  /** make the order this request creates; the core binds the chosen scenario to it */
  createOrder<D extends object>(init: NewOrderInit<D>): Order<D>;
  /** a checked move (against the kind's machine) that runs the channel's onTransition */
  transition(order: Order, to: string, cause: string): boolean;
}

export interface NewOrderInit<D extends object> {
  key: string;
  kind: string | OrderKind<D>;
  state?: string;
  aliases?: string[];
  data: D;
}

/**
 * A kind of order with its typed data: the one place the core's untyped `order.data` becomes a
 * channel's own record (no `as unknown as` casts in channels). `data(order)` refuses an order of
 * another kind.
 */
export interface OrderKind<D extends object> {
  name: string;
  is(order: Order | undefined): order is Order & { data: D };
  data(order: Order): D;
}

export function orderKind<D extends object>(name: string): OrderKind<D> {
  return {
    name,
    is: (order): order is Order & { data: D } => order?.kind === name,
    data(order) {
      if (order.kind !== name) throw new Error(`order ${order.key} is a ${order.kind}, not a ${name}`);
      return order.data as D;
    },
  };
}

export interface Identity {
  /** the order's key or alias; absent for stateless operations */
  key?: string;
  /** true: this request creates the order (an existing key is a duplicate); 'if-missing': it
   *  acts on the order when it exists and may create it when not (the scenario chosen for a new
   *  order decides, e.g. a magic id that brings a record into being) */
  creates?: boolean | 'if-missing';
  /** the kind of order expected, for not-found errors */
  kind?: string;
  /** the upstream field the key came from, for error messages */
  keyField?: string;
}

/** `*`: any path on the port (a bank front listens on one address) */
export const ANY_PATH = '*';

export interface Operation<R> {
  name: string;
  description: string;
  /** wire path(s), or ANY_PATH; absent for outside-world events, which run through the admin API */
  path?: string | readonly string[];
  /** which requests on its path are this operation, over the decoded fields (UnionPay's
   *  txnType/txnSubType, withhold's method); absent: every request on the path. The first
   *  operation of the path whose predicate holds wins. */
  route?: Predicate;
  /** kind of order the step's outcome / moveTo applies to */
  kind?: string;
  /** 2 validate the decoded fields (schema, cross-field rules, a duplicate request number via
   *  ports.once). Throws SimError; what it tolerates it may add to decoded.warnings (journalled,
   *  whether or not it then throws). */
  validate?(fields: Fields, decoded: Decoded, runtime: R, ports: RuntimePorts): void;
  /** 3 which order this is about */
  identify(fields: Fields, decoded: Decoded, runtime: R): Identity;
  /** 5 the operation's own effects (create the order, reserve funds…), before the step's move */
  execute?(ctx: OperationContext<R>): void;
  /** 9 the result the wire will encode */
  render(ctx: OperationContext<R>): unknown;
  /** outside-world events only: the states the order must be in (checked by the core) */
  from?: readonly string[];
  /** outside-world events only: what the event does, as a verb for refusals (刷卡, 激活) */
  verb?: string;
}

/** the paths of an operation, as a list */
export function pathsOf(op: Operation<unknown>): readonly string[] {
  return op.path === undefined ? [] : typeof op.path === 'string' ? [op.path] : op.path;
}

/**
 * An outside-world event (a POS swipe, funds arriving, a contract reported lost): an operation
 * with no path, fired on a known order through the admin API, the CLI or a scenario's `later`.
 * It has nothing to identify (the order is given) and nothing to render (no wire answer). With
 * `from`, the core refuses it (SIM_ERR_ORDER_STATE) unless the order is in one of those states;
 * with `to`, the core moves the order there after `execute` (a scenario step's move still wins).
 */
export function outsideEvent<R>(spec: {
  name: string;
  description: string;
  kind: string;
  from?: readonly string[];
  verb?: string;
  to?: string;
  execute?(ctx: OperationContext<R>): void;
}): Operation<R> {
  const { to, execute, ...rest } = spec;
  return {
    ...rest,
    identify: () => ({}),
    render: () => undefined,
    execute(ctx) {
      execute?.(ctx);
      if (to && !ctx.step.moveTo && !ctx.step.reply?.outcome) ctx.transition(ctx.order!, to, spec.name);
    },
  };
}

export interface OutboundRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/**
 * A channel's callbacks, declared in three steps the core composes for every attempt: the
 * fields of the event for the order as it is now, those fields signed, the signed fields
 * encoded. Because the steps are separate, the core applies a scenario's tampering (a signature
 * that does not verify, a body changed after signing), duplication and replay the same way for
 * every channel.
 */
export interface ChannelCallbacks<R> {
  /** event name → what it is */
  events: Record<string, string>;
  schedule: RetrySchedule;
  /** where the callback goes and what it says; undefined: the order has no URL for this event */
  fields(event: string, order: Order, runtime: R, opts: { now: number }): { url: string; fields: Fields } | undefined;
  /** the fields with the channel's signature added (a field, or several) */
  sign(fields: Fields, order: Order, runtime: R): Fields;
  /** bytes and headers of a signed callback */
  encode(signed: Fields, order: Order, runtime: R): { headers: Record<string, string>; body: string };
  /** tamper `body`: the content changed after signing, as a man in the middle would (default:
   *  the core changes the last character of the last unsigned string field) */
  alter?(fields: Fields): Fields;
  /** whether the merchant's answer acknowledges the callback (`order` and `runtime` for a rule
   *  that differs per merchant; the order is absent when it is no longer stored) */
  isAck(res: { status: number; body: string }, at: { order?: Order; runtime: R }): boolean;
}

export interface ChannelConfig {
  /** where generated credentials and keys are kept */
  dataDir: string;
  /** credentials supplied by the user or a test instead of generated ones */
  credentials?: Record<string, unknown>;
  /** the base URL clients use, when it differs from the Host header (proxies, Docker) */
  publicUrl?: string;
}

/**
 * Credentials the core keeps for the channel: read from `<dataDir>/<channel>.credentials.json`,
 * generated there on first start (mode 0600), or supplied; checked before the runtime is made.
 */
export interface CredentialsSpec<C> {
  generate(): C;
  /** what is wrong with a supplied or saved set, or undefined */
  check(c: unknown): string | undefined;
}

/** a channel's page of its own, as a Fastify plugin (method syntax: channels stay assignable to AnyChannel) */
export type ChannelPlugin<R> = { register(app: FastifyInstance, api: ChannelApi<R>): Promise<void> | void }['register'];

/** what a channel's extra routes (a cashier page…) may use */
export interface ChannelApi<R> {
  runtime: R;
  store: OrderStore;
  /** put an order in place from outside the wire (admin API), bound to a scenario (default: the channel's default) */
  createOrder(
    init: { key: string; kind: string; merchant: string; state?: string; aliases?: string[]; data: object },
    scenario?: string,
  ): Order;
  runEvent(keyOrAlias: string, event: string, source: string, fields?: Fields): Promise<Order>;
}

export interface Channel<R = unknown, C = unknown> {
  name: string;
  title: string;
  defaultPort: number;
  /** request size limit in bytes */
  bodyLimit: number;
  machines: Record<string, StateMachine>;
  operations: Operation<R>[];
  wire: ChannelWire<R>;
  /** absent: the upstream sends no callbacks */
  callbacks?: ChannelCallbacks<R>;
  /** credentials the core loads, generates and checks (absent: the runtime finds its own) */
  credentialsFile?: CredentialsSpec<C>;
  createRuntime(config: ChannelConfig, env: { clock: Clock; credentials?: C; credentialsFile?: string }): R;
  /**
   * The slow part of a first start done ahead, off the main thread (generating keys on libuv's
   * thread pool): leaves in config.dataDir what createRuntime would otherwise make synchronously,
   * so that a start builds the other channels' servers meanwhile. createRuntime must still work
   * without it (`channel-sim credentials` makes a runtime with no server). `now` is the time of
   * the clock the runtime will get (a certificate is valid from a day before it).
   */
  prepare?(config: ChannelConfig, env: { now: number; credentials?: C }): Promise<void>;
  /** everything a client needs, as JSON (no secret is ever logged, but this endpoint shows them) */
  credentials(runtime: R): Record<string, unknown>;
  /** an admin reset: forget what the runtime holds besides orders (the core forgets orders,
   *  deliveries, timers, the journal and its seen-sets itself) */
  onReset?(runtime: R): void;
  /** bookkeeping that follows a state change (balances…) */
  onTransition?(order: Order, from: string, to: string, ctx: { store: OrderStore; runtime: R; now: number }): void;
  /** extra pages (a cashier…), each a Fastify plugin registered in a scope of its own (its own
   *  body parsers and error handling, none of the wire's) */
  plugins?: Array<ChannelPlugin<R>>;
  /** the channel's own admin routes (e.g. registering a merchant certificate), mounted under
   *  /__admin behind the same loopback/token guard and JSON error format as the core's */
  adminRoutes?(app: FastifyInstance, api: ChannelApi<R>): void;
}

/** Channels are built with their own runtime type; the composition root holds them erased. */
export type AnyChannel = Channel<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
