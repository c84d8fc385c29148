/**
 * The library API (`import { startSimulators } from 'channel-sim'`) as a test runner uses it:
 * every channel on a free port with its credentials, admin client and reference client working
 * against it; fixed ports, a kept or temporary data directory, extra scenario roots over the
 * built-in catalogue, a manual clock, a callback `send` hook, an admin token, and close().
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWithholdCallback, WITHHOLD_CALLBACK_ACK } from '../clients/withhold.ts';
import { startSimulators, type OutboundRequest, type StartedSimulators } from '../index.ts';
import { referenceClients } from '../clients/reference-clients.ts';
import { channelNames } from '../simulators/channels.ts';
import { DEFAULT_SCENARIOS_DIR } from '../simulators/config.ts';
import { exampleReqData } from './conformance/lakala.ts';
import { ok } from './support/results.ts';
import { freePort } from './support/packed-install.ts';
import { PERSON } from './support/withhold-harness.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'library-test-'));

describe('startSimulators() with every channel', () => {
  let sims: StartedSimulators<'lft' | 'unionpay' | 'lakala' | 'dsp' | 'withhold'>;
  beforeAll(async () => {
    sims = await startSimulators({ port: 0, clock: 'manual' });
  });
  afterAll(() => sims.close());

  it('puts each channel on its own free loopback port, with the credentials its admin API gives', async () => {
    expect(sims.list.map((s) => s.channel).sort()).toEqual(['dsp', 'lakala', 'lft', 'unionpay', 'withhold']);
    expect(new Set(sims.list.map((s) => s.port)).size).toBe(5);
    for (const s of sims.list) {
      expect(s.baseUrl).toBe(`http://127.0.0.1:${s.port}`);
      const health = await (await fetch(`${s.adminUrl}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', channel: s.channel });
      expect(s.credentials).toEqual(await (await fetch(`${s.adminUrl}/credentials`)).json());
    }
    expect(sims.lft.credentials).toMatchObject({ channel: 'lft', appId: expect.any(String), key: expect.any(String) });
  });

  it("hands out each channel's reference client with the credentials filled in", async () => {
    expect(
      await ok(sims.lft.client().create({ channelType: 'LFT', transDesc: '房租', businessId: 'LIB' })),
    ).toHaveProperty('transNo');
    for (const signMethod of ['01', '21', '11'] as const) {
      const r = await sims.unionpay.client({ signMethod }).queryContractStatus({
        orderId: `LIB${signMethod}0001`,
        contractId: `ACTIVE-LIB-${signMethod}`,
        planId: 'PLAN0001',
      });
      expect(r).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' } });
    }
    expect(await sims.lakala.client().signQry(exampleReqData('LIB1'))).toMatchObject({ ok: true, code: '000000' });
    const c = { PolicyNo: 'LIB-1', PayAct: '6123011880003601000', RecAct: '001053110000001123' };
    expect(await sims.dsp.client().apply(c)).toMatchObject({ ok: true, code: 'EC100' });
    const sms = (await sims.dsp.admin.order(`${c.PolicyNo}:${c.PayAct}:${c.RecAct}`)).data.smsCode as string;
    expect(await sims.dsp.client().confirm({ ...c, SmsCode: sms })).toMatchObject({ ok: true, cancelled: true });
    expect((await sims.withhold.client().preTiedCard(PERSON)).ok).toBe(true);
  });

  it('keeps time still on a manual clock until advanceClock(), per simulator or all at once', async () => {
    const before = Date.parse((await sims.lft.admin.clock()).now);
    await new Promise((r) => setTimeout(r, 20));
    expect(Date.parse((await sims.lft.admin.clock()).now)).toBe(before);
    expect(sims.lft.now()).toBe(before);
    await sims.lft.admin.advanceClock('30s');
    expect(Date.parse((await sims.lft.admin.clock()).now)).toBe(before + 30_000);
    const dspBefore = sims.dsp.now();
    const moved = await sims.advanceClock('1m');
    expect(moved).toHaveLength(5);
    expect(sims.lft.now()).toBe(before + 90_000);
    expect(sims.dsp.now()).toBe(dspBefore + 60_000);
  });

  it('reset() forgets every simulator’s orders', async () => {
    expect((await sims.dsp.admin.orders()).length).toBeGreaterThan(0);
    await sims.reset();
    for (const s of sims.list) expect(await s.admin.orders()).toEqual([]);
  });
});

describe('startSimulators() options', () => {
  it('starts every channel of the registry by default: each has a reference client factory', () => {
    expect(Object.keys(referenceClients).sort()).toEqual([...channelNames].sort());
  });

  it('fixes the ports asked for, the others free; a temporary data dir is removed on close', async () => {
    const fixed = await freePort();
    const sims = await startSimulators({ channels: ['lft', 'dsp'], ports: { lft: fixed } });
    try {
      expect(sims.lft.port).toBe(fixed);
      expect(sims.dsp.port).not.toBe(fixed);
      expect(sims.dsp.port).toBeGreaterThan(0);
      expect(sims.dataDir.startsWith(tmpdir())).toBe(true);
      expect(existsSync(join(sims.dataDir, 'lft.credentials.json'))).toBe(true);
      expect(Object.keys(sims)).not.toContain('unionpay');
    } finally {
      await sims.close();
    }
    expect(existsSync(sims.dataDir)).toBe(false);
    await expect(fetch(`${sims.lft.baseUrl}/__admin/health`)).rejects.toThrow();
  });

  it('keeps a given data dir and its credentials across starts', async () => {
    const dataDir = temp();
    try {
      const a = await startSimulators({ channels: ['lft'], dataDir });
      await a.close();
      const b = await startSimulators({ channels: ['lft'], dataDir });
      await b.close();
      expect(existsSync(dataDir)).toBe(true);
      expect(b.lft.credentials.key).toBe(a.lft.credentials.key);
      expect(JSON.parse(readFileSync(join(dataDir, 'lft.credentials.json'), 'utf8'))).toMatchObject({
        appId: a.lft.credentials.appId,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('adds extra scenario roots to the built-in catalogue; a file with a built-in id replaces it', async () => {
    const root = temp();
    mkdirSync(join(root, 'dsp'));
    const refused = readFileSync(join(DEFAULT_SCENARIOS_DIR, 'dsp', 'apply-refused.yaml'), 'utf8');
    writeFileSync(join(root, 'dsp', 'my-refusal.yaml'), refused.replace('9715$', '4242$'));
    const builtInDefault = readFileSync(join(DEFAULT_SCENARIOS_DIR, 'dsp', 'default.yaml'), 'utf8');
    writeFileSync(
      join(root, 'dsp', 'default.yaml'),
      builtInDefault.replace(/^description: >\n/m, 'description: >\n  Our own default.\n'),
    );
    const sims = await startSimulators({ channels: ['dsp'], scenarios: [root] });
    try {
      const { scenarios } = await sims.dsp.admin.scenarios();
      const ids = scenarios.map((s) => s.id);
      expect(ids).toEqual(expect.arrayContaining(['dsp/apply-refused', 'dsp/my-refusal', 'dsp/default']));
      expect(ids.filter((id) => id === 'dsp/default')).toHaveLength(1);
      expect(scenarios.find((s) => s.id === 'dsp/default')!.description).toMatch(/^Our own default\./);
      // the added scenario's magic value works on the wire
      const mine = await sims.dsp.client().apply({ PolicyNo: 'LIB-M', PayAct: '6222000000004242', RecAct: '1' });
      expect(mine).toMatchObject({ ok: false, code: 'EC815' });
    } finally {
      await sims.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('sends every callback attempt to the send hook, on the manual clock', async () => {
    const sent: OutboundRequest[] = [];
    const sims = await startSimulators({
      channels: ['withhold'],
      clock: 'manual',
      send: async (req) => {
        sent.push(req);
        return { status: 200, headers: {}, body: WITHHOLD_CALLBACK_ACK };
      },
    });
    try {
      const client = sims.withhold.client();
      const pre = await client.preTiedCard(PERSON);
      if (!pre.ok) throw new Error(pre.msg);
      const code = String((await sims.withhold.admin.order(pre.data.unique_code)).data.smsCode);
      const bound = await client.confirmTiedCard({
        verification_code: code,
        unique_code: pre.data.unique_code,
        bank_card_number: PERSON.bank_card_number,
        pay_type: PERSON.pay_type,
      });
      if (!bound.ok) throw new Error(bound.msg);
      await client.singleWithhold({
        biz_order_no: 'LIB-W1',
        amount: '8.8',
        name: PERSON.name,
        id_card_number: PERSON.id_card_number,
        mobile: PERSON.mobile,
        biz_data: [{ protocol_no: bound.data.protocol_no }],
        notify_url: 'http://merchant.test/notify',
        pay_type: PERSON.pay_type,
      });
      expect(sent).toHaveLength(0);
      await sims.withhold.admin.advanceClock('3s');
      expect(sent).toHaveLength(1);
      expect(sent[0]!.url).toBe('http://merchant.test/notify');
      expect(readWithholdCallback(sent[0]!.body)).toMatchObject({ biz_order_no: 'LIB-W1', pay_status: 'success' });
      const [delivery] = await sims.withhold.admin.callbacks({ order: 'LIB-W1' });
      expect(delivery).toMatchObject({ status: 'acked' });
    } finally {
      await sims.close();
    }
  });

  it('with an admin token, its admin clients send it and others are refused; the time scale reaches the clock', async () => {
    const sims = await startSimulators({ channels: ['lft'], adminToken: 's3cret', timeScale: 0.01 });
    try {
      expect((await sims.lft.admin.health()).status).toBe('ok');
      expect((await fetch(`${sims.lft.adminUrl}/health`)).status).toBe(401);
      expect((await sims.lft.admin.clock()).timeScale).toBe(0.01);
    } finally {
      await sims.close();
    }
  });

  it('refuses a busy port with one clear error and leaves nothing behind', async () => {
    const busy = await startSimulators({ channels: ['lft'] });
    try {
      await expect(startSimulators({ channels: ['lft'], port: busy.lft.port })).rejects.toThrow(
        `port ${busy.lft.port} (lft) is already in use`,
      );
      await expect(startSimulators({ channels: ['lft'], timeScale: -1 })).rejects.toThrow(/--time-scale/);
      // channels start side by side (UnionPay's keys are made while the others are built): one
      // refused port closes those that did start
      const [lft, dsp] = [await freePort(), await freePort()];
      await expect(
        startSimulators({ channels: ['lft', 'unionpay', 'dsp'], ports: { lft, unionpay: busy.lft.port, dsp } }),
      ).rejects.toThrow(`port ${busy.lft.port} (unionpay) is already in use`);
      for (const port of [lft, dsp]) await expect(fetch(`http://127.0.0.1:${port}/__admin/health`)).rejects.toThrow();
    } finally {
      await busy.close();
    }
  });
});
