/**
 * A listening LFT simulator for integration tests, built the way a tester meets it: a manual
 * clock (time moves only through POST /__admin/clock/advance), fixed credentials, a temporary
 * data dir, and a scripted callback sink in place of the merchant. The sink records every
 * notification attempt in `sent` and answers like a correct merchant (verify the signature,
 * answer SUCCESS) unless told to fail its first N requests or to answer some other way; the
 * dispatcher's "unreachable" address (127.0.0.1:9) is refused, as a closed port would be.
 * Tests drive it only through the wire (the reference client) and the admin API; it must not
 * grow test logic of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLftClient, readLftNotification, type LftClient, type LftClientOptions } from '../../clients/lft.ts';
import { loadScenarios } from '../../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../../simulators/core/build-server.ts';
import type { OutboundRequest } from '../../simulators/core/channel.ts';
import { createClock } from '../../simulators/core/clock.ts';
import type { SendResult } from '../../simulators/core/send.ts';
import { lft } from '../../simulators/lft/index.ts';
import type { LftRuntime } from '../../simulators/lft/runtime.ts';

export const LFT_TEST_CREDENTIALS = { appId: 'APP01', key: 'k-harness-0123456789' } as const;

/** one attempt that reached the sink (or was refused on the way) */
export interface SentRequest extends OutboundRequest {
  /** simulator clock time of the attempt */
  at: number;
  /** what the sink answered; absent when the connection was refused */
  response?: SendResult;
  refused: boolean;
}

export interface SinkOptions {
  /** answer HTTP 500 to the first N requests that reach the sink (the merchant is erroring) */
  failFirst?: number;
  /** answer FAIL to a notification whose signature does not verify, as a correct merchant
   *  does (default true); false acknowledges everything */
  verify?: boolean;
  /** full control: answer each reaching request yourself (n counts from 0; replaces the above) */
  answer?: (req: OutboundRequest, n: number) => SendResult | Promise<SendResult>;
}

export interface LftHarnessOptions {
  sink?: SinkOptions;
  /** how long a `timeout` fault holds a connection, in simulator ms (default 1000) */
  faultTimeoutMs?: number;
  /** the scenarios root (default: the repository's scenarios/) */
  scenariosDir?: string;
}

export interface LftHarness {
  app: SimServer<LftRuntime>;
  baseUrl: string;
  credentials: typeof LFT_TEST_CREDENTIALS;
  /** the reference client, signing with the test credentials and the simulator clock */
  client: LftClient;
  /** another client on the same server (e.g. a short timeoutMs) */
  clientWith(opts: Partial<LftClientOptions>): LftClient;
  /** every attempt the sink saw, in order */
  sent: SentRequest[];
  /** POST /__admin/clock/advance: moves the manual clock and runs everything due */
  advance(ms: number): Promise<{ fired: number; pendingTimers: number }>;
  /** the simulator clock's current time (for timestamps a client signs) */
  now(): number;
  /** a JSON call to /__admin; throws on a non-2xx answer */
  admin<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

const ok = (body: string): SendResult => ({ status: 200, headers: { 'content-type': 'text/plain' }, body });

function isUnreachable(url: string): boolean {
  const u = new URL(url);
  return u.hostname === '127.0.0.1' && u.port === '9';
}

export async function createLftHarness(opts: LftHarnessOptions = {}): Promise<LftHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lft-harness-'));
  const clock = createClock({ mode: 'manual' });
  const creds = LFT_TEST_CREDENTIALS;
  const sink = opts.sink ?? {};
  const sent: SentRequest[] = [];
  let reached = 0;

  async function send(req: OutboundRequest): Promise<SendResult> {
    const record: SentRequest = { ...req, at: clock.now(), refused: false };
    sent.push(record);
    if (isUnreachable(req.url)) {
      record.refused = true;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    }
    const n = reached++;
    record.response = sink.answer
      ? await sink.answer(req, n)
      : n < (sink.failFirst ?? 0)
        ? { status: 500, headers: {}, body: 'Internal Server Error' }
        : ok(sink.verify === false || verifies(req.body) ? 'SUCCESS' : 'FAIL');
    return record.response;
  }

  function verifies(body: string): boolean {
    try {
      readLftNotification(body, creds);
      return true;
    } catch {
      return false;
    }
  }

  const app = buildServer<LftRuntime>(lft, {
    scenarios: loadScenarios(opts.scenariosDir ?? join(import.meta.dirname, '..', '..', 'scenarios'), lft),
    config: { dataDir, credentials: { ...creds } },
    clock,
    send,
    faultTimeoutMs: opts.faultTimeoutMs ?? 1000,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  const clientWith = (o: Partial<LftClientOptions>) => createLftClient({ baseUrl, ...creds, now: () => clock.now(), ...o });

  async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/__admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} /__admin${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  return {
    app,
    baseUrl,
    credentials: creds,
    client: clientWith({}),
    clientWith,
    sent,
    advance: (ms) => admin('POST', '/clock/advance', { ms }),
    now: () => clock.now(),
    admin,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
