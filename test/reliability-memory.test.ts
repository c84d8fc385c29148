/**
 * Memory stays bounded under load, through the composition root as an operator starts it
 * (--max-orders, --journal-max-bytes, port 0): past the cap the store evicts a finished order
 * first, with its aliases, else the open order used longest ago, so a protocol every pay-in reads
 * stays; the journal drops its oldest entries once their bytes pass the cap.
 */
import { ok } from './support/results.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLftClient, type LftClient } from '../clients/lft.ts';
import { resolveConfig } from '../simulators/config.ts';
import { startSimulators, type Simulators } from '../simulators/main.ts';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function startLft(flags: string[]): Promise<{
  url: string;
  client: LftClient;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  admin: (path: string, method?: string) => Promise<{ status: number; json: any }>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reliability-mem-'));
  const sims: Simulators = await startSimulators(
    resolveConfig(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir, ...flags], {}),
    { log: silent },
  );
  cleanup.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => sims.close(),
  );
  const url = sims.servers[0]!.url;
  const admin = async (path: string, method = 'GET') => {
    const res = await fetch(`${url}/__admin${path}`, { method });
    return { status: res.status, json: await res.json() };
  };
  const creds = (await admin('/credentials')).json as { appId: string; key: string };
  return { url, client: createLftClient({ baseUrl: url, appId: creds.appId, key: creds.key }), admin };
}

describe('the order store under --max-orders', () => {
  it('evicts the finished order first, with its aliases, then the open order used longest ago', async () => {
    const { client, admin } = await startLft(['--max-orders', '4']);
    // 1 a protocol and two pay-ins; the first pay-in's POS code is closed: finished
    const { transNo } = await ok(client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'CAP' }));
    const appId = (await admin('/credentials')).json.appId as string;
    const key = (n: number) => `${appId}-${n}`;
    const pay = async (n: number) =>
      ok(
        client.prepay({
          transNo,
          outReqNo: key(n),
          amount: '1.00',
          prodCatalog: '01',
          outSuccessNotifyUrl: 'http://merchant.test/paid',
        }),
      );
    const a = await pay(1);
    await pay(2);
    await client.posclose({ outReqNo: key(1) });
    expect((await admin(`/orders/${key(1)}`)).json.state).toBe('CLOSED');
    await pay(3);
    expect((await admin('/health')).json.orders).toBe(4);

    // 2 the fifth order evicts the finished one, and its POS code and payOrderNo go with it
    await pay(4);
    expect((await admin('/health')).json.orders).toBe(4);
    expect((await admin(`/orders/${key(1)}`)).status).toBe(404);
    expect((await admin(`/orders/${a.posCode}`)).status).toBe(404);
    expect((await admin(`/orders/${a.payOrderNo}`)).status).toBe(404);

    // 3 none finished: the open order used longest ago goes (pay-in 2), not the protocol that
    // every prepay reads
    await pay(5);
    expect((await admin(`/orders/${key(2)}`)).status).toBe(404);
    expect((await admin(`/orders/${transNo}`)).status).toBe(200);
    await pay(6);
    expect((await admin('/orders')).json.orders.map((o: { key: string }) => o.key)).toEqual([
      key(6),
      key(5),
      key(4),
      transNo,
    ]);
  });
});

describe('the journal under --journal-max-bytes', () => {
  it('keeps the newest entries within the byte budget', async () => {
    const { url, admin } = await startLft(['--journal-max-bytes', '256K']);
    // 20 requests of ~40 KiB each (malformed: the journal keeps every request, answered or not)
    for (let i = 0; i < 20; i++) {
      await fetch(`${url}/api/protocol/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"n":${i},"pad":"${'x'.repeat(40 * 1024)}"`,
      });
    }
    const { entries } = (await admin('/journal?limit=1000')).json as { entries: { request: { body: string } }[] };
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.length).toBeLessThanOrEqual(6); // 256 KiB / 40 KiB
    expect(entries.at(-1)!.request.body).toContain('"n":19');
  });
});
