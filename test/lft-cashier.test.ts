/**
 * The QP test cashier page as a tester uses it in a browser: the prepay's cashierUrl shows the
 * order, the pay button pays (with what was typed, or a simulated payer), the fail button fails,
 * and the browser is sent on to the merchant's returnUrl.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { lft } from '../simulators/lft/index.ts';
import { encodeRequest, formatTimestamp } from '../simulators/lft/wire/index.ts';

const APP = { appId: 'APP01', key: 'k-test-123' };
const scenarios = loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft);
let app: SimServer;
afterEach(() => app.close());

async function qpOrder(extra: Record<string, string> = {}) {
  const clock = createClock({ mode: 'manual' });
  app = buildServer(lft, {
    scenarios,
    clock,
    config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: APP },
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  });
  const call = async (op: string, data: object) => {
    const payload = encodeRequest(
      { appId: APP.appId, data: JSON.stringify(data), timestamp: formatTimestamp(clock.now()) },
      APP.key,
    );
    return JSON.parse(
      (
        await app.inject({
          method: 'POST',
          url: `/api/protocol/${op}`,
          headers: { 'content-type': 'application/json', host: 'sim.local:8105' },
          payload,
        })
      ).json().data,
    );
  };
  const { transNo } = await call('create', {
    channelType: 'LFT',
    transDesc: '租金',
    businessId: 'B1',
    cashierType: 'QP',
  });
  const pre = await call('prepay', {
    transNo,
    outReqNo: 'APP01-QP1',
    amount: '1200.00',
    outSuccessNotifyUrl: 'http://m.test/paid',
    prodCatalog: '02',
    ...extra,
  });
  return { call, pre, path: new URL(pre.cashierUrl).pathname };
}

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('QP cashier page', () => {
  it('hands out a cashierUrl on the host the merchant used', async () => {
    const { pre } = await qpOrder();
    expect(pre.cashierUrl).toMatch(/^http:\/\/sim\.local:8105\/cashier\/LFTI\d+$/);
  });

  it('shows a locked payer name when the merchant sent one', async () => {
    const { path } = await qpOrder({ qpUserName: '王小明' });
    const page = (await app.inject({ method: 'GET', url: path })).body;
    expect(page).toContain('value="王小明" readonly');
    expect(page).toContain('1200.00');
  });

  it('pays with the typed card and payer, then sends the browser to returnUrl', async () => {
    const { call, path } = await qpOrder({ returnUrl: 'https://merchant.test/done?o=1' });
    const res = await app.inject({
      method: 'POST',
      url: `${path}/pay`,
      ...form({ qpUserName: '赵六', qpCertNumber: '11010519491231002X', cardNum: '6222 0202 0011 2233 440' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('https://merchant.test/done?o=1');
    const vo = await call('inquery', { outReqNo: 'APP01-QP1' });
    expect(vo).toMatchObject({
      payStatus: 'SUCCESS',
      cashierType: 'QP',
      qpUserName: '赵六',
      qpCertNumber: '11010519491231002X',
      issuingBank: '',
    });
    expect(vo.cardNum).toMatch(/^\d{16,19}$/);
  });

  it('fails the order from the fail button and shows the result without a returnUrl', async () => {
    const { call, path } = await qpOrder();
    const res = await app.inject({ method: 'POST', url: `${path}/fail`, ...form({}) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('支付失败');
    expect(await call('inquery', { outReqNo: 'APP01-QP1' })).toMatchObject({
      payStatus: 'FAILURE',
      channelReturnCode: 'F1001',
    });
    const again = await app.inject({ method: 'POST', url: `${path}/pay`, ...form({}) });
    expect(again.statusCode).toBe(409);
  });

  it('answers 404 for an unknown cashier link', async () => {
    await qpOrder();
    expect((await app.inject({ method: 'GET', url: '/cashier/LFTI000' })).statusCode).toBe(404);
  });
});
