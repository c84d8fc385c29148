import { describe, expect, it } from 'vitest';
import { createDispatcher } from './callback-dispatcher.ts';
import { createClock } from './clock.ts';
import { createJournal } from './journal.ts';
import { createMemoryOrderStore, newOrder } from './order-store.ts';
import { REALISTIC_SCHEDULE } from './retry-schedule.ts';

function setup(ack: (url: string) => boolean, maxDeliveries?: number) {
  const clock = createClock({ mode: 'manual', start: 0 });
  const store = createMemoryOrderStore();
  const urls = new Map<string, string>();
  const dispatcher = createDispatcher({
    channel: 'toy',
    runtime: undefined,
    clock,
    store,
    journal: createJournal(),
    timeScale: 1,
    maxDeliveries,
    callbacks: {
      schedule: REALISTIC_SCHEDULE,
      build: (_e, order) => ({ url: urls.get(order.key)!, method: 'POST', headers: {}, body: order.key }),
      isAck: (res) => res.body === 'OK',
    },
    send: async (req) => ({ status: 200, headers: {}, body: ack(req.url) ? 'OK' : 'NO' }),
  });
  const order = (key: string, url: string) => {
    urls.set(key, url);
    store.put(
      newOrder({ key, kind: 'k', state: 's', merchant: 'm', at: 0, scenarioId: 'x', scenarioWhy: 'x', data: {} }),
    );
  };
  return { clock, dispatcher, order };
}

describe('the dispatcher', () => {
  it('forgets the oldest finished deliveries past its cap, never a pending one', async () => {
    const { clock, dispatcher, order } = setup((url) => url !== 'http://down/', 10);
    order('down', 'http://down/');
    dispatcher.schedule('down', { event: 'paid' });
    for (let i = 0; i < 20; i++) {
      order(`o${i}`, 'http://up/');
      dispatcher.schedule(`o${i}`, { event: 'paid' });
      await clock.advance(0);
    }
    const kept = dispatcher.list();
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.map((d) => d.orderKey)).toContain('down');
    expect(kept.find((d) => d.orderKey === 'down')?.status).toBe('retrying');
    expect(kept.map((d) => d.orderKey)).toContain('o19');
    expect(kept.map((d) => d.orderKey)).not.toContain('o0');
  });

  it('keeps every pending delivery past its cap, and forgets them once they have finished', async () => {
    const { clock, dispatcher, order } = setup(() => false, 10);
    for (let i = 0; i < 25; i++) {
      order(`d${i}`, 'http://down/');
      dispatcher.schedule(`d${i}`, { event: 'paid' });
    }
    await clock.advance(0);
    expect(dispatcher.list({ status: 'retrying' })).toHaveLength(25);
    // every retry of the schedule fails: each delivery gives up in the end
    await clock.advance(7 * 24 * 3600_000);
    expect(dispatcher.list({ status: 'gave-up' })).toHaveLength(25);
    for (let i = 0; i < 3; i++) {
      order(`n${i}`, 'http://down/');
      dispatcher.schedule(`n${i}`, { event: 'paid' });
    }
    const kept = dispatcher.list();
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.map((d) => d.orderKey)).toEqual(expect.arrayContaining(['n0', 'n1', 'n2']));
  });

  it('marks every attempt so an admin API can refuse it, and refuses an admin notify URL itself', async () => {
    const { clock, dispatcher, order } = setup(() => true);
    order('a', 'http://merchant/notify');
    order('b', 'http://127.0.0.1:8105/sim/%255F%255Fadmin/reset');
    dispatcher.schedule('a', { event: 'paid' });
    dispatcher.schedule('b', { event: 'paid' });
    await clock.advance(0);
    const [a, b] = dispatcher.list();
    expect(a!.attempts[0]!.request.headers['x-sim-callback']).toBe(`${a!.id}/1`);
    expect(b!.attempts[0]).toMatchObject({ acked: false, error: expect.stringMatching(/admin API/) });
  });

  it("judges an answer with the order and the runtime, so an ack rule can be the order's merchant's", async () => {
    const clock = createClock({ mode: 'manual', start: 0 });
    const store = createMemoryOrderStore();
    const runtime = {
      ackOf: new Map([
        ['m1', 'OK'],
        ['m2', 'DONE'],
      ]),
    };
    const dispatcher = createDispatcher({
      channel: 'toy',
      runtime,
      clock,
      store,
      journal: createJournal(),
      timeScale: 1,
      callbacks: {
        schedule: REALISTIC_SCHEDULE,
        build: (_e, order) => ({ url: 'http://merchant/', method: 'POST', headers: {}, body: order.key }),
        isAck: (res, at) => res.body === at.runtime.ackOf.get(at.order?.merchant ?? ''),
      },
      send: async () => ({ status: 200, headers: {}, body: 'DONE' }),
    });
    for (const merchant of ['m1', 'm2']) {
      store.put(
        newOrder({
          key: merchant,
          kind: 'k',
          state: 's',
          merchant,
          at: 0,
          scenarioId: 'x',
          scenarioWhy: 'x',
          data: {},
        }),
      );
      dispatcher.schedule(merchant, { event: 'paid' });
    }
    await clock.advance(0);
    expect(dispatcher.list().map((d) => [d.orderKey, d.status])).toEqual([
      ['m1', 'retrying'],
      ['m2', 'acked'],
    ]);
  });
});
