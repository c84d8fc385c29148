/**
 * The core through a toy channel (test/support/toy-channel.ts), without LFT or UnionPay: two
 * operations on one path chosen by a decoded field, one core error for a request no operation
 * takes, the one field schema and code resolver, sequences, outside-world events checked by the
 * core, and callbacks built from fields → sign → encode with the core's tampering.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import type { OutboundRequest } from '../simulators/core/channel.ts';
import { createClock } from '../simulators/core/clock.ts';
import { toy, toySign } from './support/toy-channel.ts';

const KEY = 'toy-key';
let app: SimServer;
const sent: OutboundRequest[] = [];
afterEach(async () => {
  sent.length = 0;
  await app?.close();
});

function start() {
  const clock = createClock({ mode: 'manual' });
  app = buildServer(toy, {
    scenarios: loadScenarios(join(import.meta.dirname, 'support', 'toy-scenarios'), toy),
    clock,
    config: { dataDir: mkdtempSync(join(tmpdir(), 'toy-')), credentials: { merchant: 'M1', key: KEY } },
    send: async (req) => (sent.push(req), { status: 200, headers: {}, body: 'OK' }),
  });
  return clock;
}

async function call(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ merchant: 'M1', ...fields, sign: toySign({ merchant: 'M1', ...fields }, KEY) });
  const res = await app.inject({
    method: 'POST',
    url: '/pay',
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const json = res.json() as Record<string, string>;
  // 1. every answer is signed with the merchant's key
  expect(json.sign).toBe(toySign(json, KEY));
  return { status: res.statusCode, json, detail: decodeURIComponent(String(res.headers['x-sim-detail'] ?? '')) };
}

describe('the core through a toy channel', () => {
  it('chooses pay or query on one path by the decoded method, and numbers payments from a core sequence', async () => {
    start();
    expect((await call({ method: 'pay', order: 'O1', amount: '1.00' })).json).toMatchObject({
      code: '0',
      tradeNo: 'T000001',
      state: 'PENDING',
    });
    expect((await call({ method: 'pay', order: 'O2', amount: '1.00' })).json.tradeNo).toBe('T000002');
    expect((await call({ method: 'query', order: 'O1' })).json).toMatchObject({
      code: '0',
      order: 'O1',
      state: 'PENDING',
    });
    const journal = (await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries as Array<{
      operation: string;
    }>;
    expect(journal.map((e) => e.operation)).toEqual(['pay', 'pay', 'query']);
  });

  it("answers a request no operation of the path takes with the channel's own code for it", async () => {
    start();
    const r = await call({ method: 'refund', order: 'O1' });
    expect(r).toMatchObject({ status: 200, json: { code: 'E105' } });
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries as Array<{
      operation: string;
      error: { code: string };
    }>;
    expect(entry).toMatchObject({ operation: '(no operation on /pay)', error: { code: 'SIM_ERR_WIRE_NO_OPERATION' } });
  });

  it('maps schema problems, not-found by kind and scripted reasons through one resolver', async () => {
    start();
    expect(await call({ method: 'pay', order: 'O1' })).toMatchObject({
      json: { code: 'E106', msg: 'refused' },
      detail: 'amount 不能为空',
    });
    expect((await call({ method: 'pay', order: 'O1', amount: '1' })).json.code).toBe('E107');
    expect((await call({ method: 'query', order: 'NOPE' })).json.code).toBe('E404');
    expect((await call({ method: 'pay', order: 'O3', amount: '0.03' })).json.code).toBe('R_RATE_LIMITED');
    expect((await call({ method: 'query', order: 'O3' })).json.code).toBe('E404');
    expect((await call({ method: 'pay', order: 'O4', amount: '0.02' })).json).toMatchObject({
      code: '0',
      state: 'FAILED',
    });
  });

  it("explains a refusal in headers of the simulator's own, never in the upstream's fields", async () => {
    start();
    const body = JSON.stringify({ merchant: 'M1', method: 'pay', order: 'O1' });
    const signed = JSON.stringify({ ...JSON.parse(body), sign: toySign(JSON.parse(body), KEY) });
    const res = await app.inject({
      method: 'POST',
      url: '/pay',
      payload: signed,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.json()).toMatchObject({ code: 'E106' });
    expect(res.headers['x-sim-error']).toBe('SIM_ERR_FIELD_MISSING');
    const id = Number(res.headers['x-sim-journal-id']);
    const entry = (await app.inject({ method: 'GET', url: '/__admin/journal' }))
      .json()
      .entries.find((e: { id: number }) => e.id === id) as { error: { message: string } };
    expect(decodeURIComponent(String(res.headers['x-sim-detail']))).toBe(entry.error.message);
    // a path no operation takes: the same headers, from the not-found renderer
    const lost = await app.inject({
      method: 'POST',
      url: '/nowhere',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(lost.headers['x-sim-error']).toBe('SIM_ERR_WIRE_NOT_FOUND');
    expect(decodeURIComponent(String(lost.headers['x-sim-detail']))).toMatch(/no POST \/nowhere/);
    // an answer that is not a refusal carries none of them
    const ok = await app.inject({
      method: 'POST',
      url: '/pay',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        merchant: 'M1',
        method: 'pay',
        order: 'O2',
        amount: '1.00',
        sign: toySign({ merchant: 'M1', method: 'pay', order: 'O2', amount: '1.00' }, KEY),
      }),
    });
    expect(ok.headers['x-sim-error']).toBeUndefined();
  });

  it('journals what validate tolerated, whether or not it then refuses', async () => {
    start();
    expect((await call({ method: 'pay', order: 'W1', amount: '1.00', note: 'x' })).json.code).toBe('0');
    expect((await call({ method: 'pay', order: 'W2', note: 'x' })).json.code).toBe('E106');
    const entries = (await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries as Array<{
      orderKey?: string;
      warnings: string[];
      error?: { code: string };
    }>;
    const tolerated = 'note is not a field of the toy protocol; ignored';
    expect(entries.find((e) => e.orderKey === 'W1')?.warnings).toContain(tolerated);
    expect(entries.find((e) => e.error?.code === 'SIM_ERR_FIELD_MISSING')?.warnings).toContain(tolerated);
  });

  it('refuses an outside-world event from a state it does not apply to, naming both', async () => {
    start();
    await call({ method: 'pay', order: 'O1', amount: '1.00' });
    expect((await app.inject({ method: 'POST', url: '/__admin/orders/O1/events/settle' })).json()).toMatchObject({
      state: 'PAID',
    });
    const again = await app.inject({ method: 'POST', url: '/__admin/orders/O1/events/settle' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('O1 状态为 PAID, 不能结算 (需要 PENDING)');
  });

  it('builds each callback from fields → sign → encode, and tampers sign and body the same way for every channel', async () => {
    const clock = start();
    await call(
      { method: 'pay', order: 'O1', amount: '1.00', notifyUrl: 'http://127.0.0.1:1/n' },
      { 'x-sim-scenario': 'tampered' },
    );
    await app.inject({ method: 'POST', url: '/__admin/orders/O1/events/settle' });
    await clock.advance(3000);
    const bodies = sent.map((s) => JSON.parse(s.body) as Record<string, string>);
    expect(bodies).toHaveLength(3);
    const verifies = bodies.map((b) => b.sign === toySign(b, KEY));
    expect(verifies).toEqual([false, false, true]);
    // 2. a wrong sign leaves the content as it is; a changed body keeps the original sign
    expect(bodies[0]).toMatchObject({ order: 'O1', state: 'PAID' });
    expect(bodies[1]!.sign).toBe(bodies[2]!.sign);
    expect(bodies[1]).not.toEqual(bodies[2]);
  });

  it('answers every request of a burst over real sockets with its own answer, one client hanging up among them', async () => {
    start();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const body = (order: string) => {
      const f = { merchant: 'M1', method: 'pay', order, amount: '1.00' };
      return JSON.stringify({ ...f, sign: toySign(f, KEY) });
    };
    // answers go out together at the end of the loop's turn (send-soon.ts): a client hanging up
    // as the burst starts must not keep the others' answers from them
    const gone = new AbortController();
    const hangUp = fetch(`http://127.0.0.1:${port}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body('GONE'),
      signal: gone.signal,
    }).catch(() => 'aborted');
    gone.abort();
    const orders = Array.from({ length: 40 }, (_, i) => `B${i}`);
    const answers = await Promise.all(
      orders.map(async (order) => {
        const res = await fetch(`http://127.0.0.1:${port}/pay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(order),
        });
        return { status: res.status, json: (await res.json()) as Record<string, string> };
      }),
    );
    expect(await hangUp).toBe('aborted');
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ code: '0', state: 'PENDING' });
      expect(a.json.sign).toBe(toySign(a.json, KEY));
      // each answer is its own request's: the trade it names is that order's
      const order = (await app.inject({ method: 'GET', url: `/__admin/orders/${orders[i]}` })).json();
      expect(order.data.tradeNo).toBe(a.json.tradeNo);
    }
    expect(new Set(answers.map((a) => a.json.tradeNo)).size).toBe(orders.length);
    const health = await fetch(`http://127.0.0.1:${port}/__admin/health`);
    expect(health.status).toBe(200);
  });
});

describe('a channel that listens on any path (ANY_PATH)', () => {
  it('takes a request on any path but leaves /__admin to the admin API', async () => {
    const { ANY_PATH } = await import('../simulators/core/channel.ts');
    const anywhere = { ...toy, operations: toy.operations.map((o) => (o.path ? { ...o, path: ANY_PATH } : o)) };
    app = buildServer(anywhere, {
      scenarios: loadScenarios(join(import.meta.dirname, 'support', 'toy-scenarios'), anywhere),
      clock: createClock({ mode: 'manual' }),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'toy-')), credentials: { merchant: 'M1', key: KEY } },
    });
    const fields = { merchant: 'M1', method: 'pay', order: 'A1', amount: '1.00' };
    const payload = JSON.stringify({ ...fields, sign: toySign(fields, KEY) });
    for (const url of ['/', '/front/gateway']) {
      const res = await app.inject({
        method: 'POST',
        url,
        payload:
          url === '/'
            ? payload
            : payload
                .replace('A1', 'A2')
                .replace(/"sign":"\w+"/, `"sign":"${toySign({ ...fields, order: 'A2' }, KEY)}"`),
      });
      expect(res.json(), url).toMatchObject({ code: '0' });
    }
    const journal = (await app.inject({ method: 'GET', url: '/__admin/journal' })).json().entries as Array<{
      request: { url: string };
    }>;
    expect(journal.map((e) => e.request.url)).toEqual(['/', '/front/gateway']);
    const admin = await app.inject({ method: 'POST', url: '/__admin/no-such-route', payload: '{}' });
    expect(admin.statusCode).toBe(404);
    expect(admin.json()).toMatchObject({ error: { code: 'SIM_ERR_ADMIN_NOT_FOUND' } });
    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).json()).toEqual({ reset: true });
  });

  it("asks the channel to forget its runtime's own state with an admin reset (onReset)", async () => {
    const resets: unknown[] = [];
    app = buildServer(
      { ...toy, onReset: (rt: unknown) => void resets.push(rt) },
      {
        scenarios: loadScenarios(join(import.meta.dirname, 'support', 'toy-scenarios'), toy),
        clock: createClock({ mode: 'manual' }),
        config: { dataDir: mkdtempSync(join(tmpdir(), 'toy-')), credentials: { merchant: 'M1', key: KEY } },
      },
    );
    expect(resets).toEqual([]);
    await app.inject({ method: 'POST', url: '/__admin/reset' });
    expect(resets).toEqual([app.sim.runtime]);
  });

  it('tells the change feed when the scenario set is replaced and when an override comes and goes', async () => {
    start();
    const seen: string[] = [];
    const stop = app.sim.changes.subscribe((c) => void seen.push(c.type));
    const set = app.sim.scenarios;
    app.sim.scenarios = loadScenarios(join(import.meta.dirname, 'support', 'toy-scenarios'), toy);
    expect(app.sim.scenarios).not.toBe(set);
    const use = await app.inject({
      method: 'POST',
      url: '/__admin/scenarios/use',
      payload: { scenario: set.fallback.id },
    });
    expect(use.statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: '/__admin/scenarios/overrides' });
    // nothing to drop: no change
    await app.inject({ method: 'DELETE', url: '/__admin/scenarios/overrides' });
    stop();
    expect(seen).toEqual(['scenarios', 'overrides', 'overrides']);
  });
});
