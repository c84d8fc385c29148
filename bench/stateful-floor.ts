/**
 * What a stateful floor server (C) shares across channels: Fastify reading bodies as the simulator
 * does (the bytes kept for the journal, then parsed as JSON), the core's own order store and
 * journal, and the state one request leaves behind — its order put back, as the simulator puts
 * it, and one journal entry with both bodies. The channel's file (bench/<channel>-servers.ts) adds
 * its crypto-only work and which orders its requests make. Also here: the least state a simulator
 * keeps, written plainly (M), with no core code. Nothing here listens.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { createJournal, DEFAULT_JOURNAL_CAPACITY } from '../simulators/core/journal.ts';
import { createMemoryOrderStore, DEFAULT_MAX_ORDERS, newOrder, type Order } from '../simulators/core/order-store.ts';

/** a request body as the floor's parser hands it over */
export interface FloorBody {
  bytes: Buffer;
  env: Record<string, unknown>;
}

export interface StatefulFloor {
  app: FastifyInstance;
  /** the order a request names, if the store holds it */
  get(key: string): Order | undefined;
  /** a new number per call: new order keys for bodies that repeat */
  next(): number;
  /** a new order as a simulator makes one (bound to no scenario: there is none) */
  order(key: string, kind: string, state: string, merchant: string, at: number, aliases: string[], data: object): Order;
  /** what the request leaves: its order put back (when it has one), one journal entry */
  keep(r: {
    req: FastifyRequest;
    bytes: Buffer;
    channel: string;
    operation: string;
    order: Order | undefined;
    fields: Record<string, unknown> | undefined;
    headers: Record<string, string>;
    body: string;
    at: number;
  }): void;
}

/** Fastify reading every body as the simulator does: the bytes kept, then parsed as JSON (a FloorBody) */
export function bytesKeepingApp(): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, bytes: Buffer, done) => {
    try {
      done(null, { bytes, env: JSON.parse(bytes.toString('utf8')) as Record<string, unknown> } satisfies FloorBody);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  return app;
}

export function statefulFloor(): StatefulFloor {
  const store = createMemoryOrderStore();
  const journal = createJournal();
  let seq = 0;
  const app = bytesKeepingApp();
  return {
    app,
    get: (key) => store.get(key),
    next: () => ++seq,
    order: (key, kind, state, merchant, at, aliases, data) =>
      newOrder({ key, kind, state, merchant, at, scenarioId: 'floor', scenarioWhy: 'floor', aliases, data }) as Order,
    keep(r) {
      if (r.order) store.put(r.order);
      journal.add({
        at: r.at,
        kind: 'request',
        channel: r.channel,
        operation: r.operation,
        orderKey: r.order?.key,
        request: { method: r.req.method, url: r.req.url, headers: r.req.headers, body: r.bytes },
        fields: r.fields,
        response: { status: 200, headers: r.headers, body: r.body },
        warnings: [],
        durationMs: 0,
      });
    },
  };
}

/** a record in the least state a simulator keeps: findable by its key, with what the request said */
interface MinimalOrder {
  key: string;
  state: string;
  at: number;
  fields: Record<string, unknown>;
}

export interface MinimalState {
  app: FastifyInstance;
  /** the record under this key, made (the oldest dropped past the store's cap) if there is none */
  order(key: string, state: string, at: number, fields: Record<string, unknown>): MinimalOrder;
  /** the request's bytes and its answer, in a ring as long as the journal */
  keep(at: number, bytes: Buffer, body: string): void;
}

/**
 * M, the least state a simulator keeps, as plainly as JavaScript holds it: one small record per
 * order in one Map, as many as the core's store keeps (the oldest out first, from a ring of
 * keys), and per request its bytes and its answer in a ring as long as the core's journal. No
 * core code, no aliases, no LRU, no headers, no fields in the journal: what no simulator of this
 * shape can beat on this machine, B plus state and nothing else.
 */
export function minimalState(): MinimalState {
  const orders = new Map<string, MinimalOrder>();
  const keys: (string | undefined)[] = new Array<string | undefined>(DEFAULT_MAX_ORDERS);
  const ring: ({ at: number; bytes: Buffer; body: string } | undefined)[] = new Array(DEFAULT_JOURNAL_CAPACITY);
  let nextKey = 0;
  let nextEntry = 0;
  return {
    app: bytesKeepingApp(),
    order(key, state, at, fields) {
      const had = orders.get(key);
      if (had) return had;
      const dropped = keys[nextKey];
      if (dropped !== undefined) orders.delete(dropped);
      keys[nextKey] = key;
      nextKey = (nextKey + 1) % keys.length;
      const o = { key, state, at, fields };
      orders.set(key, o);
      return o;
    },
    keep(at, bytes, body) {
      ring[nextEntry] = { at, bytes, body };
      nextEntry = (nextEntry + 1) % ring.length;
    },
  };
}
