/**
 * The log a person reads and callbacks forwarded, through the composition root (startSimulators
 * with a config from flags) and the wire: an LFT flow with real credentials, a request signed
 * with the wrong key, and callbacks that really go over HTTP — forwarded to a merchant sink on
 * another port — captured as JSON lines and as pretty text. The lines say what happened (one per
 * request, one per callback attempt, a warning for a give-up and for a bad signature with the
 * string the simulator verified over) and never carry the key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../clients/admin.ts';
import { createLftClient } from '../clients/lft.ts';
import { resolveConfig } from '../simulators/config.ts';
import { createLogger, type LogFormat } from '../simulators/core/logger.ts';
import { startSimulators, type Simulators } from '../simulators/main.ts';

const dirs: string[] = [];
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** a merchant on its own port: SUCCESS, except FAIL under /fail/; records what reached it */
async function merchantSink(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.end(req.url?.startsWith('/fail/') ? 'FAIL' : 'SUCCESS'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits };
}

/** a log captured as text, in the given format */
async function captured(format: LogFormat, level = 'info') {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const logger = await createLogger({ level, format, destination, colorize: false });
  return { logger, text: () => text };
}

async function start(format: LogFormat, level: string, extra: string[] = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'channel-sim-logs-'));
  dirs.push(dataDir);
  const log = await captured(format, level);
  const config = resolveConfig(
    ['--channels', 'lft', '--port-lft', '0', '--data-dir', dataDir, '--time-scale', '0.001', ...extra],
    {},
  );
  const sims: Simulators = await startSimulators(config, { logger: log.logger, watchScenarios: false });
  closers.push(() => sims.close());
  const baseUrl = sims.servers[0]!.url;
  const admin = createAdminClient({ baseUrl });
  const { appId, key } = (await admin.credentials()) as unknown as { appId: string; key: string };
  return { sims, baseUrl, admin, appId, key, log };
}

/** create + prepay 0.01 (paid by itself at once, on this time scale) with the merchant's URL */
async function payIn(baseUrl: string, appId: string, key: string, n: number, notifyUrl: string) {
  const lft = createLftClient({ baseUrl, appId, key });
  const created = await lft.create({ channelType: 'LFT', transDesc: '房租', businessId: `B${n}` });
  if (!created.ok) throw new Error(`create refused: ${created.code}`);
  const outReqNo = `${appId}-${String(n).padStart(4, '0')}`;
  const pay = await lft.prepay({
    transNo: created.data.transNo,
    outReqNo,
    amount: '0.01',
    prodCatalog: '02',
    outSuccessNotifyUrl: notifyUrl,
  });
  if (!pay.ok) throw new Error(`prepay refused: ${pay.code}`);
  return outReqNo;
}

async function until<T>(what: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Line = Record<string, unknown> & { level: number; msg: string };

describe('callbacks forwarded (--forward-callbacks)', () => {
  it('sends each callback to the forwarding base with the notify URL path and query, and records both URLs', async () => {
    const sink = await merchantSink();
    const s = await start('json', 'info', ['--forward-callbacks', sink.url]);
    // a notify URL the simulator could never reach itself: the merchant advertised another host
    const notify = 'http://merchant.invalid:4567/lft/paid?shop=7';
    const order = await payIn(s.baseUrl, s.appId, s.key, 1, notify);
    const delivery = await until(async () => (await s.admin.callbacks()).find((d) => d.status === 'acked'));
    expect(sink.hits).toContain('/lft/paid?shop=7');
    expect(delivery.attempts[0]).toMatchObject({
      request: { url: notify },
      forwardedTo: `${sink.url}/lft/paid?shop=7`,
    });
    const journal = await s.admin.journal({ kind: 'callback', order });
    expect(journal[0]).toMatchObject({ request: { url: notify }, forwardedTo: `${sink.url}/lft/paid?shop=7` });
  });

  it('keeps a path prefix of the base, and never forwards to an admin API', async () => {
    const sink = await merchantSink();
    const s = await start('json', 'info', ['--forward-callbacks-lft', `${sink.url}/hooks/`]);
    await payIn(s.baseUrl, s.appId, s.key, 1, 'http://merchant.invalid/lft/paid');
    await until(async () => (await s.admin.callbacks()).find((d) => d.status === 'acked'));
    expect(sink.hits).toContain('/hooks/lft/paid');
    // the merchant's own path names an admin API: the forwarded URL does too, and is refused
    await payIn(s.baseUrl, s.appId, s.key, 2, 'http://merchant.invalid/__admin/reset');
    const refused = await until(async () =>
      (await s.admin.journal({ kind: 'callback' })).find((e) => e.request?.url.includes('__admin')),
    );
    expect(refused.error?.message).toMatch(/admin API/);
    expect(sink.hits.some((h) => h.includes('__admin'))).toBe(false);
    expect(() => resolveConfig(['--forward-callbacks', `${s.baseUrl}/__admin`], {})).toThrow(/admin API/);
    expect(() => resolveConfig(['--forward-callbacks', 'ftp://x'], {})).toThrow(/--forward-callbacks/);
  });
});

describe('the log', () => {
  it('JSON lines: one per request and per callback attempt, warnings for a give-up and a bad signature, no key', async () => {
    const sink = await merchantSink();
    const s = await start('json', 'info', ['--forward-callbacks', sink.url]);
    const order = await payIn(s.baseUrl, s.appId, s.key, 1, 'http://merchant.invalid/fail/paid');
    // a request signed with another key: refused, and the log shows what the simulator verified
    const wrong = createLftClient({ baseUrl: s.baseUrl, appId: s.appId, key: 'not-the-key' });
    await wrong.create({ channelType: 'LFT', transDesc: 'x', businessId: 'B9' }).catch(() => undefined);
    // the merchant never acknowledges: every retry of the schedule, then the give-up
    // each advance passes the longest scaled wait (6 h × 0.001) and fires the attempt due
    await until(async () => {
      await s.admin.advanceClock('10m');
      return (await s.admin.callbacks({ status: 'gave-up' })).length ? true : undefined;
    }, 30_000);

    const lines = s.log
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const prepay = lines.find((l) => l.kind === 'request' && l.op === 'prepay');
    expect(prepay).toMatchObject({
      level: 30,
      channel: 'lft',
      order,
      scenario: 'lft/payin-auto-success',
      status: 200,
      code: '0000',
      ms: expect.any(Number),
    });
    expect(prepay!.msg).toMatch(/^prepay → 200 0000 \(order .+, scenario lft\/payin-auto-success, \d+ms/);

    const attempts = lines.filter((l) => l.kind === 'callback' && l.attempt !== undefined);
    expect(attempts.length).toBe(16);
    expect(attempts[0]).toMatchObject({
      level: 30,
      event: 'paid',
      url: 'http://merchant.invalid/fail/paid',
      forwardedTo: `${sink.url}/fail/paid`,
      status: 200,
      acked: false,
      nextRetryAt: expect.any(String),
    });
    expect(attempts.at(-1)).toMatchObject({ level: 40, gaveUp: true, acked: false });
    expect(attempts.at(-1)!.msg).toMatch(/gave up after 16 attempt/);

    const badSign = lines.find((l) => l.error === 'SIM_ERR_WIRE_SIGNATURE');
    expect(badSign).toMatchObject({ level: 40, path: '/api/protocol/create', status: 200 });
    expect(badSign!.signingString).toMatch(new RegExp(`^${s.appId}&\\{.*\\}&\\d{17}&<key>$`));
    expect(badSign!.msg).toContain('<key>');

    // no secret in any line: neither the key the flow signed with nor the wrong one
    expect(s.log.text()).not.toContain(s.key);
    expect(s.log.text()).not.toContain('not-the-key');
  }, 60_000);

  it('pretty: a readable line per thing, the same words; levels are honoured', async () => {
    const sink = await merchantSink();
    const s = await start('pretty', 'info', ['--forward-callbacks', sink.url]);
    await payIn(s.baseUrl, s.appId, s.key, 1, 'http://merchant.invalid/lft/paid');
    await until(async () => (await s.admin.callbacks()).find((d) => d.status === 'acked'));
    const text = s.log.text();
    expect(text).toMatch(/INFO.*lft prepay → 200 0000 \(order /);
    expect(text).toMatch(
      /INFO.*lft callback paid cb_000001 #1 → http:\/\/127\.0\.0\.1:\d+\/lft\/paid \(forwarded; notify URL http:\/\/merchant\.invalid\/lft\/paid\): HTTP 200, acked/,
    );
    expect(text.includes('\u001b[')).toBe(false); // no colour when asked for none
    expect(text).not.toContain(s.key);

    const quiet = await start('json', 'warn');
    await payIn(quiet.baseUrl, quiet.appId, quiet.key, 1, 'http://merchant.invalid/lft/paid');
    const wrong = createLftClient({ baseUrl: quiet.baseUrl, appId: quiet.appId, key: 'not-the-key' });
    await wrong.create({ channelType: 'LFT', transDesc: 'x', businessId: 'B9' }).catch(() => undefined);
    const levels = quiet.log
      .text()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Line).level);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => l >= 40)).toBe(true);
  });
});
