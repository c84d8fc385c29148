/**
 * The benchmark's server process: `node bin/run-ts.js bench/servers.ts <kind>` starts one server on
 * 127.0.0.1, port 0, and tells its parent the port over IPC. It runs in its own process so the
 * server and the load generator (bench/lft.bench.ts, bench/unionpay.bench.ts) do not share one
 * event loop. It must not listen on any other address, and it exits when its parent says so or
 * goes away.
 *
 * bare: Fastify with its JSON body parser, answering a small fixed JSON (baseline A); on the
 *       UnionPay path it keeps the form body as a string and answers a fixed text.
 * md5:  Fastify that only parses the envelope, verifies the MD5 sign and answers a signed envelope
 *       whose data is a real LFT response of the same operation (baseline B: the cost of the wire).
 * lft:  the real LFT simulator, system clock, default scenarios, callbacks sent nowhere.
 * unionpay, rsa-sign, sm2-sign: the UnionPay simulator and its sign-only baselines
 *       (bench/unionpay-servers.ts); they read the PKI directory from BENCH_UNIONPAY_PKI_DIR.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { lft } from '../simulators/lft/index.ts';
import {
  LFT_SUCCESS_CODE, LFT_SUCCESS_MSG, encodeResponse, formatTimestamp, lftVerify, parseData, parseEnvelope,
} from '../simulators/lft/wire/index.ts';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { BENCH_CREDENTIALS, inqueryData, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import { UNIONPAY_BACK_TRANS_PATH, UNIONPAY_RESPONSE_CONTENT_TYPE } from '../simulators/unionpay/wire/index.ts';
import { UP_BARE_BODY } from './unionpay-fixtures.ts';

export type ServerKind = 'bare' | 'md5' | 'lft' | 'unionpay' | 'rsa-sign' | 'sm2-sign';

/** child → parent */
export type ServerMessage =
  | { type: 'ready'; kind: ServerKind; port: number; info: Record<string, unknown> }
  | { type: 'stats'; orders?: number; journal?: number; rssMb: number; heapUsedMb: number; cpuMs: number };

/** parent → child */
export type ParentMessage = { type: 'stats' } | { type: 'close' };

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

function buildLft(): SimServer {
  return buildServer(lft, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft),
    config: { dataDir: join(tmpdir(), 'channel-sim-bench'), credentials: { ...BENCH_CREDENTIALS } },
    clock: createClock({ mode: 'system' }),
    timeScale: 1,
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  }) as SimServer;
}

function buildBare(): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/api/protocol/:op', async () => ({ code: '0000', msg: 'SUCCESS' }));
  // UnionPay's path: the form body is read as a string, never parsed; a fixed text answer
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post(UNIONPAY_BACK_TRANS_PATH, async (_req, reply) => reply.header('content-type', UNIONPAY_RESPONSE_CONTENT_TYPE).send(UP_BARE_BODY));
  return app;
}

/** the `data` the real simulator answers prepay and inquery with, so baseline B signs as many bytes */
async function sampleLftData(): Promise<Record<string, string>> {
  const sim = buildLft();
  const call = async (op: string, data: object) => {
    const res = await sim.inject({ method: 'POST', url: `/api/protocol/${op}`, headers: JSON_HEADERS, payload: signedBody(data) });
    const parsed = parseEnvelope(res.body, '响应报文');
    if (!parsed.ok || parsed.envelope.code !== LFT_SUCCESS_CODE) throw new Error(`sampling ${op} failed: ${res.body}`);
    return parsed.envelope.data as string;
  };
  const created = JSON.parse(await call('create', { channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' })) as { transNo: string };
  const no = outReqNo('S', 1);
  const samples = { prepay: await call('prepay', prepayData(created.transNo, no)), inquery: await call('inquery', inqueryData(no)) };
  await sim.close();
  return samples;
}

async function buildMd5(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const samples = await sampleLftData();
  const { appId, key } = BENCH_CREDENTIALS;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/api/protocol/:op', async (req, reply) => {
    const env = req.body as Record<string, unknown>;
    const ok = env.appId === appId && lftVerify(env, key) && parseData(env.data).ok;
    const data = samples[(req.params as { op: string }).op] ?? samples.prepay!;
    const body = encodeResponse(
      { code: ok ? LFT_SUCCESS_CODE : 'EP99999', msg: ok ? LFT_SUCCESS_MSG : 'sign', data: ok ? data : '', appId, timestamp: formatTimestamp(Date.now()) },
      key,
    );
    return reply.headers(JSON_HEADERS).send(body);
  });
  return { app, info: { dataBytes: Object.fromEntries(Object.entries(samples).map(([op, d]) => [op, Buffer.byteLength(d)])) } };
}

async function main(): Promise<void> {
  // the last argument, whether or not the launcher strips itself from argv
  const kind = process.argv.at(-1) as ServerKind;
  if (!process.send) throw new Error('bench/servers.ts runs as a child of a bench suite (it needs an IPC channel)');
  let app: FastifyInstance;
  let info: Record<string, unknown> = {};
  if (kind === 'bare') app = buildBare();
  else if (kind === 'md5') ({ app, info } = await buildMd5());
  else if (kind === 'lft') app = buildLft();
  // loaded only here, so the LFT servers carry no UnionPay code
  else if (kind === 'unionpay') app = (await import('./unionpay-servers.ts')).buildUnionPaySim();
  else if (kind === 'rsa-sign') ({ app, info } = await (await import('./unionpay-servers.ts')).buildSignOnly('01'));
  else if (kind === 'sm2-sign') ({ app, info } = await (await import('./unionpay-servers.ts')).buildSignOnly('21'));
  else throw new Error(`unknown server kind ${JSON.stringify(kind)} (bare|md5|lft|unionpay|rsa-sign|sm2-sign)`);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  const sim = (app as Partial<SimServer>).sim;
  const send = (m: ServerMessage) => process.send!(m);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'stats') {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      send({
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        type: 'stats', orders: sim?.store.size(), journal: sim?.journal.list({ limit: Number.MAX_SAFE_INTEGER }).length,
        rssMb: Math.round(mem.rss / 2 ** 20), heapUsedMb: Math.round(mem.heapUsed / 2 ** 20),
      });
    }
    if (m.type === 'close') void app.close().then(() => process.exit(0));
  });
  // the parent died or closed the channel: never linger
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
  send({ type: 'ready', kind, port: address.port, info });
}

await main();
