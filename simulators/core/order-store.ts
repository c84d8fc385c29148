/**
 * The OrderStore port and its in-memory adapter. Orders are the core's records of anything an
 * upstream keeps state for (an order, a protocol, a contract); `data` is the channel's own and
 * the core never reads it. The API is synchronous on purpose: a read-check-write done inside one
 * request handler cannot interleave with another request, so concurrent requests on one order or
 * one balance stay consistent without locks.
 */

export interface Transition {
  at: number;
  from: string;
  to: string;
  cause: string;
}

export interface Order<D = Record<string, unknown>> {
  key: string;
  kind: string;
  state: string;
  merchant: string;
  createdAt: number;
  updatedAt: number;
  /** the scenario bound to this order at creation, and why it was chosen */
  scenarioId: string;
  scenarioWhy: string;
  /** per operation: index of the current step and how many requests it has answered */
  cursors: Record<string, { index: number; served: number }>;
  reason?: string;
  /** other names an order can be found by (a POS code, a platform order number) */
  aliases: string[];
  history: Transition[];
  data: D;
}

export interface NewOrder<D = Record<string, unknown>> {
  key: string;
  kind: string;
  state: string;
  merchant: string;
  at: number;
  scenarioId: string;
  scenarioWhy: string;
  cursors?: Order['cursors'];
  aliases?: string[];
  data: D;
}

/** a fresh order record: one place that knows what an order starts with */
export function newOrder<D>(n: NewOrder<D>): Order<D> {
  return {
    key: n.key, kind: n.kind, state: n.state, merchant: n.merchant, createdAt: n.at, updatedAt: n.at,
    scenarioId: n.scenarioId, scenarioWhy: n.scenarioWhy, cursors: n.cursors ?? {}, aliases: n.aliases ?? [], history: [], data: n.data,
  };
}

export interface OrderStore {
  get(keyOrAlias: string): Order | undefined;
  put(order: Order): void;
  list(filter?: { kind?: string; merchant?: string; limit?: number }): Order[];
  size(): number;
  clear(): void;
}

export function createMemoryOrderStore(): OrderStore {
  const orders = new Map<string, Order>();
  const aliases = new Map<string, string>();
  return {
    get(k) {
      return orders.get(k) ?? orders.get(aliases.get(k) ?? '');
    },
    put(order) {
      orders.set(order.key, order);
      for (const a of order.aliases) aliases.set(a, order.key);
    },
    list(filter = {}) {
      const out: Order[] = [];
      // newest first: what an engineer looking at a running simulator wants to see
      for (const o of [...orders.values()].reverse()) {
        if (filter.kind && o.kind !== filter.kind) continue;
        if (filter.merchant && o.merchant !== filter.merchant) continue;
        out.push(o);
        if (filter.limit && out.length >= filter.limit) break;
      }
      return out;
    },
    size: () => orders.size,
    clear() {
      orders.clear();
      aliases.clear();
    },
  };
}
