/**
 * The admin API as a tester uses it: loopback-only by default, an optional token, the served
 * OpenAPI document in step with the routes, credentials, overrides, orders and events, reset,
 * and JSON errors that say what was wrong.
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

const APP = { appId: 'APP01', key: 'k-test-123', apps: [{ appId: 'APP02', key: 'k-other' }] };
const scenarios = loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft);
let app: SimServer;
afterEach(() => app.close());

function setup(admin?: { token?: string; allowRemote?: boolean }) {
  const clock = createClock({ mode: 'manual' });
  app = buildServer(lft, {
    scenarios,
    clock,
    admin,
    config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: APP },
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  });
  return async (op: string, data: object, appId = 'APP01', key = APP.key, headers: Record<string, string> = {}) => {
    const payload = encodeRequest({ appId, data: JSON.stringify(data), timestamp: formatTimestamp(clock.now()) }, key);
    const res = await app.inject({
      method: 'POST',
      url: `/api/protocol/${op}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });
    const r = res.json();
    const detail = decodeURIComponent(String(res.headers['x-sim-detail'] ?? ''));
    return { ...r, data: r.data ? JSON.parse(r.data) : undefined, detail };
  };
}

describe('admin API access', () => {
  it('refuses non-loopback clients by default, even with the right token', async () => {
    setup({ token: 't0k' });
    const res = await app.inject({
      method: 'GET',
      url: '/__admin/health',
      remoteAddress: '10.1.2.3',
      headers: { 'x-admin-token': 't0k' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/loopback-only/);
  });

  it('requires the token when one is configured, by header or bearer', async () => {
    setup({ token: 't0k', allowRemote: true });
    const missing = await app.inject({ method: 'GET', url: '/__admin/credentials' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(missing.json().error.code).toBe('SIM_ERR_ADMIN_UNAUTHORIZED');
    const wrong = await app.inject({
      method: 'GET',
      url: '/__admin/credentials',
      headers: { 'x-admin-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/does not match/);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/__admin/health',
          remoteAddress: '10.1.2.3',
          headers: { authorization: 'Bearer t0k' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('does not guard the upstream API with the admin token', async () => {
    const call = setup({ token: 't0k' });
    expect((await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' })).code).toBe('0000');
  });
});

describe('admin API contents', () => {
  it('serves an OpenAPI document generated from the routes, with the events of the channel', async () => {
    setup();
    const doc = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/__admin' })]);
    // the core's routes, each served (the whole set per channel: admin-openapi.test.ts)
    for (const [method, path] of [
      ['get', '/health'],
      ['post', '/scenarios/use'],
      ['delete', '/scenarios/overrides'],
      ['post', '/orders/{key}/events/{event}'],
      ['post', '/callbacks/{id}/replay'],
      ['post', '/clock/advance'],
      ['post', '/reset'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.operationId, `${method} ${path}`).toBeTruthy();
      expect(
        app.hasRoute({ method: method.toUpperCase() as 'GET', url: `/__admin${path.replace(/\{(\w+)\}/g, ':$1')}` }),
      ).toBe(true);
    }
    const event = doc.paths['/orders/{key}/events/{event}'].post.parameters.find(
      (p: { name: string }) => p.name === 'event',
    );
    expect(event.schema.enum).toEqual(
      expect.arrayContaining(['swipe', 'cashier-pay', 'cashier-fail', 'arrive', 'settle']),
    );
    // a token configured: the document says one of the two headers is required, none optional
    expect(doc.security).toContainEqual({});
    await app.close();
    setup({ token: 't0k' });
    const guarded = (
      await app.inject({ method: 'GET', url: '/__admin/openapi.json', headers: { authorization: 'Bearer t0k' } })
    ).json();
    expect(guarded.security).toEqual([{ bearer: [] }, { adminToken: [] }]);
  });

  it('gives a client everything it needs as credentials', async () => {
    setup();
    expect((await app.inject({ method: 'GET', url: '/__admin/credentials' })).json()).toMatchObject({
      channel: 'lft',
      appId: 'APP01',
      key: 'k-test-123',
      apps: ['APP01', 'APP02'],
    });
  });

  it('keeps each app to its own orders', async () => {
    const call = setup();
    const { data } = await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' });
    expect((await call('find', { transNo: data.transNo }, 'APP02', 'k-other')).code).toBe('EP20001');
  });

  it('applies an override to the next order only when once, and lists it until used', async () => {
    const call = setup();
    const o = (
      await app.inject({
        method: 'POST',
        url: '/__admin/scenarios/use',
        payload: { scenario: 'default', operation: 'create', once: true },
      })
    ).json();
    expect(o).toMatchObject({ scenarioId: 'lft/default', once: true });
    expect((await app.inject({ method: 'GET', url: '/__admin/scenarios' })).json().overrides).toHaveLength(1);
    const first = await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' });
    await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' });
    const orders = (await app.inject({ method: 'GET', url: '/__admin/orders?kind=protocol' })).json().orders;
    expect(orders.find((x: { key: string }) => x.key === first.data.transNo).scenarioWhy).toMatch(
      /admin override .* \(once\)/,
    );
    expect(orders.filter((x: { scenarioWhy: string }) => x.scenarioWhy === 'default')).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/__admin/scenarios' })).json().overrides).toHaveLength(0);
  });

  it('answers bad admin requests with JSON errors that say what was wrong', async () => {
    setup();
    const unknown = (
      await app.inject({ method: 'POST', url: '/__admin/scenarios/use', payload: { scenario: 'no-such' } })
    ).json();
    expect(unknown.error).toMatchObject({
      code: 'SIM_ERR_ADMIN_NOT_FOUND',
      message: expect.stringContaining('no-such'),
    });
    const badMatch = await app.inject({
      method: 'POST',
      url: '/__admin/scenarios/use',
      payload: { scenario: 'default', match: { nope: 1 } },
    });
    expect(badMatch.statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { ms: -5 } })).json().error.message,
    ).toMatch(/ms/);
    expect((await app.inject({ method: 'POST', url: '/__admin/orders/nope/events/swipe' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/__admin/nothing' })).statusCode).toBe(404);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/__admin/clock/advance',
          headers: { 'content-type': 'application/json' },
          payload: '{bad',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('rejects an unknown x-sim-scenario loudly, in the upstream format', async () => {
    const call = setup();
    const r = await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' }, 'APP01', APP.key, {
      'x-sim-scenario': 'lft/typo',
    });
    expect(r).toMatchObject({ code: 'EP10000', msg: '模拟器场景不存在', detail: expect.stringContaining('lft/typo') });
  });

  it('redacts secret headers when showing the journal', async () => {
    const call = setup({ token: 't0k' });
    await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' }, 'APP01', APP.key, {
      authorization: 'Bearer s3cret',
      cookie: 'session=s3cret',
    });
    const res = await app.inject({
      method: 'GET',
      url: '/__admin/journal?kind=request',
      headers: { 'x-admin-token': 't0k' },
    });
    const [entry] = res.json().entries;
    expect(entry.request.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(res.body).not.toContain('s3cret');
  });

  it('forgets orders, journal, callbacks and overrides on reset', async () => {
    const call = setup();
    await call('create', { channelType: 'LFT', transDesc: 'x', businessId: 'B' });
    await app.inject({ method: 'POST', url: '/__admin/scenarios/use', payload: { scenario: 'default' } });
    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).json()).toEqual({ reset: true });
    expect((await app.inject({ method: 'GET', url: '/__admin/orders' })).json().orders).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/__admin/scenarios' })).json().overrides).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).json()).toMatchObject({
      status: 'ok',
      channel: 'lft',
      orders: 0,
    });
  });
});
