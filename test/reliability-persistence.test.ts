/**
 * Persistence that costs what changed, as an operator meets it (--persist through the
 * composition root, port 0, the reference client): once the first save has written the snapshot,
 * a new order is one short line appended to the change log and the snapshot is not rewritten; a
 * log that has outgrown the snapshot is folded into it; a torn last log line (a crash mid-write)
 * is ignored at restore and cut off before the next append; a damaged line stops start-up naming
 * the log file and the line.
 */
import { ok } from './support/results.ts';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'reliability-persist-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

interface Running {
  sims: Simulators;
  client: LftClient;
  url: string;
  /** the generated app id: every outReqNo starts with it */
  appId: string;
  /** a pay-in on the protocol, with outReqNo <appId>-<n> */
  prepay(transNo: string, n: string | number): Promise<{ payOrderNo: string }>;
  stop(): Promise<void>;
}

async function start(dataDir: string): Promise<Running> {
  const sims = await startSimulators(
    resolveConfig(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir, '--persist'], {}),
    { log: silent },
  );
  cleanup.push(() => sims.close());
  const url = sims.servers[0]!.url;
  const { appId, key } = (await (await fetch(`${url}/__admin/credentials`)).json()) as { appId: string; key: string };
  const client = createLftClient({ baseUrl: url, appId, key });
  return {
    sims,
    url,
    client,
    appId,
    prepay: (transNo, n) =>
      ok(
        client.prepay({
          transNo,
          outReqNo: `${appId}-${n}`,
          amount: '1.00',
          prodCatalog: '01',
          outSuccessNotifyUrl: 'http://merchant.test/paid',
        }),
      ),
    stop: () => sims.close(),
  };
}

const text = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
const lines = (f: string) =>
  text(f)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { seq: number; orders?: { key: string }[] });
const orderCount = async (r: Running) =>
  ((await (await fetch(`${r.url}/__admin/health`)).json()) as { orders: number }).orders;

describe('incremental persistence', () => {
  it('appends one line per save with only what changed, and leaves the snapshot alone', async () => {
    const dataDir = tempDir();
    const snapshot = join(dataDir, 'lft.state.json');
    const log = join(dataDir, 'lft.state.log');
    const r = await start(dataDir);
    // 1 the first save writes the snapshot
    const { transNo } = await ok(r.client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'INC' }));
    await expect.poll(() => text(snapshot).includes(transNo), { timeout: 5000 }).toBe(true);
    // 2 thirty pay-ins later the snapshot is as it was; the log holds them
    const before = text(snapshot);
    let last = '';
    for (let i = 0; i < 30; i++) last = (await r.prepay(transNo, i)).payOrderNo;
    await expect.poll(() => text(log).includes(last), { timeout: 5000 }).toBe(true);
    expect(text(snapshot)).toBe(before);
    // 3 one more order: one more line, holding that order only
    const n = lines(log).length;
    const one = await r.prepay(transNo, 'LAST');
    await expect.poll(() => text(log).includes(one.payOrderNo), { timeout: 5000 }).toBe(true);
    const added = lines(log).slice(n);
    expect(added).toHaveLength(1);
    expect(added[0]!.orders!.map((o) => o.key)).toEqual([`${r.appId}-LAST`]);
    expect(text(snapshot)).toBe(before);
    // 4 all of it comes back after a restart
    await r.stop();
    const b = await start(dataDir);
    expect(await orderCount(b)).toBe(32);
    expect(await b.client.inquery({ outReqNo: `${r.appId}-LAST` })).toMatchObject({
      ok: true,
      data: { payOrderNo: one.payOrderNo },
    });
  });

  it('folds a log that has outgrown the snapshot into a new snapshot, and the log restarts', async () => {
    const dataDir = tempDir();
    const snapshot = join(dataDir, 'lft.state.json');
    const log = join(dataDir, 'lft.state.log');
    const r = await start(dataDir);
    const { transNo } = await ok(r.client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'FOLD' }));
    await expect.poll(() => text(snapshot).includes(transNo), { timeout: 5000 }).toBe(true);
    // ~0.5 KB a pay-in in the log: 800 of them pass the 256 KiB it may reach before it is folded
    for (let i = 0; i < 800; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => r.prepay(transNo, i + j)));
    // the snapshot comes to hold pay-ins the first one never saw, and the log is shorter than it
    // (folding runs off the request path, after a save: wait for it rather than for the log)
    await expect
      .poll(() => text(snapshot).includes(`"${r.appId}-100"`) && text(log).length < text(snapshot).length, {
        timeout: 10_000,
      })
      .toBe(true);
    await r.stop();
    const b = await start(dataDir);
    expect(await orderCount(b)).toBe(801);
  });

  it('ignores a torn last line at restore and cuts it off before appending', async () => {
    const dataDir = tempDir();
    const log = join(dataDir, 'lft.state.log');
    const a = await start(dataDir);
    const { transNo } = await ok(a.client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'TORN' }));
    await a.prepay(transNo, 1);
    await a.stop();
    // 1 a crash mid-append leaves half a line
    appendFileSync(log, '{"seq":999,"orders":[{"key":"half');
    const b = await start(dataDir);
    expect(await orderCount(b)).toBe(2);
    await b.prepay(transNo, 2);
    await b.stop();
    // 2 the half line is gone; the new order's line is whole and restores
    expect(text(log)).not.toContain('half');
    const c = await start(dataDir);
    expect(await orderCount(c)).toBe(3);
  });

  it('stops start-up naming the log file and line when a line in the middle is damaged', async () => {
    const dataDir = tempDir();
    const log = join(dataDir, 'lft.state.log');
    writeFileSync(log, '{"seq":1}\nnot json\n{"seq":3}\n');
    const config = resolveConfig(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir, '--persist'], {});
    await expect(startSimulators(config, { log: silent })).rejects.toMatchObject({
      code: 'SIM_ERR_BOOT_CONFIG',
      message: expect.stringMatching(/lft\.state\.log: line 2 is not valid JSON/),
    });
    writeFileSync(log, '{"seq":1,"orders":[{"key":1}]}\n');
    await expect(startSimulators(config, { log: silent })).rejects.toMatchObject({
      message: expect.stringMatching(/line 1: orders\[0\]\.key must be a string/),
    });
  });
});
