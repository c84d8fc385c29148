/**
 * The conformance suite: the same checks over every channel in the registry (and the toy
 * template), each from its fixture in test/conformance/. Seeded fuzz — every answer in the
 * upstream's own format and its signature verified, never a 500, and the simulator still serving
 * a valid request afterwards; HTTP-level errors (a broken request, a URL that does not decode,
 * an unknown path, a GET, an oversized body) answered in the upstream's format; a persistence
 * round trip through the wire; credentials; the scenario catalogue; an OpenAPI document that
 * covers every admin route Fastify registered. A new channel joins with one fixture file.
 */
import { mkdtempSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { channels } from '../simulators/channels.ts';
import { createRandom } from '../simulators/core/banks/index.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock, type Clock } from '../simulators/core/clock.ts';
import type { ChannelFixture, Fixture, Send, WireAnswer, WireCall } from './conformance/fixture.ts';
import { fixtures } from './conformance/fixtures.ts';

const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');
// 400 in every run; CONFORMANCE_FUZZ_CASES=10000 for the long run (the closing figures)
const FUZZ_CASES = Number(process.env.CONFORMANCE_FUZZ_CASES ?? 400);
const START = Date.parse('2026-01-15T02:00:00Z');

function start(
  f: ChannelFixture,
  opts: { dataDir?: string; persist?: boolean } = {},
): { app: SimServer; clock: Clock; dataDir: string } {
  const clock = createClock({ mode: 'manual', start: START });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), `conf-${f.channel.name}-`));
  const app = buildServer(f.channel, {
    scenarios: loadScenarios(f.scenariosDir ?? SCENARIOS, f.channel),
    clock,
    persist: opts.persist,
    config: { dataDir, ...(f.credentials ? { credentials: f.credentials } : {}) },
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  });
  return { app, clock, dataDir };
}

const sender =
  (app: SimServer): Send =>
  async (c: WireCall) => {
    const res = await app.inject({ method: 'POST', url: c.path, headers: c.headers, payload: c.body });
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  };

async function fixtureOf(f: ChannelFixture, app: SimServer): Promise<Fixture> {
  return f.make((await app.inject({ method: 'GET', url: '/__admin/credentials' })).json() as Record<string, unknown>);
}

/** bytes HTTP itself cannot parse, on a real socket: the answers that came back */
async function rawExchange(app: SimServer, bytes: string): Promise<WireAnswer> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (d) => chunks.push(d));
  socket.write(bytes);
  await new Promise((r) => socket.on('close', r));
  const raw = Buffer.concat(chunks);
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(
    head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(head[0]!.split(' ')[1]), headers, body: raw.subarray(split + 4) };
}

describe('every channel in the registry has a conformance fixture', () => {
  it('names each implemented channel', () => {
    for (const name of Object.keys(channels)) expect(fixtures[name], name).toBeDefined();
  });
});

for (const [name, f] of Object.entries(fixtures)) {
  describe(`${name}: conformance`, () => {
    let app: SimServer;
    let clock: Clock;
    let fx: Fixture;
    beforeAll(async () => {
      ({ app, clock } = start(f));
      fx = await fixtureOf(f, app);
    });
    afterAll(() => app.close());

    it(
      `answers ${FUZZ_CASES} seeded random and mutated requests in its own format, every signature verified, and still works`,
      async () => {
        const send = sender(app);
        const r = createRandom(20261201 + name.length);
        const started = performance.now();
        for (let i = 0; i < FUZZ_CASES; i++) {
          const call = fx.fuzz(r, i, clock.now());
          const a = await send(call);
          const where = `case ${i}: ${String(call.body).slice(0, 100)} → ${a.status} ${a.body.toString('utf8').slice(0, 160)}`;
          expect(a.status, where).toBeLessThan(500);
          expect(fx.check(a), where).toBeUndefined();
        }
        const after = await send(fx.valid(0, clock.now()));
        expect(fx.check(after)).toBeUndefined();
        expect(fx.ok(after), after.body.toString('utf8')).toBe(true);
        expect((await app.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200);
        expect((await app.inject({ method: 'GET', url: '/__admin/journal?limit=1000' })).statusCode).toBe(200);
        if (FUZZ_CASES > 400)
          console.log(`${name}: ${FUZZ_CASES} fuzz cases, 0 failures, ${Math.round(performance.now() - started)} ms`);
      },
      20_000 + FUZZ_CASES * 20,
    );

    it('answers what is not a request of its own in its own format: unknown path, GET, a URL that does not decode, an oversized body', async () => {
      const answers: Array<[string, WireAnswer]> = [];
      const inject = async (what: string, opts: InjectOptions) => {
        const res = await app.inject(opts);
        answers.push([what, { status: res.statusCode, headers: res.headers, body: res.rawPayload }]);
      };
      await inject('unknown path', { method: 'POST', url: '/no/such/path', payload: 'x' });
      await inject('GET on a wire path', { method: 'GET', url: f.path });
      await inject('bad URL', { method: 'POST', url: `${f.path}%ff`, payload: 'x' });
      await inject('oversized body', {
        method: 'POST',
        url: f.path,
        payload: 'x'.repeat(f.channel.bodyLimit + 1),
        headers: { 'content-type': 'application/json' },
      });
      for (const [what, a] of answers) {
        expect(a.status, what).toBeLessThan(500);
        expect(fx.check(a), `${what}: ${a.status} ${a.body.toString('utf8').slice(0, 160)}`).toBeUndefined();
      }
    });

    it('answers a request HTTP cannot parse with HTTP 400 in its own format', async () => {
      const { app: raw } = start(f);
      try {
        const a = await rawExchange(raw, `POST ${f.path} HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n{}`);
        expect(a.status).toBe(400);
        expect(fx.check(a)).toBeUndefined();
      } finally {
        await raw.close();
      }
    });

    it('shows its credentials and lists every scenario file it loaded, the default among them', async () => {
      const creds = await app.inject({ method: 'GET', url: '/__admin/credentials' });
      expect(creds.statusCode).toBe(200);
      expect(creds.json()).toMatchObject({ channel: name });
      const loaded = loadScenarios(f.scenariosDir ?? SCENARIOS, f.channel);
      const listed = (
        (await app.inject({ method: 'GET', url: '/__admin/scenarios' })).json().scenarios as Array<{ id: string }>
      ).map((s) => s.id);
      expect(listed.sort()).toEqual([...loaded.byId.keys()].sort());
      expect(listed).toContain(`${name}/default`);
    });

    it('describes every admin route Fastify registered in /__admin/openapi.json', async () => {
      const routes: Array<[string, string]> = [];
      const probe = start(f);
      probe.app.addHook('onRoute', (r) => {
        // Swagger UI's own pages and assets (/__admin/docs…) and the dashboard's (/__admin/ui…) are
        // hidden from the document
        if (!r.url.startsWith('/__admin') || (r.schema as { hide?: boolean } | undefined)?.hide) return;
        for (const m of [r.method].flat())
          if (m !== 'HEAD') routes.push([m.toLowerCase(), r.url.replace(/^\/__admin/, '').replace(/:(\w+)/g, '{$1}')]);
      });
      await probe.app.ready();
      const doc = (await probe.app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      await probe.app.close();
      expect(routes.length).toBeGreaterThan(10);
      for (const [method, path] of routes)
        expect((doc.paths[path]?.[method] as { operationId?: string })?.operationId, `${method} ${path}`).toBeTruthy();
    });

    it('keeps what the wire made across a restart with persistence on', async () => {
      const first = start(f, { persist: true });
      const fx1 = await fixtureOf(f, first.app);
      const made = await fx1.before(sender(first.app), first.clock.now());
      await first.app.close();
      const second = start(f, { persist: true, dataDir: first.dataDir });
      try {
        expect(
          await (await fixtureOf(f, second.app)).after(sender(second.app), made, second.clock.now()),
        ).toBeUndefined();
      } finally {
        await second.app.close();
      }
    });
  });
}
