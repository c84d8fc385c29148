/**
 * The OrderStore port and its in-memory adapter. Orders are the core's records of anything an
 * upstream keeps state for (an order, a protocol, a contract); `data` is the channel's own and
 * the core never reads it. The API is synchronous on purpose: a read-check-write done inside one
 * request handler cannot interleave with another request, so concurrent requests on one order or
 * one balance stay consistent without locks. It knows no channel: what "finished" means comes
 * from the channel's state machines (finishedIn), and `data` is never read.
 */
import type { StateMachine } from './outcome.ts';

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
    key: n.key,
    kind: n.kind,
    state: n.state,
    merchant: n.merchant,
    createdAt: n.at,
    updatedAt: n.at,
    scenarioId: n.scenarioId,
    scenarioWhy: n.scenarioWhy,
    cursors: n.cursors ?? {},
    aliases: n.aliases ?? [],
    history: [],
    data: n.data,
  };
}

export interface OrderStore {
  get(keyOrAlias: string): Order | undefined;
  put(order: Order): void;
  list(filter?: { kind?: string; merchant?: string; limit?: number }): Order[];
  size(): number;
  clear(): void;
  /** what changed since the last call (persistence saves only that): the orders put, the keys
   *  evicted, and whether the store was cleared first. Changes are recorded from the first call */
  takeChanges(): StoreChanges;
}

export interface StoreChanges {
  cleared: boolean;
  put: Order[];
  deleted: string[];
}

export interface OrderStoreOptions {
  /** most orders kept (default 100,000); past it the store evicts one per new order */
  maxOrders?: number;
  /** whether an order can move no further (those go first) */
  isFinished?: (order: Order) => boolean;
}

export const DEFAULT_MAX_ORDERS = 100_000;

/**
 * "Finished" for a channel: the order reached a state from which its state machine has no move.
 * A record still in its initial state is not finished even when that state has no move (LFT's
 * protocol: a standing record holding balances, never a finished one).
 */
export function finishedIn(machines: Record<string, StateMachine>): (order: Order) => boolean {
  // the states that can still move, worked out once per kind: it is asked on every put
  const kinds = new Map<string, { initial: string; moving: Set<string> }>();
  for (const [kind, m] of Object.entries(machines)) {
    const moving = Object.entries(m.transitions)
      .filter(([state, to]) => to.some((t) => t !== state))
      .map(([state]) => state);
    kinds.set(kind, { initial: m.initial, moving: new Set(moving) });
  }
  return (o) => {
    const k = kinds.get(o.kind);
    return !!k && o.state !== k.initial && !k.moving.has(o.state);
  };
}

/**
 * The in-memory adapter. Bounded: once it holds maxOrders, each new order evicts one — a
 * finished order, or when none has finished, an open one; in either group the one used longest
 * ago (read or written), so an order still in use (a protocol every pay-in reads) stays — with
 * its aliases, so a long load run keeps its memory flat. Two insertion-ordered maps (key → the
 * use at which the order last moved to the back), each kept in order of last use, make the
 * choice O(1). A use moves an order to the back only when it has not moved there lately (within
 * the last quarter of the store's capacity of uses): the order stays close to least-recently-
 * used, and a hot record read by every request (LFT's protocol) is not deleted from and re-added
 * to a large map each time (which was 8% of a prepay). The use counts live in those maps, not in
 * a WeakMap beside them: a WeakMap entry per order cost every request an ephemeron-table insert
 * and every garbage collection a pass over them.
 */
export function createMemoryOrderStore(opts: OrderStoreOptions = {}): OrderStore {
  const maxOrders = Math.max(1, opts.maxOrders ?? DEFAULT_MAX_ORDERS);
  const isFinished = opts.isFinished ?? (() => false);
  const orders = new Map<string, Order>();
  const aliases = new Map<string, string>();
  /** keys of orders that may still move, and of finished ones, each least recently used first,
   *  with the use at which each last moved to the back */
  const open = new Map<string, number>();
  const finished = new Map<string, number>();
  let uses = 0;
  const recent = Math.max(1, Math.floor(maxOrders / 4));
  /** key → the order put, or undefined when evicted; kept only once someone takes changes
   *  (persistence), so a store without it records nothing */
  let changed = new Map<string, Order | undefined>();
  let tracking = false;
  let cleared = false;

  // where each group's oldest key is found: an iterator kept across evictions. A fresh
  // `group.keys()` per eviction starts at the front of the map's table, and every key deleted
  // from the front since the table was last compacted is still there, a hole to step over one by
  // one (a store at its cap, evicting one order per new one, spent ~60% of its work doing that);
  // a live iterator steps over each hole once. It sees keys moved to the back again when it gets
  // there, and a key added after it started.
  const oldest = new Map<Map<string, number>, Iterator<string>>();
  function first(group: Map<string, number>, not: string): string | undefined {
    let it = oldest.get(group);
    let restarted = false;
    for (;;) {
      if (!it) {
        oldest.set(group, (it = group.keys()));
        restarted = true;
      }
      const r = it.next();
      if (r.done) {
        // the end: start over once (an exhausted iterator stays exhausted)
        if (restarted) return undefined;
        it = undefined;
        continue;
      }
      // the key just put is kept; it is the newest, so the iterator is at the end past it
      if (r.value !== not) return r.value;
    }
  }

  function evict(keep: string): void {
    const key = first(finished, keep) ?? first(open, keep);
    const order = key === undefined ? undefined : orders.get(key);
    if (!key || !order) return;
    orders.delete(key);
    open.delete(key);
    finished.delete(key);
    for (const a of order.aliases) if (aliases.get(a) === key) aliases.delete(a);
    if (tracking) changed.set(key, undefined);
  }

  /** to the back of `group`, unless it moved there within the last `recent` uses */
  function touch(group: Map<string, number>, key: string): void {
    const at = group.get(key);
    uses++;
    if (at !== undefined && uses - at <= recent) return;
    if (at !== undefined) group.delete(key);
    group.set(key, uses);
  }

  return {
    get(k) {
      let o = orders.get(k);
      if (o === undefined) {
        const key = aliases.get(k);
        if (key !== undefined) o = orders.get(key);
      }
      // used now: to the back of its group's eviction order, unless it moved there lately
      if (o) touch(open.has(o.key) ? open : finished, o.key);
      return o;
    },
    put(order) {
      const isNew = !orders.has(order.key);
      orders.set(order.key, order);
      for (const a of order.aliases) aliases.set(a, order.key);
      // written now: to the back of its group (finished or open), unless it moved there lately
      const group = isFinished(order) ? finished : open;
      (group === finished ? open : finished).delete(order.key);
      touch(group, order.key);
      if (tracking) changed.set(order.key, order);
      if (isNew && orders.size > maxOrders) evict(order.key);
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
      open.clear();
      finished.clear();
      changed = new Map();
      cleared = tracking;
    },
    takeChanges() {
      tracking = true;
      const put: Order[] = [];
      const deleted: string[] = [];
      for (const [k, o] of changed) {
        if (o) put.push(o);
        else deleted.push(k);
      }
      const out = { cleared, put, deleted };
      changed = new Map();
      cleared = false;
      return out;
    },
  };
}
