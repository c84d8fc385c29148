/**
 * Persistence across a restart, as an engineer meets it: a simulator started with persistence on
 * a data directory is closed and a new one started on the same directory. Orders, balances,
 * scenario bindings and cursors are back; a callback the merchant refused before the restart is
 * retried on its schedule and acknowledged; a timed scenario event still happens; platform ids
 * continue without collision; UnionPay still answers 12 to a request it served before; a damaged
 * state file stops start-up naming the file. Manual clocks, port 0, the reference clients and the
 * admin API only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLftClient, type LftClient } from '../clients/lft.ts';
import { createUnionPayClient, type UnionPayClient } from '../clients/unionpay.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { resolveConfig } from '../simulators/config.ts';
import { buildServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { SimError } from '../simulators/core/errors.ts';
import { lft } from '../simulators/lft/index.ts';
import { startSimulators } from '../simulators/main.ts';
import { ok } from './support/results.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

const APP = { appId: 'APP01', key: 'k-persist-0123456789' };
const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');
const lftScenarios = loadScenarios(SCENARIOS, lft);

const dirs: string[] = [];
const servers: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'persist-'));
  dirs.push(d);
  return d;
}

/** one simulator with persistence on `dataDir`, a fresh manual clock, listening on port 0; its
 *  merchant (the callback sink) answers like a correct one, or HTTP 500 to everything when down */
async function start(
  channel: 'lft' | 'unionpay',
  dataDir: string,
  opts: { merchantDown?: boolean; credentials?: Record<string, unknown> } = {},
): Promise<StartedSimulator> {
  const sim = await startSimulator(channel, {
    dataDir,
    persist: true,
    credentials: opts.credentials,
    send: opts.merchantDown ? { failFirst: Infinity } : {},
  });
  servers.push(sim);
  return sim;
}

async function stop(r: StartedSimulator): Promise<void> {
  servers.splice(servers.indexOf(r), 1);
  await r.close();
}

const lftClient = (r: StartedSimulator): LftClient => createLftClient({ baseUrl: r.baseUrl, ...APP, now: r.now });

describe('LFT with persistence', () => {
  it('keeps orders, balances and a refused callback across a restart; the callback is retried and acknowledged, ids continue', async () => {
    const dataDir = tempDir();
    // 1 first run: a protocol, a POS pay-in paid by a swipe; the merchant's endpoint is down
    const a = await start('lft', dataDir, { merchantDown: true, credentials: APP });
    const protocol = await ok(lftClient(a).create({ channelType: 'LFT', transDesc: '房租', businessId: 'PERSIST' }));
    const pay = await ok(
      lftClient(a).prepay({
        transNo: protocol.transNo,
        outReqNo: 'APP01-P-1',
        amount: '100.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: 'http://merchant.test/paid',
      }),
    );
    await a.admin.event(pay.posCode!, 'swipe');
    await a.advance(0);
    expect(a.sink!.sent).toHaveLength(1);
    const [before] = await a.admin.callbacks({ order: 'APP01-P-1' });
    expect(before).toMatchObject({ event: 'paid', status: 'retrying', nextAt: a.now() + 15_000 });
    await stop(a);
    expect(existsSync(join(dataDir, 'lft.state.json'))).toBe(true);

    // 2 second run on the same directory: the merchant is back up
    const b = await start('lft', dataDir, { credentials: APP });
    const received = b.sink!.sent;
    const client = lftClient(b);
    expect(await ok(client.inquery({ outReqNo: 'APP01-P-1' }))).toMatchObject({
      payStatus: 'SUCCESS',
      arrivedStatus: '01',
      payOrderNo: pay.payOrderNo,
      posCode: pay.posCode,
      amount: '100.00',
    });
    expect(await ok(client.find({ transNo: protocol.transNo }))).toMatchObject({
      amount: '0.00',
      onpassageAmount: '100.00',
      outAmount: '0.00',
    });
    // found by its alias too, still bound to its scenario with its cursors
    const order = await b.admin.order(pay.posCode!);
    expect(order).toMatchObject({
      key: 'APP01-P-1',
      state: 'SUCCESS',
      scenario: 'lft/default',
      cursors: { prepay: { index: 0, served: 1 }, swipe: { index: 0, served: 1 } },
    });

    // 3 the refused delivery is pending with its attempt so far, and retried at its time
    const [pending] = await b.admin.callbacks({ order: 'APP01-P-1' });
    expect(pending).toMatchObject({
      id: before!.id,
      status: 'retrying',
      nextAt: before!.nextAt,
      attempts: [{ n: 1, acked: false, response: { status: 500 } }],
    });
    await b.advance(14_999);
    expect(received).toHaveLength(0);
    await b.advance(1);
    expect(received).toHaveLength(1);
    const [acked] = await b.admin.callbacks({ order: 'APP01-P-1' });
    expect(acked).toMatchObject({ id: before!.id, status: 'acked' });
    expect(acked!.attempts.map((x) => x.acked)).toEqual([false, true]);

    // 4 the timed arrival (30 s after the swipe) still happens: the funds become available
    await b.advance(15_000);
    expect(await ok(client.inquery({ outReqNo: 'APP01-P-1' }))).toMatchObject({
      payStatus: 'SUCCESS',
      arrivedStatus: '02',
    });
    expect(await ok(client.find({ transNo: protocol.transNo }))).toMatchObject({
      amount: '100.00',
      onpassageAmount: '0.00',
    });

    // 5 new orders get new platform numbers and new delivery ids
    const protocol2 = await ok(client.create({ channelType: 'LFT', transDesc: '押金', businessId: 'PERSIST2' }));
    expect(protocol2.transNo).not.toBe(protocol.transNo);
    const pay2 = await ok(
      client.prepay({
        transNo: protocol.transNo,
        outReqNo: 'APP01-P-2',
        amount: '1.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: 'http://merchant.test/paid',
      }),
    );
    expect(pay2.payOrderNo).not.toBe(pay.payOrderNo);
    expect((await b.admin.order(pay.payOrderNo)).key).toBe('APP01-P-1');
    await b.admin.event(pay2.posCode!, 'swipe');
    await b.advance(0);
    const [second] = await b.admin.callbacks({ order: 'APP01-P-2' });
    expect(second!.id).not.toBe(before!.id);
    expect(second!.status).toBe('acked');
  });

  it('saves soon after a change, without waiting for close, and starts empty after an admin reset', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'lft.state.json');
    const a = await start('lft', dataDir, { credentials: APP });
    const protocol = await ok(lftClient(a).create({ channelType: 'LFT', transDesc: '房租', businessId: 'SOON' }));
    await expect
      .poll(() => existsSync(file) && readFileSync(file, 'utf8').includes(protocol.transNo), { timeout: 5000 })
      .toBe(true);
    await a.admin.reset();
    await stop(a);
    const b = await start('lft', dataDir, { credentials: APP });
    expect(await lftClient(b).find({ transNo: protocol.transNo })).toMatchObject({ ok: false, code: 'EP20001' });
    expect(await b.admin.orders()).toEqual([]);
  });
});

describe('UnionPay with persistence', () => {
  async function unionpayClient(r: StartedSimulator): Promise<UnionPayClient> {
    const c = r.credentials as unknown as { backTransPath: string; merId: string; secureKey: string };
    return createUnionPayClient({
      backTransUrl: `${r.baseUrl}${c.backTransPath}`,
      merId: c.merId,
      signMethod: '11',
      secureKey: c.secureKey,
      now: r.now,
    });
  }

  it('answers 12 to a request served before the restart, and a contract continues its scripted answers', async () => {
    const dataDir = tempDir();
    // 1 first run: one query served; a pending contract answers 04 the first of two times
    const a = await start('unionpay', dataDir);
    const txnTime = '20260115100000';
    expect(
      await (
        await unionpayClient(a)
      ).queryContractStatus({ orderId: 'PERSIST0001', txnTime, contractId: 'ACTIVE-P1', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: true, code: '00' });
    expect(
      await (
        await unionpayClient(a)
      ).queryContractStatus({ orderId: 'PERSIST0002', contractId: 'PEND040001', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: false, code: '04' });
    await stop(a);

    // 2 second run: the same merId+orderId+txnTime is a duplicate; the contracts are still there
    const b = await start('unionpay', dataDir);
    const client = await unionpayClient(b);
    expect(
      await client.queryContractStatus({
        orderId: 'PERSIST0001',
        txnTime,
        contractId: 'ACTIVE-P1',
        planId: 'PLAN0001',
      }),
    ).toMatchObject({ ok: false, code: '12' });
    expect(
      await client.queryContractStatus({ orderId: 'PERSIST0003', contractId: 'ACTIVE-P1', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' } });
    // the pending contract's cursor continues: its second 04, then its real status
    expect(
      await client.queryContractStatus({ orderId: 'PERSIST0004', contractId: 'PEND040001', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: false, code: '04' });
    expect(
      await client.queryContractStatus({ orderId: 'PERSIST0005', contractId: 'PEND040001', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: true, code: '00' });
  });
});

describe('a damaged state file', () => {
  function startError(fn: () => unknown): SimError {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(SimError);
      return e as SimError;
    }
    throw new Error('expected start-up to be refused');
  }

  it('stops start-up with SIM_ERR_BOOT_CONFIG naming the file and how to remove it', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'lft.state.json');
    writeFileSync(file, '{"format": "channel-sim/state@1", "orders": [');
    const build = () =>
      buildServer(lft, {
        scenarios: lftScenarios,
        config: { dataDir, credentials: APP },
        clock: createClock({ mode: 'manual' }),
        persist: true,
      });
    const err = startError(build);
    expect(err.code).toBe('SIM_ERR_BOOT_CONFIG');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/is not valid JSON/);
    expect(err.message).toContain(`rm "${file}"`);

    // well-formed JSON of the wrong shape names the first field at fault
    writeFileSync(
      file,
      JSON.stringify({
        format: 'channel-sim/state@1',
        channel: 'lft',
        savedAt: '',
        orders: [{ key: 7 }],
        callbacks: { seq: 0, deliveries: [] },
        later: [],
      }),
    );
    expect(startError(build).message).toMatch(/orders\[0\]\.key must be a string/);
    // a runtime part the channel cannot take back
    writeFileSync(
      file,
      JSON.stringify({
        format: 'channel-sim/state@1',
        channel: 'lft',
        savedAt: '',
        orders: [],
        callbacks: { seq: 0, deliveries: [] },
        later: [],
        runtime: { sequences: { LFTP: -1 } },
      }),
    );
    expect(startError(build).message).toMatch(/runtime: sequence LFTP must be a whole number/);

    // 2 through the composition root with --persist: nothing starts
    writeFileSync(file, 'garbage');
    const config = resolveConfig(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir, '--persist'], {});
    const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };
    await expect(startSimulators(config, { log: silent })).rejects.toMatchObject({
      code: 'SIM_ERR_BOOT_CONFIG',
      message: expect.stringContaining(file),
    });
    // without --persist the file is not read: the simulator starts in memory
    const sims = await startSimulators(
      resolveConfig(['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir], {}),
      { log: silent },
    );
    await sims.close();
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });
});
