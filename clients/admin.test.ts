/**
 * The typed admin client against a listening LFT simulator (manual clock, callback sink): every
 * method reads what its admin route answers, refusals arrive as AdminError with the HTTP status
 * and the admin API's code, and a simulator that is not there, or an answer that is not the admin
 * API's, are AdminErrors of the client's own codes.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { orderView } from '../simulators/core/admin-routes.ts';
import type { Delivery as CoreDelivery } from '../simulators/core/callback-dispatcher.ts';
import type { JournalEntry as CoreJournalEntry } from '../simulators/core/journal.ts';
import type { Predicate } from '../simulators/core/predicates.ts';
import { ok } from '../test/support/results.ts';
import { startSimulator, type StartedSimulator } from '../test/support/simulator.ts';
import {
  AdminError,
  createAdminClient,
  parseDuration,
  type AdminPredicate,
  type Delivery,
  type JournalEntry,
  type OrderView,
} from './admin.ts';
import { createLftClient } from './lft.ts';

const APP = { appId: 'APP01', key: 'k-admin-client-0123' };
let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator('lft', { credentials: APP });
});
afterAll(() => sim.close());

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AdminError,
  );

describe('createAdminClient', () => {
  it('reads health, credentials, scenarios and the clock; moves the clock by a duration string', async () => {
    const { admin } = sim;
    expect(await admin.health()).toMatchObject({ status: 'ok', channel: 'lft', orders: 0 });
    expect(await admin.credentials()).toMatchObject({ channel: 'lft', ...APP });
    const { scenarios } = await admin.scenarios();
    expect(scenarios.map((s) => s.id)).toContain('lft/default');
    const before = Date.parse((await admin.clock()).now);
    expect(await admin.advanceClock('30s')).toMatchObject({ fired: 0, pendingTimers: 0 });
    expect(Date.parse((await admin.clock()).now) - before).toBe(30_000);
    await expect(admin.advanceClock('soon')).rejects.toThrow(/"soon" is not a duration/);
  });

  it('adds and clears scenario overrides', async () => {
    const o = await sim.admin.useScenario({ scenario: 'lft/payin-declined', operation: 'prepay', once: true });
    expect(o).toMatchObject({ scenarioId: 'lft/payin-declined', operation: 'prepay', once: true });
    expect((await sim.admin.scenarios()).overrides.map((x) => x.id)).toEqual([o.id]);
    expect(await sim.admin.clearOverrides()).toEqual({ removed: 1 });
  });

  it('follows an order through an event, its journal and its callback, and replays the callback', async () => {
    // 1 a POS pay-in through the reference client
    const lft = createLftClient({ baseUrl: sim.baseUrl, ...APP, now: sim.now });
    const { transNo } = await ok(lft.create({ channelType: 'LFT', transDesc: '房租', businessId: 'ADMIN' }));
    const pre = await ok(
      lft.prepay({
        transNo,
        outReqNo: 'APP01-ADM-1',
        amount: '10.00',
        prodCatalog: '02',
        outSuccessNotifyUrl: 'http://merchant.test/paid',
      }),
    );
    // 2 orders, by key and by alias; the swipe event
    expect((await sim.admin.orders({ kind: 'payin' })).map((o) => o.key)).toEqual(['APP01-ADM-1']);
    expect(await sim.admin.order(pre.posCode!)).toMatchObject({ key: 'APP01-ADM-1', state: 'UNPAID' });
    expect(await sim.admin.event(pre.posCode!, 'swipe')).toMatchObject({ key: 'APP01-ADM-1', state: 'SUCCESS' });
    await sim.advance(0);
    // 3 the journal and the acknowledged callback
    expect((await sim.admin.journal({ order: 'APP01-ADM-1', kind: 'request' })).map((e) => e.operation)).toEqual([
      'prepay',
    ]);
    const [delivery] = await sim.admin.callbacks({ order: 'APP01-ADM-1' });
    expect(delivery).toMatchObject({ event: 'paid', status: 'acked' });
    expect(await sim.admin.callback(delivery!.id)).toEqual(delivery);
    // 4 replayed byte for byte: a new delivery, sent at once
    const replay = await sim.admin.replay(delivery!.id, 'exact');
    expect(replay).toMatchObject({ replayOf: delivery!.id, replayMode: 'exact', status: 'acked' });
    expect(sim.sink!.sent.at(-1)!.body).toBe(sim.sink!.sent[0]!.body);
    // 5 reset forgets it all
    expect(await sim.admin.reset()).toEqual({ reset: true });
    expect(await sim.admin.orders()).toEqual([]);
  });

  it('throws AdminError with status and the admin code for refusals; raw() returns them', async () => {
    expect(await refusal(sim.admin.order('nope'))).toMatchObject({
      name: 'AdminError',
      status: 404,
      code: 'SIM_ERR_ORDER_NOT_FOUND',
      message: 'no order "nope"',
      path: '/orders/nope',
    });
    expect(await refusal(sim.admin.useScenario({ scenario: 'lft/nope' }))).toMatchObject({
      status: 404,
      code: 'SIM_ERR_ADMIN_NOT_FOUND',
    });
    expect(await refusal(sim.admin.request('POST', '/clock/advance', { ms: -1 }))).toMatchObject({
      status: 400,
      code: 'SIM_ERR_ADMIN_BAD_REQUEST',
    });
    expect(await sim.admin.raw('GET', '/orders/nope')).toMatchObject({
      status: 404,
      json: { error: { code: 'SIM_ERR_ORDER_NOT_FOUND' } },
    });
  });

  it('reports a simulator that is not there, and an answer that is not the admin API', async () => {
    const gone = await refusal(createAdminClient({ baseUrl: 'http://127.0.0.1:9' }).health());
    expect(gone).toBeInstanceOf(AdminError);
    expect(gone).toMatchObject({ status: 0, code: 'ADMIN_UNREACHABLE', baseUrl: 'http://127.0.0.1:9' });
    expect((gone as AdminError).cause).toBeInstanceOf(Error);
    const html = async () => new Response('<html>proxy</html>', { status: 502 });
    expect(await refusal(createAdminClient({ baseUrl: sim.baseUrl, fetch: html }).health())).toMatchObject({
      status: 502,
      code: 'ADMIN_NOT_JSON',
    });
    const bare = async () => new Response('{}', { status: 503 });
    expect(await refusal(createAdminClient({ baseUrl: sim.baseUrl, fetch: bare }).health())).toMatchObject({
      status: 503,
      code: 'ADMIN_HTTP',
    });
  });

  it('sends the token as x-admin-token and accepts a base URL ending in /__admin', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const spy: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
      return fetch(url, init);
    };
    const admin = createAdminClient({ baseUrl: `${sim.baseUrl}/__admin/`, token: 't0k', fetch: spy });
    expect(admin.baseUrl).toBe(sim.baseUrl);
    await admin.useScenario({ scenario: 'lft/payin-declined' });
    await admin.clearOverrides();
    expect(seen[0]).toMatchObject({
      url: `${sim.baseUrl}/__admin/scenarios/use`,
      headers: { 'x-admin-token': 't0k', 'content-type': 'application/json' },
    });
  });
});

describe('admin-views.ts', () => {
  it('accepts what the core serialises (the shapes are mirrored, not imported: this catches drift)', () => {
    expectTypeOf<ReturnType<typeof orderView>>().toExtend<OrderView>();
    expectTypeOf<CoreDelivery>().toExtend<Delivery>();
    // the journal route answers request headers redacted and bodies as text (journal.ts view())
    expectTypeOf<Omit<CoreJournalEntry, 'request' | 'response'>>().toExtend<
      Omit<JournalEntry, 'request' | 'response'>
    >();
    expectTypeOf<Predicate>().toExtend<AdminPredicate>();
  });
});

describe('parseDuration', () => {
  it.each([
    ['30000', 30_000],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
  ])('%s is %i ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });
  it('is undefined for anything else', () => {
    expect(parseDuration('30 sec')).toBeUndefined();
    expect(parseDuration('-1s')).toBeUndefined();
  });
});
