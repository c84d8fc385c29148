/**
 * The log a person reads and callbacks forwarded, through the composition root (startSimulators
 * with a config from flags) and the wire: an LFT flow with real credentials, a request signed
 * with the wrong key, and callbacks that really go over HTTP — forwarded to a merchant sink on
 * another port — captured as JSON lines and as pretty text. The lines say what happened (one per
 * request, one per callback attempt, a warning for a give-up and for a bad signature with the
 * string the simulator verified over) and never carry the key.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient } from '../clients/admin.ts';
import { createLftClient } from '../clients/lft.ts';
import { referenceClients, type ClientContext } from '../clients/reference-clients.ts';
import { resolveConfig } from '../simulators/config.ts';
import { createLogger, type LogFormat } from '../simulators/core/logger.ts';
import { startSimulators, type Simulators } from '../simulators/main.ts';
import { exampleReqData } from './conformance/lakala.ts';
import { PERSON } from './support/withhold-harness.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

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

/** what a client put on the wire: its headers and body as text (every channel here sends UTF-8) */
interface Sent {
  headers: Record<string, string>;
  body: string;
}

/** a fetch that records what it sends, after `alter` (a man in the middle) had its say */
function recording(alter: (body: string) => string = (b) => b) {
  const sent: Sent[] = [];
  const f: typeof fetch = (url, init = {}) => {
    const raw = init.body;
    const body = alter(typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('utf8'));
    sent.push({ headers: init.headers as Record<string, string>, body });
    return fetch(url, { ...init, body });
  };
  return { fetch: f, sent };
}

/** UnionPay's S, rebuilt here from the form body: non-blank fields but signature, sorted, k=v&… */
function unionPayS(body: string): string {
  const fields = [...new URLSearchParams(body)].filter(([k, v]) => k !== 'signature' && v !== '');
  return fields
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** the Authorization header's values, by name (LKLAPI-SHA256withRSA k="v",…) */
function authorizationOf(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('the log, on every channel: the signing string of a refused signature, the result code of an answer', () => {
  const CHANNELS = ['lft', 'unionpay', 'lakala', 'dsp', 'withhold'] as const;
  type Name = (typeof CHANNELS)[number];
  let log: Awaited<ReturnType<typeof captured>>;
  const ctx = {} as Record<Name, ClientContext>;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'channel-sim-logs-'));
    dirs.push(dataDir);
    log = await captured('json', 'info');
    const ports = CHANNELS.flatMap((c) => [`--port-${c}`, '0']);
    const config = resolveConfig(['--channels', CHANNELS.join(','), ...ports, '--data-dir', dataDir], {});
    const sims = await startSimulators(config, { logger: log.logger, watchScenarios: false });
    closers.push(() => sims.close());
    for (const s of sims.servers) {
      const credentials = await createAdminClient({ baseUrl: s.url }).credentials();
      ctx[s.channel as Name] = { baseUrl: s.url, credentials, now: Date.now };
    }
  });

  const lines = () =>
    log
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
  /** the request lines a channel logged after `from` lines */
  const requestLines = (channel: Name, from: number) =>
    lines()
      .slice(from)
      .filter((l) => l.kind === 'request' && l.channel === channel);
  /** the one request line a call produced; a refused signature must be exactly one warn line */
  async function lineOf(channel: Name, call: () => Promise<unknown>): Promise<Line> {
    const from = lines().length;
    await call().catch(() => undefined);
    const got = requestLines(channel, from);
    expect(got).toHaveLength(1);
    return got[0]!;
  }
  const cred = (c: Name, k: string) => (ctx[c].credentials as Record<string, unknown>)[k] as string;

  /** a refused signature: warn (40), the error, the upstream's own refusal code (the answer is the
   *  upstream's error in its format), the string in the field and the message */
  function expectRefused(line: Line, signed: string) {
    expect(line).toMatchObject({ level: 40, error: 'SIM_ERR_WIRE_SIGNATURE', signingString: signed });
    expect(line.code).toEqual(expect.any(String));
    expect(line.msg).toContain(` → ${line.status} ${line.code as string} SIM_ERR_WIRE_SIGNATURE`);
    expect(line.msg).toContain(`the simulator verified over: ${signed}`);
  }

  it('LFT: appId&data&timestamp&<key>; code', async () => {
    const rec = recording();
    const wrong = referenceClients.lft(ctx.lft, { key: 'not-the-lft-key', fetch: rec.fetch });
    const bad = await lineOf('lft', () => wrong.create({ channelType: 'LFT', transDesc: 'x', businessId: 'S1' }));
    const env = JSON.parse(rec.sent[0]!.body) as { appId: string; data: string; timestamp: string };
    expectRefused(bad, `${env.appId}&${env.data}&${env.timestamp}&<key>`);

    let code: string | undefined;
    const good = await lineOf('lft', async () => {
      const r = await referenceClients.lft(ctx.lft).create({ channelType: 'LFT', transDesc: 'x', businessId: 'S2' });
      code = r.code;
    });
    expect(good).toMatchObject({ level: 30, code, status: 200 });
    expect(code).toBe('0000');
  });

  it('UnionPay: S before hashing (01), S&<sha256(secureKey)> (11); respCode', async () => {
    const query = (n: number) => ({ orderId: `LOG0000${n}`, contractId: `ACTIVE-LOG-${n}`, planId: 'PLAN0001' });
    // 01: a field added after signing, as a proxy might: the string the simulator verified shows it
    const tampered = recording((b) => `${b}&reqReserved=added-in-transit`);
    const rsa = referenceClients.unionpay(ctx.unionpay, { fetch: tampered.fetch });
    const bad01 = await lineOf('unionpay', () => rsa.queryContractStatus(query(1)));
    expect(tampered.sent[0]!.body).toContain('signMethod=01');
    expectRefused(bad01, unionPayS(tampered.sent[0]!.body));
    expect(bad01.signingString).toContain('reqReserved=added-in-transit');

    const rec = recording();
    const wrongKey = referenceClients.unionpay(ctx.unionpay, {
      signMethod: '11',
      secureKey: 'not-the-secure-key',
      fetch: rec.fetch,
    });
    const bad11 = await lineOf('unionpay', () => wrongKey.queryContractStatus(query(2)));
    expectRefused(bad11, `${unionPayS(rec.sent[0]!.body)}&<sha256(secureKey)>`);

    let code: string | undefined;
    const good = await lineOf('unionpay', async () => {
      code = (await referenceClients.unionpay(ctx.unionpay).queryContractStatus(query(3))).code;
    });
    expect(code).toBe('00');
    expect(good).toMatchObject({ level: 30, code, status: 200, op: expect.any(String) });

    const secureKey = cred('unionpay', 'secureKey');
    for (const secret of [secureKey, sha256(secureKey), 'not-the-secure-key', sha256('not-the-secure-key')])
      expect(log.text()).not.toContain(secret);
  });

  it('Lakala: appid\\nserial_no\\ntimestamp\\nnonce_str\\nbody\\n; ret_code', async () => {
    const rec = recording();
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const wrong = referenceClients.lakala(ctx.lakala, { privateKeyPem: otherKey, fetch: rec.fetch });
    const bad = await lineOf('lakala', () => wrong.signQry(exampleReqData('LOG1')));
    const auth = authorizationOf(rec.sent[0]!.headers.authorization!);
    const signed = `${auth.appid}\n${auth.serial_no}\n${auth.timestamp}\n${auth.nonce_str}\n${rec.sent[0]!.body}\n`;
    expect(auth.appid).toBe(cred('lakala', 'appid'));
    expectRefused(bad, signed);

    let code: string | undefined;
    const good = await lineOf('lakala', async () => {
      code = (await referenceClients.lakala(ctx.lakala).signQry(exampleReqData('LOG2'))).code;
    });
    expect(code).toBe('000000');
    expect(good).toMatchObject({ level: 30, code, status: 200 });
  });

  it('DSP: no signature on the wire (nothing to show); RespCode/UnifiedCode', async () => {
    const c = { PolicyNo: 'LOG-1', PayAct: '6123011880003601000', RecAct: '001053110000001123' };
    let answer: { code: string; raw?: unknown } | undefined;
    const good = await lineOf('dsp', async () => {
      answer = await referenceClients.dsp(ctx.dsp).apply(c);
    });
    expect(answer?.code).toBe('EC100');
    expect(good).toMatchObject({ level: 30, code: '0/EC100', status: 200 });
    expect(good.msg).toMatch(/ → 200 0\/EC100 /);
  });

  it('withhold: ua<key>methodargs; status', async () => {
    const rec = recording();
    const wrong = referenceClients.withhold(ctx.withhold, { aesKey: 'not-the-aes-key!', fetch: rec.fetch });
    const bad = await lineOf('withhold', () => wrong.preTiedCard(PERSON));
    const env = JSON.parse(rec.sent[0]!.body) as { ua: string; method: string; args: string };
    expectRefused(bad, `${env.ua}<key>${env.method}${env.args}`);

    let ok: boolean | undefined;
    const good = await lineOf('withhold', async () => {
      ok = (await referenceClients.withhold(ctx.withhold).preTiedCard(PERSON)).ok;
    });
    expect(ok).toBe(true);
    expect(good).toMatchObject({ level: 30, code: '1', status: 200 });
    for (const secret of [cred('withhold', 'aesKey'), 'not-the-aes-key!']) expect(log.text()).not.toContain(secret);
  });

  it('no line carries a key or a secret', () => {
    const text = log.text();
    for (const secret of [
      cred('lft', 'key'),
      'not-the-lft-key',
      cred('unionpay', 'secureKey'),
      cred('withhold', 'aesKey'),
    ])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/PRIVATE KEY/);
  });
});
