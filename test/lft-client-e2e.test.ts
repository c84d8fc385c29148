/**
 * The reference client end to end against a simulator started with the library API
 * (startSimulators: port 0, generated credentials, a temporary data dir), with a real merchant
 * notification endpoint (node:http on port 0) that verifies each notification with the client's
 * helper and answers SUCCESS: the whole loop a merchant's integration runs, over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureError } from '../clients/http.ts';
import { LFT_NOTIFICATION_ACK, readLftNotification } from '../clients/lft.ts';
import { startSimulators, type StartedSimulators } from '../index.ts';
import { ok } from './support/results.ts';

let sims: StartedSimulators<'lft'>;
/** LFT wants every outReqNo to start with the appId (generated here) */
const appId = () => String(sims.lft.credentials.appId);
let merchant: Server;
let notifyUrl: string;
const notifications: Array<{ path: string; data: Record<string, string> }> = [];

beforeAll(async () => {
  merchant = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const n = readLftNotification<Record<string, string>>(body, {
        appId: appId(),
        key: String(sims.lft.credentials.key),
      });
      notifications.push({ path: req.url!, data: n.data });
      res.end(LFT_NOTIFICATION_ACK);
    });
  });
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
  notifyUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
  // a system clock and real HTTP: the notifications cross real sockets to the merchant above
  sims = await startSimulators({ channels: ['lft'], clock: 'system' });
});
afterAll(async () => {
  await sims.close();
  merchant.closeAllConnections();
  await new Promise((r) => merchant.close(r));
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('reference client against a listening simulator', () => {
  it('runs protocol → POS pay-in → swipe → arrival → payout, with real notifications', async () => {
    const client = sims.lft.client();
    // 1 a protocol, a POS pay-in
    const protocol = await ok(client.create({ channelType: 'LFT', transDesc: '房租', businessId: 'E2E' }));
    const pay = await ok(
      client.prepay({
        transNo: protocol.transNo,
        outReqNo: `${appId()}-E2E-1`,
        amount: '300.00',
        prodCatalog: '01',
        outSuccessNotifyUrl: `${notifyUrl}/paid`,
        outArrivedNotifyUrl: `${notifyUrl}/arrived`,
      }),
    );
    expect(pay.payStatus).toBe('UNPAID');
    // 2 the payer swipes; the pay notification reaches the merchant over HTTP
    await sims.lft.admin.event(pay.posCode!, 'swipe');
    await until(() => notifications.length === 1);
    expect(notifications[0]).toMatchObject({
      path: '/paid',
      data: { outReqNo: `${appId()}-E2E-1`, payStatus: 'SUCCESS' },
    });
    // 3 arrival (30 s on the simulator's clock, advanced now)
    await sims.lft.admin.advanceClock('30s');
    await until(() => notifications.length === 2);
    expect(await ok(client.find({ transNo: protocol.transNo }))).toMatchObject({
      amount: '300.00',
      onpassageAmount: '0.00',
    });
    // 4 a refund, settled 5 s later
    const out = await ok(
      client.outpay({
        transNo: protocol.transNo,
        outReqNo: `${appId()}-E2E-2`,
        amount: '100.00',
        channelType: 'LFT',
        outNotifyUrl: `${notifyUrl}/out`,
        bankAccName: '张三',
        bankAccNum: '6222020200112233445',
        bankName: '工商银行北京海淀支行',
        bankCnaps: '102100000116',
        outType: 'REFUND',
      }),
    );
    expect(out.payStatus).toBe('PROCESSING');
    await sims.lft.admin.advanceClock('5s');
    await until(() => notifications.length === 3);
    expect(notifications[2]).toMatchObject({
      path: '/out',
      data: { outReqNo: `${appId()}-E2E-2`, payStatus: 'SUCCESS', outType: 'REFUND' },
    });
    expect(await ok(client.outquery({ outReqNo: `${appId()}-E2E-2` }))).toMatchObject({ payStatus: 'SUCCESS' });
    // 5 every delivery acknowledged by the body SUCCESS
    expect((await sims.lft.admin.callbacks()).map((d) => d.status)).toEqual(['acked', 'acked', 'acked']);
  });

  it('returns LFT refusals as results with the upstream code', async () => {
    const client = sims.lft.client();
    expect(await client.inquery({ outReqNo: `${appId()}-none` })).toMatchObject({ ok: false, code: 'EP20002' });
    expect(await client.find({ transNo: 'x' })).toMatchObject({ ok: false, code: 'EP20001' });
  });

  it('reports a wrong key as a signature failure that names the upstream answer', async () => {
    const client = sims.lft.client({ key: 'wrong-key' });
    const err = await client.find({ transNo: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(SignatureError);
    expect(err.message).toMatch(/EP10002/);
  });
});
