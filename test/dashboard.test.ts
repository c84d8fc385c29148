/**
 * The dashboard's endpoints without a browser: the page's files and their headers (a strict CSP,
 * nosniff), the admin API's guard on everything that holds data (loopback, token, never a
 * callback) while the page itself loads without the token, a sibling's admin API reached from
 * another simulator's port, the live stream (a change per journal entry and reset, its listeners
 * gone when the client goes, a limit on how many), a journal body downloaded as the exact bytes
 * (GBK stays GBK), and the change feed's own bounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type StartedSimulators } from '../index.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { createChangeFeed } from '../simulators/core/change-feed.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { lft } from '../simulators/lft/index.ts';

const TOKEN = 'dash-t0k';

/** an open text/event-stream: the frames read so far, and how to hang up */
interface Stream {
  res: IncomingMessage;
  frames: string[];
  close(): void;
}
function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const frames: string[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          frames.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('error', () => undefined);
      resolve({ res, frames, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
const changesIn = (s: Stream) =>
  s.frames.filter((f) => f.startsWith('event: change')).map((f) => JSON.parse(f.split('\ndata: ')[1]!));

async function until(what: () => boolean | Promise<boolean>, label: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dashboard endpoints, LFT and DSP in one process', () => {
  let sims: StartedSimulators<'lft' | 'dsp'>;
  beforeAll(async () => {
    sims = await startSimulators({ channels: ['lft', 'dsp'], clock: 'manual' });
  });
  afterAll(() => sims.close());
  const streams = async (adminUrl = sims.lft.adminUrl) =>
    ((await (await fetch(`${adminUrl}/ui/channels`)).json()) as { channels: { streams: number }[] }).channels.map(
      (c) => c.streams,
    );

  it('serves the page from files, with a CSP that allows no inline script, no other origin, no framing', async () => {
    for (const path of ['/ui', '/ui/']) {
      const res = await fetch(`${sims.dsp.adminUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/__admin/ui/app.js"></script>');
      // no inline script: every <script> has a src
      expect(html.match(/<script\b[^>]*>/g)!.every((t) => / src=/.test(t))).toBe(true);
    }
    const js = await fetch(`${sims.dsp.adminUrl}/ui/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('/__admin/ui/stream');
    expect((await fetch(`${sims.dsp.adminUrl}/ui/app.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const missing = await fetch(`${sims.dsp.adminUrl}/ui/nothing.js`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('SIM_ERR_ADMIN_NOT_FOUND');
  });

  it("lists every simulator of the process, on either one's port, with its events and operations", async () => {
    for (const s of [sims.lft, sims.dsp]) {
      const r = await (await fetch(`${s.adminUrl}/ui/channels`)).json();
      expect(r.self).toBe(s.channel);
      expect(r.channels.map((c: { channel: string }) => c.channel)).toEqual(['lft', 'dsp']);
      const lftView = r.channels[0];
      expect(lftView).toMatchObject({ title: sims.lft.title, url: sims.lft.baseUrl, streams: 0 });
      expect(lftView.events).toContainEqual(expect.objectContaining({ name: 'swipe', kind: 'payin' }));
      expect(lftView.operations.map((o: { name: string }) => o.name)).toContain('prepay');
      expect(r.channels[1].events.map((e: { name: string }) => e.name)).toEqual(
        expect.arrayContaining(['cancel', 're-sign']),
      );
    }
  });

  it("reaches a sibling's admin API in-process: its answers and its refusals, as they are", async () => {
    // from DSP's port (a bank front that answers any path) to LFT's admin API, and back
    const health = await (await fetch(`${sims.dsp.adminUrl}/ui/api/lft/health`)).json();
    expect(health).toMatchObject({ status: 'ok', channel: 'lft' });
    const before = Date.parse((await sims.lft.admin.clock()).now);
    const moved = await fetch(`${sims.dsp.adminUrl}/ui/api/lft/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1000 }),
    });
    expect(moved.status).toBe(200);
    expect(Date.parse((await sims.lft.admin.clock()).now)).toBe(before + 1000);
    const bad = await fetch(`${sims.dsp.adminUrl}/ui/api/lft/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ms":',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/not valid JSON/);
    const noOrder = await fetch(`${sims.lft.adminUrl}/ui/api/dsp/orders/NOPE`);
    expect(noOrder.status).toBe(404);
    expect((await noOrder.json()).error.code).toBe('SIM_ERR_ORDER_NOT_FOUND');
    const noChannel = await fetch(`${sims.lft.adminUrl}/ui/api/unionpay/health`);
    expect(noChannel.status).toBe(404);
    expect((await noChannel.json()).error.message).toMatch(/runs no "unionpay" simulator \(it runs lft, dsp\)/);
    // the proxy does not reach the dashboard itself (no loop)
    expect((await fetch(`${sims.lft.adminUrl}/ui/api/dsp/ui/channels`)).status).toBe(404);
  });

  it('streams a change per journal entry, reset and override change of any simulator, and removes its listeners on hang-up', async () => {
    const s = await openStream(`${sims.lft.adminUrl}/ui/stream`);
    expect(s.res.statusCode).toBe(200);
    expect(s.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.res.headers['x-content-type-options']).toBe('nosniff');
    expect(await streams()).toEqual([1, 1]);
    expect(await streams(sims.dsp.adminUrl)).toEqual([1, 1]);
    // a wire request on DSP's port, seen on LFT's stream
    const c = { PolicyNo: 'SSE-1', PayAct: '6123011880003601000', RecAct: '001053110000001123' };
    expect(await sims.dsp.client().apply(c)).toMatchObject({ ok: true });
    await until(() => changesIn(s).length > 0, 'a change');
    expect(changesIn(s)[0]).toMatchObject({
      channel: 'dsp',
      type: 'journal',
      kind: 'request',
      operation: 'decontract-apply',
      orderKey: `${c.PolicyNo}:${c.PayAct}:${c.RecAct}`,
      id: expect.any(Number),
    });
    await sims.dsp.admin.reset();
    await until(() => changesIn(s).some((x) => x.type === 'cleared'), 'the reset');
    expect(changesIn(s).at(-1)).toEqual({ channel: 'dsp', type: 'cleared' });
    // an override set from outside the page (the CLI, a test) and one consumed by a request
    const overrides = () => changesIn(s).filter((x) => x.type === 'overrides');
    await sims.dsp.admin.useScenario({ scenario: 'dsp/default', operation: 'decontract-apply', once: true });
    await until(() => overrides().length === 1, 'the override added');
    expect(overrides()[0]).toEqual({ channel: 'dsp', type: 'overrides' });
    expect(await sims.dsp.client().apply({ ...c, PolicyNo: 'SSE-2' })).toMatchObject({ ok: true });
    await until(() => overrides().length === 2, 'the once override consumed');
    expect((await sims.dsp.admin.scenarios()).overrides).toEqual([]);

    s.close();
    await until(async () => (await streams()).every((n) => n === 0), 'the listeners removed');
  });

  it('refuses a stream past the limit of live dashboards (503), and serves again once one closes', async () => {
    const open = await Promise.all(Array.from({ length: 32 }, () => openStream(`${sims.lft.adminUrl}/ui/stream`)));
    expect(open.every((s) => s.res.statusCode === 200)).toBe(true);
    const refused = await fetch(`${sims.lft.adminUrl}/ui/stream`);
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.message).toMatch(/too many live dashboards/);
    expect(await streams()).toEqual([32, 32]);
    open.pop()!.close();
    await until(async () => (await streams())[0] === 31, 'one closed');
    const again = await openStream(`${sims.lft.adminUrl}/ui/stream`);
    expect(again.res.statusCode).toBe(200);
    for (const s of [...open, again]) s.close();
    await until(async () => (await streams()).every((n) => n === 0), 'every listener removed');
  });

  it('downloads a journal body as the bytes that came, with the recorded content type: GBK stays GBK', async () => {
    const xml = `<?xml version="1.0" encoding="GBK"?><ATSYH><TransReq><PayName>张三</PayName></TransReq></ATSYH>`;
    const sent = iconv.encode(xml, 'gbk');
    const wire = await fetch(`${sims.dsp.baseUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=GBK' },
      body: new Uint8Array(sent),
    });
    const id = wire.headers.get('x-sim-journal-id')!;
    expect(id).toMatch(/^\d+$/);
    const answer = Buffer.from(await wire.arrayBuffer());
    // from LFT's port: any simulator's journal
    const req = await fetch(`${sims.lft.adminUrl}/ui/raw/dsp/${id}/request`);
    expect(req.status).toBe(200);
    expect(req.headers.get('content-type')).toBe('text/xml; charset=GBK');
    expect(req.headers.get('content-disposition')).toBe(`attachment; filename="dsp-journal-${id}-request.xml"`);
    expect(req.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(Buffer.from(await req.arrayBuffer()).equals(sent)).toBe(true);
    const res = await fetch(`${sims.lft.adminUrl}/ui/raw/dsp/${id}/response`);
    expect(res.headers.get('content-type')).toBe(wire.headers.get('content-type'));
    expect(Buffer.from(await res.arrayBuffer()).equals(answer)).toBe(true);
    // an event has no body; an entry that is not kept, a part that is not one
    const { id: eventId } = (await sims.lft.admin.journal()).at(-1) ?? { id: 999_999 };
    expect((await fetch(`${sims.lft.adminUrl}/ui/raw/lft/${eventId + 1000}/request`)).status).toBe(404);
    for (const bad of [`${id}/headers`, '0/request', 'abc/request', '1e3/request', '-1/request']) {
      const refused = await fetch(`${sims.lft.adminUrl}/ui/raw/dsp/${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(await refused.json(), bad).toMatchObject({ error: { code: 'SIM_ERR_ADMIN_BAD_REQUEST' } });
    }
  });
});

describe('dashboard guard', () => {
  let sims: StartedSimulators<'lft' | 'withhold'>;
  beforeAll(async () => {
    sims = await startSimulators({ channels: ['lft', 'withhold'], adminToken: TOKEN });
  });
  afterAll(() => sims.close());

  it('loads the page without the token, but nothing that holds data', async () => {
    expect((await fetch(`${sims.lft.adminUrl}/ui`)).status).toBe(200);
    expect((await fetch(`${sims.lft.adminUrl}/ui/app.js`)).status).toBe(200);
    for (const path of ['/ui/channels', '/ui/stream', '/ui/raw/lft/1/request', '/ui/api/withhold/credentials']) {
      const res = await fetch(`${sims.lft.adminUrl}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((await res.json()).error.code).toBe('SIM_ERR_ADMIN_UNAUTHORIZED');
      const wrong = await fetch(`${sims.lft.adminUrl}${path}`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status, path).toBe(401);
    }
  });

  it('passes the token on to the sibling, whose guard judges it again; the stream takes it in a header', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const creds = await fetch(`${sims.lft.adminUrl}/ui/api/withhold/credentials`, { headers: auth });
    expect(creds.status).toBe(200);
    expect(await creds.json()).toEqual(sims.withhold.credentials);
    const byHeader = await fetch(`${sims.lft.adminUrl}/ui/api/withhold/health`, {
      headers: { 'x-admin-token': TOKEN },
    });
    expect(byHeader.status).toBe(200);
    const s = await openStream(`${sims.withhold.adminUrl}/ui/stream`, auth);
    expect(s.res.statusCode).toBe(200);
    s.close();
  });

  it('refuses a callback, even for the page', async () => {
    for (const path of ['/ui', '/ui/channels']) {
      const res = await fetch(`${sims.lft.adminUrl}${path}`, {
        headers: { 'x-sim-callback': '1', authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status, path).toBe(403);
    }
  });
});

describe('dashboard of a server nobody linked (buildServer), from another address', () => {
  let app: SimServer;
  let dataDir: string;
  const setup = (admin: { token?: string; allowRemote?: boolean }) => {
    dataDir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    app = buildServer(lft, {
      scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft),
      admin,
      config: { dataDir, credentials: { appId: 'APP01', key: 'k-test-123' } },
    });
  };
  afterEach(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a non-loopback client, page included, unless allowed remote; then the token decides', async () => {
    setup({ token: TOKEN });
    for (const url of ['/__admin/ui', '/__admin/ui/channels']) {
      const res = await app.inject({ url, remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message).toMatch(/loopback-only/);
    }
  });

  it('shows itself only, and the sibling it proxies to judges the real client address', async () => {
    setup({ token: TOKEN, allowRemote: true });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const channels = await app.inject({ url: '/__admin/ui/channels', remoteAddress: '10.1.2.3', headers: auth });
    expect(channels.statusCode).toBe(200);
    expect(channels.json().channels.map((c: { channel: string }) => c.channel)).toEqual(['lft']);
    expect(channels.json().channels[0].url).toBeUndefined();
    const health = await app.inject({ url: '/__admin/ui/api/lft/health', remoteAddress: '10.1.2.3', headers: auth });
    expect(health.json()).toMatchObject({ status: 'ok', channel: 'lft' });
    expect((await app.inject({ url: '/__admin/ui/api/lft/health', remoteAddress: '10.1.2.3' })).statusCode).toBe(401);
  });
});

describe('change feed', () => {
  it('is bounded, drops a listener that throws, and unsubscribes once', () => {
    const feed = createChangeFeed({ maxListeners: 2 });
    const seen: string[] = [];
    const off = feed.subscribe((c) => seen.push(c.type));
    feed.subscribe(() => {
      throw new Error('broken stream');
    });
    expect(() => feed.subscribe(() => undefined)).toThrow(/at most 2 listeners/);
    feed.publish({ type: 'cleared' });
    expect(seen).toEqual(['cleared']);
    // the throwing one is gone: room for another
    expect(feed.listeners()).toBe(1);
    const again = feed.subscribe(() => undefined);
    expect(feed.listeners()).toBe(2);
    off();
    off();
    again();
    expect(feed.listeners()).toBe(0);
    feed.publish({ type: 'cleared' });
    expect(seen).toEqual(['cleared']);
  });
});
