/**
 * startSimulator as a test meets it: any channel by name or object, on a loopback port, a manual
 * clock moved only by advance(), callbacks answered by the sink as the channel's merchant would
 * (or by the test's own send()), and a temporary data directory that close() removes.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLftClient } from '../../clients/lft.ts';
import { unionpay } from '../../simulators/unionpay/index.ts';
import { ok } from './results.ts';
import { startSimulator } from './simulator.ts';

const APP = { appId: 'APP01', key: 'k-start-simulator-01' };

async function swipedPayin(sim: Awaited<ReturnType<typeof startSimulator>>): Promise<void> {
  const lft = createLftClient({ baseUrl: sim.baseUrl, ...APP, now: sim.now });
  const { transNo } = await ok(lft.create({ channelType: 'LFT', transDesc: '房租', businessId: 'SIM' }));
  const pre = await ok(
    lft.prepay({
      transNo,
      outReqNo: 'APP01-SIM-1',
      amount: '1.00',
      prodCatalog: '02',
      outSuccessNotifyUrl: 'http://merchant.test/paid',
    }),
  );
  await sim.admin.event(pre.posCode!, 'swipe');
  await sim.advance(0);
}

describe('startSimulator', () => {
  it('starts a channel by object with generated credentials and removes its data dir on close', async () => {
    const sim = await startSimulator(unionpay);
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.credentials).toMatchObject({ channel: 'unionpay', merId: expect.any(String) });
    expect(existsSync(sim.dataDir)).toBe(true);
    await sim.close();
    expect(existsSync(sim.dataDir)).toBe(false);
  });

  it('holds time still until advance(), which takes a duration string', async () => {
    const sim = await startSimulator('lft', { credentials: APP });
    const t0 = sim.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(sim.now()).toBe(t0);
    expect(await sim.advance('2m')).toMatchObject({ fired: 0 });
    expect(sim.now()).toBe(t0 + 120_000);
    await sim.close();
  });

  it('answers callbacks as a correct LFT merchant (SUCCESS), or as the merchant it is given (FAIL: does not verify)', async () => {
    const sim = await startSimulator('lft', { credentials: APP });
    await swipedPayin(sim);
    expect(sim.sink!.sent.map((s) => s.response?.body)).toEqual(['SUCCESS']);
    await sim.close();
    const wrongKey = await startSimulator('lft', {
      credentials: APP,
      merchant: {
        verifies: () => false,
        ack: { status: 200, headers: {}, body: 'SUCCESS' },
        refuse: { status: 200, headers: {}, body: 'FAIL' },
      },
    });
    await swipedPayin(wrongKey);
    expect(wrongKey.sink!.sent[0]!.response?.body).toBe('FAIL');
    expect((await wrongKey.admin.callbacks())[0]).toMatchObject({ status: 'retrying' });
    await wrongKey.close();
  });

  it("sends callbacks through the test's own send() when given one", async () => {
    const urls: string[] = [];
    const sim = await startSimulator('lft', {
      credentials: APP,
      send: async (req) => (urls.push(req.url), { status: 200, headers: {}, body: 'SUCCESS' }),
    });
    await swipedPayin(sim);
    expect(sim.sink).toBeUndefined();
    expect(urls).toEqual(['http://merchant.test/paid']);
    await sim.close();
  });
});
