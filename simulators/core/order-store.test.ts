/**
 * The in-memory store's eviction order over a long run at its cap, against a plain model of the
 * documented rule (finished orders first, else open ones, each least recently used first; a use
 * moves an order to the back only when it has not moved there within the last quarter of the
 * cap's uses). Thousands of evictions, reads and state changes: the store keeps where it looks
 * for its oldest keys between evictions, so the order must still come out right.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryOrderStore, newOrder, type Order } from './order-store.ts';
import { createRandom } from './banks/seeded-random.ts';

interface ModelEntry {
  key: string;
  at: number;
}

/** the rule as written, with arrays: O(n) per step, obviously right */
function model(max: number, isFinished: (o: Order) => boolean) {
  const orders = new Map<string, Order>();
  const groups = { open: [] as ModelEntry[], finished: [] as ModelEntry[] };
  const recent = Math.max(1, Math.floor(max / 4));
  let uses = 0;
  const groupOf = (o: Order) => (isFinished(o) ? groups.finished : groups.open);
  const touch = (g: ModelEntry[], key: string) => {
    uses++;
    const i = g.findIndex((e) => e.key === key);
    if (i >= 0 && uses - g[i]!.at <= recent) return;
    if (i >= 0) g.splice(i, 1);
    g.push({ key, at: uses });
  };
  return {
    get(key: string) {
      const o = orders.get(key);
      if (o) touch(groups.open.some((e) => e.key === key) ? groups.open : groups.finished, key);
      return o;
    },
    put(o: Order) {
      const isNew = !orders.has(o.key);
      orders.set(o.key, o);
      const g = groupOf(o);
      const other = g === groups.open ? groups.finished : groups.open;
      const j = other.findIndex((e) => e.key === o.key);
      if (j >= 0) other.splice(j, 1);
      touch(g, o.key);
      if (isNew && orders.size > max) {
        const victim = groups.finished.find((e) => e.key !== o.key) ?? groups.open.find((e) => e.key !== o.key);
        if (!victim) return;
        orders.delete(victim.key);
        for (const g2 of [groups.open, groups.finished]) {
          const k = g2.findIndex((e) => e.key === victim.key);
          if (k >= 0) g2.splice(k, 1);
        }
      }
    },
    keys: () => [...orders.keys()].sort(),
  };
}

describe('the memory order store at its cap', () => {
  it('evicts in the documented order through thousands of evictions, reads and state changes', () => {
    const max = 40;
    const isFinished = (o: Order) => o.state === 'DONE';
    const store = createMemoryOrderStore({ maxOrders: max, isFinished });
    const ref = model(max, isFinished);
    const rng = createRandom(7);
    const random = () => rng.next();
    const made: string[] = [];
    const keptKeys = () =>
      store
        .list()
        .map((o) => o.key)
        .sort();
    const order = (key: string, state: string) =>
      newOrder({ key, kind: 'k', state, merchant: 'm', at: 0, scenarioId: 's', scenarioWhy: 'w', data: {} });
    for (let step = 0; step < 20_000; step++) {
      const r = random();
      if (r < 0.45 || made.length === 0) {
        const key = `K${made.length}`;
        made.push(key);
        const state = random() < 0.3 ? 'DONE' : 'OPEN';
        store.put(order(key, state));
        ref.put(order(key, state));
      } else if (r < 0.85) {
        // a read of a recent or an old key (kept or evicted)
        const key = made[Math.floor(random() * made.length)]!;
        expect(store.get(key)?.key).toBe(ref.get(key)?.key);
      } else {
        // a kept order changes state (finishes, or reopens)
        const key = made[made.length - 1 - Math.floor(random() * Math.min(made.length, 60))]!;
        const kept = store.get(key);
        ref.get(key);
        if (kept) {
          const state = kept.state === 'DONE' ? 'OPEN' : 'DONE';
          store.put(order(key, state));
          ref.put(order(key, state));
        }
      }
      expect(store.size()).toBe(ref.keys().length);
      if (step % 97 === 0) expect(keptKeys()).toEqual(ref.keys());
    }
    expect(keptKeys()).toEqual(ref.keys());
  });
});
