/**
 * The generated admin OpenAPI document against what each simulator really serves: every route
 * Fastify registered under /__admin is in it with an operationId (and nothing else is), the
 * answers of a simulator that has served requests match the response schemas it declares, every
 * channel's document lints clean with Redocly (redocly.yaml), and Swagger UI is served at
 * /__admin/docs from the package's own assets: loopback only, no token needed to read it, the
 * token needed for every call it makes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { channels } from '../simulators/channels.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import type { AdminOptions } from '../simulators/core/admin-auth.ts';
import { fixtures } from './conformance/fixtures.ts';

const ROOT = join(import.meta.dirname, '..');
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { content?: { 'application/json'?: { schema: object } } }>;
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string; description: string }>;
  security: object[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, object>; securitySchemes: Record<string, object> };
}

const dataDirs: string[] = [];
afterAll(() => {
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

/** a simulator of the channel, and every route Fastify registers in it, seen by an onRoute hook */
function build(name: string, admin?: AdminOptions) {
  const f = fixtures[name]!;
  const dataDir = mkdtempSync(join(tmpdir(), `openapi-${name}-`));
  dataDirs.push(dataDir);
  const clock = createClock({ mode: 'manual', start: Date.parse('2026-01-15T02:00:00Z') });
  const app = buildServer(f.channel, {
    scenarios: loadScenarios(f.scenariosDir ?? join(ROOT, 'scenarios'), f.channel),
    clock,
    admin,
    config: { dataDir, ...(f.credentials ? { credentials: f.credentials } : {}) },
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  });
  const routes: Array<{ method: string; url: string; hidden: boolean }> = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat())
      routes.push({ method: m, url: r.url, hidden: (r.schema as { hide?: boolean } | undefined)?.hide === true });
  });
  return { app, routes, clock, f };
}

const documentOf = async (app: SimServer, headers: Record<string, string> = {}) =>
  (await app.inject({ method: 'GET', url: '/__admin/openapi.json', headers })).json() as Doc;

const openApiPath = (url: string) => url.replace(/^\/__admin/, '').replace(/:(\w+)/g, '{$1}');

/** a validator of a response schema of the document, its $refs resolved against components */
function validatorOf(doc: Doc) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', { validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  const local = (s: object) => JSON.parse(JSON.stringify(s).replace(/"#\/components\/schemas\/(\w+)"/g, '"$1"'));
  for (const [id, s] of Object.entries(doc.components.schemas)) ajv.addSchema(local(s), id);
  return (op: Operation, status: number, body: unknown) => {
    const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema) return `${op.operationId}: no schema for ${status}`;
    const validate = ajv.compile(local(schema));
    return validate(body) ? undefined : `${op.operationId} ${status}: ${ajv.errorsText(validate.errors)}`;
  };
}

describe('the admin OpenAPI document of every channel', () => {
  it('covers every channel of the registry', () => {
    for (const name of Object.keys(channels)) expect(fixtures[name], name).toBeDefined();
  });

  for (const name of Object.keys(fixtures)) {
    it(`${name}: lists exactly the admin routes Fastify registered, each with an operationId`, async () => {
      const { app, routes } = build(name);
      try {
        await app.ready();
        const doc = await documentOf(app);
        const admin = routes.filter((r) => r.url.startsWith('/__admin') && r.method !== 'HEAD');
        // the only routes left out: Swagger UI's page and assets (/__admin/docs) and the dashboard's
        // page and same-origin proxy (/__admin/ui, its own scope; the README's Dashboard section)
        for (const r of admin.filter((a) => a.hidden)) expect(r.url, r.url).toMatch(/^\/__admin\/(docs|ui)(\/|$)/);
        const served = admin.filter((r) => !r.hidden).map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`);
        expect(served.length).toBeGreaterThanOrEqual(16);
        const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
          METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`),
        );
        expect(documented.sort()).toEqual([...new Set(served)].sort());
        // no upstream route (the wire, a cashier) is in it
        const wire = routes.filter((r) => !r.url.startsWith('/__admin'));
        expect(wire.length).toBeGreaterThan(0);

        const ops = Object.values(doc.paths).flatMap((item) => METHODS.flatMap((m) => (item[m] ? [item[m]] : [])));
        const ids = ops.map((o) => o.operationId);
        expect(ids.every(Boolean)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);
        const declared = new Set(doc.tags.map((t) => t.name));
        for (const op of ops) {
          expect(op.summary, op.operationId).toBeTruthy();
          expect(op.tags?.length, op.operationId).toBe(1);
          expect(declared.has(op.tags![0]!), op.operationId).toBe(true);
          // the guard's answers are on every operation, with the error envelope; an operation that
          // needs no token (security: none, what an editor fetches) cannot be refused one
          const open = (op as { security?: unknown[] }).security?.length === 0;
          for (const s of open ? ['403'] : ['401', '403'])
            expect(op.responses[s]?.content?.['application/json']?.schema, `${op.operationId} ${s}`).toEqual({
              $ref: '#/components/schemas/AdminError',
            });
          if (open) expect(op.responses['401'], op.operationId).toBeUndefined();
        }
        expect(doc.info.title).toBe(`channel-sim ${name} admin API`);
        expect(doc.info.version).toBe((await import('../package.json', { with: { type: 'json' } })).default.version);
        expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['adminToken', 'bearer']);
      } finally {
        await app.close();
      }
    });

    it(`${name}: answers, after serving requests and callbacks, as its response schemas say`, async () => {
      const { app, f } = build(name);
      try {
        const send = async (c: { path: string; headers?: Record<string, string>; body: string | Buffer }) => {
          const res = await app.inject({ method: 'POST', url: c.path, headers: c.headers, payload: c.body });
          return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
        };
        const credentials = (await app.inject({ method: 'GET', url: '/__admin/credentials' })).json();
        const fx = f.make(credentials);
        const now = app.sim.clock.now();
        for (let i = 0; i < 3; i++) await send(fx.valid(i, now));
        await fx.before(send, now);
        const admin = async (method: 'GET' | 'POST', url: string, payload?: object) => {
          const res = await app.inject({ method, url: `/__admin${url}`, payload });
          return { status: res.statusCode, body: res.json() as Record<string, unknown> };
        };
        await admin('POST', '/clock/advance', { ms: 3_600_000 });
        const doc = await documentOf(app);
        const check = validatorOf(doc);
        const problems: string[] = [];
        // every GET without parameters in the path: core lists and the channel's own
        for (const [path, item] of Object.entries(doc.paths)) {
          if (!item.get || path.includes('{')) continue;
          const res = await admin('GET', path);
          expect(res.status, path).toBe(200);
          const p = check(item.get, 200, res.body);
          if (p) problems.push(p);
        }
        const orders = (await admin('GET', '/orders')).body.orders as Array<{ key: string }>;
        expect(orders.length, 'the flow made orders').toBeGreaterThan(0);
        const order = await admin('GET', `/orders/${encodeURIComponent(orders[0]!.key)}`);
        problems.push(check(doc.paths['/orders/{key}']!.get!, order.status, order.body) ?? '');
        const missing = await admin('GET', '/orders/no-such-order');
        problems.push(check(doc.paths['/orders/{key}']!.get!, missing.status, missing.body) ?? '');
        const deliveries = (await admin('GET', '/callbacks')).body.deliveries as Array<{ id: string }>;
        if (deliveries.length) {
          const d = await admin('GET', `/callbacks/${deliveries[0]!.id}`);
          problems.push(check(doc.paths['/callbacks/{id}']!.get!, d.status, d.body) ?? '');
          const replay = await admin('POST', `/callbacks/${deliveries[0]!.id}/replay`, { mode: 'exact' });
          problems.push(check(doc.paths['/callbacks/{id}/replay']!.post!, replay.status, replay.body) ?? '');
        }
        const scenario = (await admin('GET', '/scenarios')).body.scenarios as Array<{ id: string }>;
        const use = await admin('POST', '/scenarios/use', { scenario: scenario[0]!.id, once: true });
        problems.push(check(doc.paths['/scenarios/use']!.post!, use.status, use.body) ?? '');
        const refused = await admin('POST', '/clock/advance', { ms: -1 });
        problems.push(check(doc.paths['/clock/advance']!.post!, refused.status, refused.body) ?? '');
        const advanced = await admin('POST', '/clock/advance', { ms: 1 });
        problems.push(check(doc.paths['/clock/advance']!.post!, advanced.status, advanced.body) ?? '');
        const reset = await admin('POST', '/reset');
        problems.push(check(doc.paths['/reset']!.post!, reset.status, reset.body) ?? '');
        expect(problems.filter(Boolean)).toEqual([]);
      } finally {
        await app.close();
      }
    });
  }

  it('lints clean with Redocly, every channel, with and without an admin token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    dataDirs.push(dir);
    const files: string[] = [];
    for (const [name, admin] of [
      ...Object.keys(channels).map((n) => [n, undefined] as const),
      ['unionpay', { token: 't0k' }] as const,
    ]) {
      const { app } = build(name, admin);
      const doc = await documentOf(app, { authorization: 'Bearer t0k' });
      await app.close();
      const file = join(dir, `${name}${admin ? '-token' : ''}.json`);
      writeFileSync(file, JSON.stringify(doc));
      files.push(file);
    }
    // exit 0 only when nothing is reported: recommended-strict makes every warning an error
    const lint = await promisify(execFile)(
      process.execPath,
      [REDOCLY, 'lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish', ...files],
      { env: { ...process.env, REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_TELEMETRY: 'off' } },
    ).then(
      () => 'clean',
      (e: { stdout: string; stderr: string }) => `${e.stdout}${e.stderr}`,
    );
    expect(lint).toBe('clean');
  }, 60_000);
});

describe('Swagger UI at /__admin/docs', () => {
  it('serves the page and its assets from the package, and the same document', async () => {
    const { app } = build('lft');
    try {
      const page = await app.inject({ method: 'GET', url: '/__admin/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/)]));
      for (const a of assets) {
        const url = new URL(a, 'http://127.0.0.1/__admin/docs').pathname;
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body.length, url).toBeGreaterThan(0);
      }
      const json = await app.inject({ method: 'GET', url: '/__admin/docs/json' });
      expect(json.json()).toEqual(await documentOf(app));
    } finally {
      await app.close();
    }
  });

  it('opens in a browser with a token set (no header needed), loopback only; what it calls needs the token', async () => {
    const { app } = build('lft', { token: 't0k' });
    try {
      const docs = [
        '/__admin/docs',
        '/__admin/docs/static/swagger-ui-bundle.js',
        '/__admin/docs/json',
        '/__admin/openapi.json',
      ];
      for (const url of docs) {
        const remote = await app.inject({ method: 'GET', url, remoteAddress: '10.1.2.3' });
        expect(remote.statusCode, url).toBe(403);
        expect(remote.json().error.code).toBe('SIM_ERR_ADMIN_FORBIDDEN');
        const marked = await app.inject({ method: 'GET', url, headers: { 'x-sim-callback': '1' } });
        expect(marked.statusCode, `${url} from a callback`).toBe(403);
        const bare = await app.inject({ method: 'GET', url });
        expect(bare.statusCode, url).toBe(200);
      }
      // the document says how to authorize, and the calls Swagger UI makes are refused without it
      expect((await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json().security).toEqual([
        { bearer: [] },
        { adminToken: [] },
      ]);
      for (const url of ['/__admin/orders', '/__admin/credentials', '/__admin/docs/../orders']) {
        const bare = await app.inject({ method: 'GET', url });
        expect(bare.statusCode, url).toBe(401);
        const given = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer t0k' } });
        expect(given.statusCode, url).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
