/**
 * The contract every channel fills and the core drives: a wire (bytes ⇄ fields, signatures,
 * the upstream's error format), a table of operations (what each path means for an order), state
 * machines per kind of order, callbacks, and credentials. The core only ever talks to a channel
 * through these interfaces; it never reads an upstream field by name.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from './clock.ts';
import type { SimError } from './errors.ts';
import type { Order, OrderStore } from './order-store.ts';
import type { StateMachine } from './outcome.ts';
import type { RetrySchedule } from './retry-schedule.ts';
import type { Step, Tamper } from '../../scenarios/schema.ts';

export type Fields = Record<string, unknown>;

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string;
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
  /** 1 read: raw bytes → verified fields. Throws SimError. */
  read(req: WireRequest, op: Operation<R>, runtime: R): Decoded;
  /** 10 write: rendered result → signed bytes and headers */
  write(result: unknown, decoded: Decoded, runtime: R): WireReply;
  /** an error in the upstream's own format; `decoded` is absent when reading failed, and then
   *  the raw request (when there is one) lets the channel echo what it can */
  writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest; op?: Operation<R> }, runtime: R): WireReply;
}

export interface OperationContext<R> {
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
  createOrder(init: { key: string; kind: string; state?: string; aliases?: string[]; data: Record<string, unknown> }): Order;
  /** a checked move (against the kind's machine) that runs the channel's onTransition */
  transition(order: Order, to: string, cause: string): boolean;
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

export interface Operation<R> {
  name: string;
  description: string;
  /** wire path; absent for outside-world events, which run through the admin API */
  path?: string;
  /** kind of order the step's outcome / moveTo applies to */
  kind?: string;
  /** 2 validate the decoded fields (schema, cross-field rules). Throws SimError. */
  validate?(fields: Fields, decoded: Decoded, runtime: R): void;
  /** 3 which order this is about */
  identify(fields: Fields, decoded: Decoded, runtime: R): Identity;
  /** 5 the operation's own effects (create the order, reserve funds…), before the step's move */
  execute?(ctx: OperationContext<R>): void;
  /** 9 the result the wire will encode */
  render(ctx: OperationContext<R>): unknown;
}

/**
 * An outside-world event (a POS swipe, funds arriving, a contract reported lost): an operation
 * with no path, fired on a known order through the admin API, the CLI or a scenario's `later`.
 * It has nothing to identify (the order is given) and nothing to render (no wire answer).
 */
export function outsideEvent<R>(spec: { name: string; description: string; kind: string; execute(ctx: OperationContext<R>): void }): Operation<R> {
  return { ...spec, identify: () => ({}), render: () => undefined };
}

export interface OutboundRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface ChannelCallbacks<R> {
  events: Record<string, string>;
  schedule: RetrySchedule;
  /** one attempt, built fresh from the order as it is now; undefined: no URL for this event */
  build(event: string, order: Order, runtime: R, opts: { now: number; tamper?: Tamper }): OutboundRequest | undefined;
  /** whether the merchant's answer acknowledges the callback */
  isAck(res: { status: number; body: string }): boolean;
}

export interface ChannelConfig {
  /** where generated credentials and keys are kept */
  dataDir: string;
  /** credentials supplied by the user or a test instead of generated ones */
  credentials?: Record<string, unknown>;
  /** the base URL clients use, when it differs from the Host header (proxies, Docker) */
  publicUrl?: string;
}

/** what a channel's extra routes (a cashier page…) may use */
export interface ChannelApi<R> {
  runtime: R;
  store: OrderStore;
  /** put an order in place from outside the wire (admin API), bound to a scenario (default: the channel's default) */
  createOrder(init: { key: string; kind: string; merchant: string; state?: string; aliases?: string[]; data: Record<string, unknown> }, scenario?: string): Order;
  runEvent(keyOrAlias: string, event: string, source: string, fields?: Fields): Promise<Order>;
}

export interface Channel<R = unknown> {
  name: string;
  title: string;
  defaultPort: number;
  /** request size limit in bytes */
  bodyLimit: number;
  machines: Record<string, StateMachine>;
  operations: Operation<R>[];
  wire: ChannelWire<R>;
  callbacks: ChannelCallbacks<R>;
  createRuntime(config: ChannelConfig, env: { clock: Clock }): R;
  /** everything a client needs, as JSON (no secret is ever logged, but this endpoint shows them) */
  credentials(runtime: R): Record<string, unknown>;
  /** forget what the runtime remembers of served requests (e.g. seen order numbers), on admin
   *  reset and server close; configuration (keys, certificates) stays */
  onReset?(runtime: R): void;
  /** what the runtime remembers of served requests and must not forget across a restart when
   *  persistence is on (id sequences, seen request numbers), as plain JSON; configuration is not
   *  part of it (it is reloaded from the data directory) */
  snapshotRuntime?(runtime: R): unknown;
  /** put back what snapshotRuntime() returned; throws an Error saying what is wrong with it */
  restoreRuntime?(runtime: R, saved: unknown): void;
  /** bookkeeping that follows a state change (balances…) */
  onTransition?(order: Order, from: string, to: string, ctx: { store: OrderStore; runtime: R; now: number }): void;
  routes?(app: FastifyInstance, api: ChannelApi<R>): void;
  /** the channel's own admin routes (e.g. registering a merchant certificate), mounted under
   *  /__admin behind the same loopback/token guard and JSON error format as the core's */
  adminRoutes?(app: FastifyInstance, api: ChannelApi<R>): void;
}

/** Channels are built with their own runtime type; the composition root holds them erased. */
export type AnyChannel = Channel<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
