/**
 * Robustness through the wire: hundreds of seeded random and mutated requests (broken bytes,
 * wrong types, missing and oversized fields, stray content types) against LFT and UnionPay. Each
 * answer must be the upstream's own format — never a 500, never Fastify's JSON — and the
 * simulator must still serve a valid request afterwards. The seed is fixed, so a failure replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { createRandom, type Random } from '../simulators/core/banks/index.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { lft } from '../simulators/lft/index.ts';
import { encodeRequest, formatTimestamp } from '../simulators/lft/wire/index.ts';
import { unionpay } from '../simulators/unionpay/index.ts';
import { encodeFormBody, formatTxnTime, parseUnionPayResponse, signUnionPay } from '../simulators/unionpay/wire/index.ts';

const scenariosDir = join(import.meta.dirname, '..', 'scenarios');
const CASES = 300;

/** a value of a random JSON type, sometimes huge or odd */
function junk(r: Random): unknown {
  switch (r.int(0, 9)) {
    case 0: return null;
    case 1: return r.int(-1e6, 1e6);
    case 2: return { nested: r.digits(3) };
    case 3: return [r.digits(2)];
    case 4: return 'x'.repeat(r.int(0, 5000));
    case 5: return '😀中文\u0000\uFFFD';
    case 6: return '';
    case 7: return true;
    case 8: return '%zz&=+{[';
    default: return r.digits(r.int(1, 20));
  }
}

function randomText(r: Random): string {
  const n = r.int(0, 200);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0, 0xffff) % 0xd800);
  return s;
}

function mutate(r: Random, obj: Record<string, unknown>): Record<string, unknown> {
  const out = { ...obj };
  const keys = Object.keys(out);
  const k = r.pick(keys);
  switch (r.int(0, 3)) {
    case 0: delete out[k]; break;
    case 1: out[k] = junk(r); break;
    case 2: out[`extra${r.digits(2)}`] = junk(r); break;
    default: out[k] = String(out[k]) + randomText(r).slice(0, 5);
  }
  return out;
}

describe('LFT answers anything in its own signed envelope', () => {
  let app: SimServer;
  const clock = createClock({ mode: 'manual' });
  const APP = { appId: 'APP01', key: 'k-fuzz' };
  beforeAll(() => {
    app = buildServer(lft, { scenarios: loadScenarios(scenariosDir, lft), clock, config: { dataDir: mkdtempSync(join(tmpdir(), 'lft-')), credentials: APP }, send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }) });
  });
  afterAll(() => app.close());

  it(`survives ${CASES} random and mutated requests`, async () => {
    const r = createRandom(20261125);
    const ops = ['create', 'find', 'prepay', 'posclose', 'inquery', 'outpay', 'outquery', 'querybankcnaps'];
    const valid = { transNo: 'LFTP1', outReqNo: 'APP01-1', amount: '1.00', outSuccessNotifyUrl: 'http://127.0.0.1:1/n', prodCatalog: '02', channelType: 'LFT', transDesc: 'x', businessId: 'B' };
    for (let i = 0; i < CASES; i++) {
      const op = r.pick(ops);
      let payload: string;
      const kind = r.int(0, 3);
      if (kind === 0) payload = randomText(r);
      else if (kind === 1) payload = JSON.stringify(mutate(r, { appId: APP.appId, data: JSON.stringify(valid), sign: '0'.repeat(32), timestamp: formatTimestamp(clock.now()) }));
      else payload = encodeRequest({ appId: APP.appId, data: JSON.stringify(mutate(r, valid)), timestamp: formatTimestamp(clock.now()) }, APP.key);
      const res = await app.inject({ method: 'POST', url: `/api/protocol/${op}`, headers: { 'content-type': r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', '']) }, payload });
      expect(res.statusCode, `case ${i}: ${payload.slice(0, 80)}`).toBe(200);
      const body = JSON.parse(res.body);
      expect(body, `case ${i}`).toMatchObject({ code: expect.stringMatching(/^(0000|EP\d{5})$/), msg: expect.any(String), sign: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
    const ok = await app.inject({ method: 'POST', url: '/api/protocol/create', headers: { 'content-type': 'application/json' }, payload: encodeRequest({ appId: APP.appId, data: JSON.stringify({ channelType: 'LFT', transDesc: 'after', businessId: 'B' }), timestamp: formatTimestamp(clock.now()) }, APP.key) });
    expect(JSON.parse(ok.body).code).toBe('0000');
  });
});

describe('UnionPay answers anything with a signed k=v string', () => {
  let app: SimServer;
  let secureKey = '';
  beforeAll(async () => {
    app = buildServer(unionpay, { scenarios: loadScenarios(scenariosDir, unionpay), clock: createClock({ mode: 'manual' }), config: { dataDir: mkdtempSync(join(tmpdir(), 'up-')) } });
    secureKey = (await app.inject({ method: 'GET', url: '/__admin/credentials' })).json().secureKey;
  });
  afterAll(() => app.close());

  let seq = 0;
  const base = () => ({
    version: '5.1.0', encoding: 'UTF-8', txnType: '78', txnSubType: '20', bizType: '000000', channelType: '07', accessType: '0',
    merId: '777290058110048', orderId: `FUZZ${String(++seq).padStart(8, '0')}`, txnTime: formatTxnTime(Date.parse('2026-01-15T02:00:00Z')),
    contractId: 'ACTIVE0001', planId: 'PLAN01',
  });

  it(`survives ${CASES} random and mutated requests`, async () => {
    const r = createRandom(95516);
    for (let i = 0; i < CASES; i++) {
      let payload: string;
      const kind = r.int(0, 2);
      if (kind === 0) payload = randomText(r);
      else if (kind === 1) payload = encodeFormBody(mutate(r, signUnionPay(base(), { signMethod: '11', secureKey })) as Record<string, string>);
      else payload = encodeFormBody(signUnionPay(mutate(r, base()) as Record<string, string>, { signMethod: '11', secureKey }));
      const res = await app.inject({ method: 'POST', url: '/gateway/api/backTransReq.do', headers: { 'content-type': r.pick(['application/x-www-form-urlencoded', 'text/plain', 'application/json', '']) }, payload });
      expect(res.statusCode, `case ${i}: ${payload.slice(0, 80)}`).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain;charset=UTF-8');
      const fields = parseUnionPayResponse(res.body);
      expect(fields.respCode, `case ${i}: ${res.body.slice(0, 120)}`).toMatch(/^\d\d$/);
      expect(fields.signature, `case ${i}`).toBeTruthy();
    }
    const ok = await app.inject({ method: 'POST', url: '/gateway/api/backTransReq.do', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeFormBody(signUnionPay(base(), { signMethod: '11', secureKey })) });
    expect(parseUnionPayResponse(ok.body)).toMatchObject({ respCode: '00', tokenStatus: '1' });
  });
});
