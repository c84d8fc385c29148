/**
 * The admin API under abuse, through inject() on a built simulator: a clock advance past what
 * the wire formats can write is refused and leaves the simulator working; a form-encoded or
 * empty-bodied POST gets a JSON 4xx, never a 500; token problems are 401 with a Bearer challenge
 * while address refusals stay 403; and a request whose decoded fields nest 20,000 deep leaves the
 * journal listable.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { lft } from '../simulators/lft/index.ts';
import { encodeRequest, formatTimestamp } from '../simulators/lft/wire/index.ts';
import { createLftHarness, type LftHarness } from './support/lft-harness.ts';

let app: SimServer;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** a harness simulator; `call` posts an LFT request whose data is the given JSON text */
async function setup() {
  const harness: LftHarness = await createLftHarness();
  closers.push(() => harness.close());
  app = harness.app;
  return async (op: string, data: string) => {
    const payload = encodeRequest(
      { appId: harness.credentials.appId, data, timestamp: formatTimestamp(harness.now()) },
      harness.credentials.key,
    );
    return app.inject({
      method: 'POST',
      url: `/api/protocol/${op}`,
      headers: { 'content-type': 'application/json' },
      payload,
    });
  };
}

const create = JSON.stringify({ channelType: 'LFT', transDesc: 'x', businessId: 'B' });

describe('the admin clock', () => {
  it('refuses an advance past year 9999 (UTC+8) with a 400, and everything keeps answering', async () => {
    const call = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/clock/advance',
      payload: { ms: 9_000_000_000_000_000 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'SIM_ERR_ADMIN_BAD_REQUEST',
      message: expect.stringContaining('9999'),
    });
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200);
    expect((await call('create', create)).json().code).toBe('0000');
    // up to the bound is allowed: the wire still writes a four-digit year
    const clock = (await app.inject({ method: 'GET', url: '/__admin/clock' })).json();
    const room = Date.parse('9999-12-31T23:59:59.999+08:00') - Date.parse(clock.now);
    expect(
      (await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { ms: room } })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).json().now).toBe('9999-12-31T15:59:59.999Z');
    expect((await call('create', create)).json().code).toBe('0000');
    expect((await app.inject({ method: 'POST', url: '/__admin/clock/advance', payload: { ms: 1 } })).statusCode).toBe(
      400,
    );
  });
});

describe('admin request bodies', () => {
  it('answers a form-encoded body with a JSON 415 and treats an empty body as none', async () => {
    await setup();
    const form = await app.inject({
      method: 'POST',
      url: '/__admin/clock/advance',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'ms=5',
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error).toMatchObject({
      code: 'SIM_ERR_ADMIN_BAD_REQUEST',
      message: expect.stringMatching(/JSON/),
    });
    const emptyJson = await app.inject({
      method: 'POST',
      url: '/__admin/reset',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(emptyJson.statusCode).toBe(200);
    const emptyForm = await app.inject({
      method: 'POST',
      url: '/__admin/reset',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(emptyForm.statusCode).toBe(200);
    const noBody = await app.inject({
      method: 'POST',
      url: '/__admin/clock/advance',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().error.message).toMatch(/"ms"/);
  });
});

describe('admin access', () => {
  it('is 401 with a Bearer challenge for a missing or wrong token, 403 for a refused address', async () => {
    const scenarios = loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft);
    app = buildServer(lft, {
      scenarios,
      admin: { token: 't0k' },
      config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')) },
    });
    closers.push(() => app.close());
    for (const headers of [{}, { 'x-admin-token': 'nope' }, { authorization: 'Bearer nope' }]) {
      const res = await app.inject({ method: 'GET', url: '/__admin/health', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(res.json().error.code).toBe('SIM_ERR_ADMIN_UNAUTHORIZED');
    }
    const remote = await app.inject({
      method: 'GET',
      url: '/__admin/health',
      remoteAddress: '10.0.0.9',
      headers: { 'x-admin-token': 't0k' },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['www-authenticate']).toBeUndefined();
    expect(
      (await app.inject({ method: 'GET', url: '/__admin/health', headers: { 'x-admin-token': 't0k' } })).statusCode,
    ).toBe(200);
  });
});

describe('the journal', () => {
  it('stays listable after a request whose fields nest 20,000 deep, and says it cut them', async () => {
    const call = await setup();
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const res = await call('create', `{"channelType":"LFT","transDesc":"x","businessId":"B","extra":${deep}}`);
    expect(res.statusCode).toBeLessThan(500);
    const journal = await app.inject({ method: 'GET', url: '/__admin/journal' });
    expect(journal.statusCode).toBe(200);
    const [entry] = journal.json().entries;
    expect(entry.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/deeper than 32 levels/)]));
    expect(JSON.stringify(entry.fields).length).toBeLessThan(1000);
  });
});
