/**
 * Reliability of the callback leg, as an operator meets it: a merchant whose notify endpoint
 * never answers holds nobody else's notification, retry or slow answer (on the system clock, over
 * real HTTP), a manual-clock advance returns while such an attempt hangs, and a notify URL aimed
 * at the simulator's own admin API is refused and journalled instead of obeyed.
 */
import { ok } from './support/results.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLftClient } from '../clients/lft.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock, type Clock } from '../simulators/core/clock.ts';
import { lft } from '../simulators/lft/index.ts';
import { createLftHarness, type LftHarness } from './support/lft-harness.ts';

const APP = { appId: 'APP01', key: 'k-reliability-0123456789' };
const scenarios = loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft);
const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** a merchant endpoint on port 0: `hang` keeps every request open and silent */
async function merchantServer(hang: boolean) {
  const received: string[] = [];
  let open = 0;
  let onRequest: () => void = () => undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received.push(req.url ?? '');
    open++;
    res.on('close', () => open--);
    onRequest();
    if (!hang) res.end('SUCCESS');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () => new Promise<void>((r) => server.close(() => r())),
    () => void server.closeAllConnections(),
  );
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/notify`;
  return {
    url,
    received,
    open: () => open,
    /** resolves at the n-th request */
    reached: (n: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= n) return resolve();
        onRequest = () => received.length >= n && resolve();
      }),
  };
}

/** an LFT simulator with the real HTTP send, listening on port 0 */
async function simulator(clock?: Clock): Promise<{ app: SimServer; baseUrl: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reliability-'));
  const app = buildServer(lft, { scenarios, config: { dataDir, credentials: APP }, ...(clock ? { clock } : {}) });
  cleanup.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => app.close(),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

async function adminPost(baseUrl: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/__admin${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('a merchant that never answers', () => {
  it("holds neither another merchant's notification nor a slow answer (system clock, real HTTP)", async () => {
    const hung = await merchantServer(true);
    const healthy = await merchantServer(false);
    const { baseUrl } = await simulator();
    const client = createLftClient({ baseUrl, ...APP });
    const { transNo } = await ok(client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'HUNG' }));
    const a = await ok(
      client.prepay({
        transNo,
        outReqNo: 'APP01-HUNG-1',
        amount: '1.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: hung.url,
      }),
    );
    const b = await ok(
      client.prepay({
        transNo,
        outReqNo: 'APP01-OK-1',
        amount: '2.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: healthy.url,
      }),
    );

    // 1 the hung merchant's notification goes out first and is left hanging (10 s attempt timeout)
    await adminPost(baseUrl, `/orders/${a.posCode}/events/swipe`);
    await hung.reached(1);
    // 2 the healthy merchant's notification, due after it, arrives while that attempt is still open
    await adminPost(baseUrl, `/orders/${b.posCode}/events/swipe`);
    await healthy.reached(1);
    expect(hung.open()).toBe(1);
    // 3 a slow answer (lft/slow-response: delayMs 3000) is written after its 3 s, not after the
    // hung attempt's timeout: it comes back while that attempt is still open
    await ok(
      client.prepay({
        transNo,
        outReqNo: 'APP01-SLOW-1',
        amount: '0.10',
        prodCatalog: '01',
        outSuccessNotifyUrl: healthy.url,
      }),
    );
    expect(hung.open()).toBe(1);
  });

  it('does not hold a manual-clock advance: the healthy notification goes out and advance returns', async () => {
    // the sink answers every URL but the hung one at once; the hung one never settles
    const h: LftHarness = await createLftHarness({
      sink: {
        answer: (req) =>
          req.url.includes('hung') ? new Promise(() => undefined) : { status: 200, headers: {}, body: 'SUCCESS' },
      },
    });
    cleanup.push(() => h.close());
    const { transNo } = await ok(h.client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'HUNG' }));
    const a = await ok(
      h.client.prepay({
        transNo,
        outReqNo: 'APP01-HUNG-2',
        amount: '1.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: 'http://merchant.test/hung',
      }),
    );
    const b = await ok(
      h.client.prepay({
        transNo,
        outReqNo: 'APP01-OK-2',
        amount: '2.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: 'http://merchant.test/ok',
      }),
    );
    await h.admin('POST', `/orders/${a.posCode}/events/swipe`);
    await h.admin('POST', `/orders/${b.posCode}/events/swipe`);
    await h.advance(0);
    expect(h.sent.map((s) => new URL(s.url).pathname)).toEqual(['/hung', '/ok']);
    const { deliveries } = await h.admin<{ deliveries: { orderKey: string; status: string }[] }>('GET', '/callbacks');
    expect(deliveries.find((d) => d.orderKey === 'APP01-OK-2')?.status).toBe('acked');
    expect(deliveries.find((d) => d.orderKey === 'APP01-HUNG-2')?.status).toBe('scheduled');
    // the timed arrival 30 s later still happens, with the hung attempt still open
    await h.advance(30_000);
    expect((await h.admin('GET', '/orders/APP01-OK-2')).state).toBe('ARRIVED');
  });
});

describe('a notify URL pointing at the admin API', () => {
  it('is refused, journalled as an error attempt, and never executed (plain and percent-encoded)', async () => {
    const { baseUrl } = await simulator(createClock({ mode: 'manual' }));
    const client = createLftClient({ baseUrl, ...APP, now: () => Date.parse('2026-01-15T02:00:00Z') });
    const { transNo } = await ok(client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'LOOP' }));
    const urls = [`${baseUrl}/__admin/reset`, `${baseUrl}/%5F%5Fadmin/reset`, `${baseUrl}/x/../__ADMIN/reset`];
    for (const [i, url] of urls.entries()) {
      const p = await ok(
        client.prepay({
          transNo,
          outReqNo: `APP01-LOOP-${i}`,
          amount: '1.00',
          prodCatalog: '01',
          outSuccessNotifyUrl: url,
        }),
      );
      await adminPost(baseUrl, `/orders/${p.posCode}/events/swipe`);
    }
    expect((await adminPost(baseUrl, '/clock/advance', { ms: 0 })).status).toBe(200);
    // 1 nothing was reset: the orders are all there
    const orders = (await (await fetch(`${baseUrl}/__admin/orders?kind=payin`)).json()) as { orders: unknown[] };
    expect(orders.orders).toHaveLength(3);
    // 2 each delivery has one failed attempt saying why, and is retried on its schedule
    const { deliveries } = (await (await fetch(`${baseUrl}/__admin/callbacks`)).json()) as {
      deliveries: { status: string; attempts: { error?: string; acked: boolean }[] }[];
    };
    expect(deliveries).toHaveLength(3);
    for (const d of deliveries) {
      expect(d.status).toBe('retrying');
      expect(d.attempts).toMatchObject([{ acked: false, error: expect.stringMatching(/admin API/) }]);
    }
    // 3 the journal has the attempts as errors
    const journal = (await (await fetch(`${baseUrl}/__admin/journal?kind=callback`)).json()) as {
      entries: { error?: { message: string } }[];
    };
    expect(journal.entries).toHaveLength(3);
    for (const e of journal.entries) expect(e.error?.message).toMatch(/admin API/);
  });

  it('refuses an admin request that carries the callback marker, whatever the path looks like', async () => {
    const { app } = await simulator(createClock({ mode: 'manual' }));
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/reset',
      headers: { 'x-sim-callback': 'cb_000001/1' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'SIM_ERR_ADMIN_FORBIDDEN',
      message: expect.stringMatching(/callback/),
    });
  });
});
