/**
 * What a stateful floor server (C) shares across channels: Fastify reading bodies as the simulator
 * does (the bytes kept for the journal, then parsed as JSON), the core's own order store and
 * journal, and the state one request leaves behind — its order put back, as the simulator puts
 * it, and one journal entry with both bodies. The channel's file (bench/<channel>-servers.ts) adds
 * its crypto-only work and which orders its requests make. Nothing here listens.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { createJournal } from '../simulators/core/journal.ts';
import { createMemoryOrderStore, newOrder, type Order } from '../simulators/core/order-store.ts';

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

export function statefulFloor(): StatefulFloor {
  const store = createMemoryOrderStore();
  const journal = createJournal();
  let seq = 0;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, bytes: Buffer, done) => {
    try {
      done(null, { bytes, env: JSON.parse(bytes.toString('utf8')) as Record<string, unknown> } satisfies FloorBody);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
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
