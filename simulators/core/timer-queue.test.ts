import { describe, expect, it } from 'vitest';
import { createTimerQueue, type QueuedTimer } from './timer-queue.ts';

const drain = (q: ReturnType<typeof createTimerQueue<QueuedTimer>>) => {
  const out: number[] = [];
  for (let t = q.take(); t; t = q.take()) out.push(t.id);
  return out;
};

describe('createTimerQueue', () => {
  it('takes timers by time, equal times in the order they were added', () => {
    const q = createTimerQueue<QueuedTimer>();
    const ats = [50, 10, 30, 10, 50, 0, 30, 10];
    ats.forEach((at, i) => q.add({ id: i + 1, at }));
    expect(q.size()).toBe(8);
    expect(q.peek()).toEqual({ id: 6, at: 0 });
    expect(drain(q)).toEqual([6, 2, 4, 8, 3, 7, 1, 5]);
    expect(q.size()).toBe(0);
  });

  it('agrees with a sort over many random timers, with cancellations among them', () => {
    const q = createTimerQueue<QueuedTimer>();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const all: QueuedTimer[] = Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, at: Math.floor(rnd() * 500) }));
    for (const t of all) q.add(t);
    const cancelled = new Set(all.filter(() => rnd() < 0.6).map((t) => t.id));
    for (const id of cancelled) q.cancel(id);
    q.cancel(999_999); // unknown: nothing happens
    const expected = all
      .filter((t) => !cancelled.has(t.id))
      .sort((a, b) => a.at - b.at || a.id - b.id)
      .map((t) => t.id);
    expect(q.size()).toBe(expected.length);
    expect(drain(q)).toEqual(expected);
  });

  it('forgets everything on clear and a fired timer cannot be cancelled twice into the count', () => {
    const q = createTimerQueue<QueuedTimer>();
    q.add({ id: 1, at: 1 });
    q.add({ id: 2, at: 2 });
    expect(q.take()?.id).toBe(1);
    q.cancel(1);
    expect(q.size()).toBe(1);
    q.clear();
    expect(q.size()).toBe(0);
    expect(q.peek()).toBeUndefined();
  });
});
