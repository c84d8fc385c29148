/**
 * The LFT servers of the benchmark, built inside a bench/servers.ts child process:
 *
 * simulator: the real LFT simulator, system clock, default scenarios, callbacks sent nowhere.
 * md5:       Fastify doing only LFT's unavoidable wire work: parse the envelope (Fastify's JSON
 *            parser), verify the MD5 sign and the data string, then serialize and sign an answer
 *            whose data is a real LFT answer of the same operation (sampled from the simulator at
 *            start, kept as an object and serialized per request, as the simulator must), its
 *            outReqNo the request's.
 * floor:     md5's work plus the state a simulator cannot do without, kept in the core's own
 *            order store and journal (the suite's C rows): the body kept as bytes,
 *            a prepay makes a new pay-in order each time (the data it came with, a pay order number
 *            and a POS code as aliases), an inquery reads its order (made the first time it is
 *            asked for), each order used is put back as the simulator puts it, and each request is
 *            one journal entry with both bodies. No scenario, validation, state machine or view.
 * minimal:   md5's work plus the least state, kept plainly with no core code (the suite's M rows):
 *            a prepay makes a small record (key, state, time, its fields) in one Map, an inquery
 *            finds its order's (made the first time it is asked for), and each request leaves its
 *            bytes and its answer in a ring (bench/stateful-floor.ts, minimalState).
 *
 * Nothing here listens: bench/servers.ts does, on 127.0.0.1 only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { lft } from '../simulators/lft/index.ts';
import {
  LFT_SUCCESS_CODE,
  LFT_SUCCESS_MSG,
  encodeResponse,
  formatTimestamp,
  lftVerify,
  parseData,
  parseEnvelope,
} from '../simulators/lft/wire/index.ts';
import { BENCH_CREDENTIALS, inqueryData, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import { answerLikeTheSim } from './answer-like-the-sim.ts';
import { minimalState, statefulFloor, type FloorBody } from './stateful-floor.ts';

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

export function buildLftSim(): SimServer {
  return buildServer(lft, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft),
    config: { dataDir: join(tmpdir(), 'channel-sim-bench'), credentials: { ...BENCH_CREDENTIALS } },
    clock: createClock({ mode: 'system' }),
    timeScale: 1,
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  }) as SimServer;
}

/** the `data` the real simulator answers prepay and inquery with, so baseline B serializes and signs as much */
async function sampleLftData(): Promise<Record<string, string>> {
  const sim = buildLftSim();
  const call = async (op: string, data: object) => {
    const res = await sim.inject({
      method: 'POST',
      url: `/api/protocol/${op}`,
      headers: JSON_HEADERS,
      payload: signedBody(data),
    });
    const parsed = parseEnvelope(res.body, '响应报文');
    if (!parsed.ok || parsed.envelope.code !== LFT_SUCCESS_CODE) throw new Error(`sampling ${op} failed: ${res.body}`);
    return parsed.envelope.data as string;
  };
  const created = JSON.parse(
    await call('create', { channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' }),
  ) as { transNo: string };
  const no = outReqNo('S', 1);
  const samples = {
    prepay: await call('prepay', prepayData(created.transNo, no)),
    inquery: await call('inquery', inqueryData(no)),
  };
  await sim.close();
  return samples;
}

/** views: a real answer's data object per operation, serialized per request as the simulator must */
type LftViews = Record<string, object>;

async function sampleViews(): Promise<{ views: LftViews; dataBytes: Record<string, number> }> {
  const samples = await sampleLftData();
  return {
    views: Object.fromEntries(Object.entries(samples).map(([op, d]) => [op, JSON.parse(d) as object])),
    dataBytes: Object.fromEntries(Object.entries(samples).map(([op, d]) => [op, Buffer.byteLength(d)])),
  };
}

/**
 * md5's work on one request, shared by md5 and the floor: verify the sign and the data string,
 * then sign an answer about the order asked for, as the simulator's is (its fields when it verifies)
 */
function md5Answer(views: LftViews, op: string, env: Record<string, unknown>, at: number) {
  const { appId, key } = BENCH_CREDENTIALS;
  const parsed = env.appId === appId && lftVerify(env, key) ? parseData(env.data) : undefined;
  const fields = parsed?.ok === true ? parsed.fields : undefined;
  const view = views[op] ?? views.prepay!;
  const body = encodeResponse(
    {
      code: fields ? LFT_SUCCESS_CODE : 'EP99999',
      msg: fields ? LFT_SUCCESS_MSG : 'sign',
      data: fields ? { ...view, outReqNo: fields.outReqNo } : '',
      appId,
      timestamp: formatTimestamp(at),
    },
    key,
  );
  return { fields, body };
}

export async function buildMd5Only(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const { views, dataBytes } = await sampleViews();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/api/protocol/:op', async (req, reply) => {
    const { body } = md5Answer(
      views,
      (req.params as { op: string }).op,
      req.body as Record<string, unknown>,
      Date.now(),
    );
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return { app, info: { dataBytes } };
}

export async function buildStatefulFloor(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const { views } = await sampleViews();
  const { appId } = BENCH_CREDENTIALS;
  const floor = statefulFloor();
  floor.app.post('/api/protocol/:op', async (req, reply) => {
    const { bytes, env } = req.body as FloorBody;
    const op = (req.params as { op: string }).op;
    const at = Date.now();
    const { fields: f, body } = md5Answer(views, op, env, at);
    let order = f ? floor.get(String(f.outReqNo)) : undefined;
    // B's prepay bodies repeat (1000 round-robin): a sequence number keeps every prepay's order new
    if (f && (op === 'prepay' || !order)) {
      const n = floor.next();
      const payOrderNo = `LFTI${String(n).padStart(16, '0')}`;
      const posCode = String(n % 1_000_000).padStart(6, '0');
      const data = { ...f, amountFen: 10000, posCode, payOrderNo };
      const orderKey = op === 'prepay' ? `P${n}` : String(f.outReqNo);
      order = floor.order(orderKey, 'payin', 'UNPAID', appId, at, [payOrderNo, posCode], data);
    }
    floor.keep({ req, bytes, channel: 'lft', operation: op, order, fields: f, headers: JSON_HEADERS, body, at });
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return { app: floor.app, info: {} };
}

export async function buildMinimalState(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const { views } = await sampleViews();
  const state = minimalState();
  let seq = 0;
  state.app.post('/api/protocol/:op', async (req, reply) => {
    const { bytes, env } = req.body as FloorBody;
    const op = (req.params as { op: string }).op;
    const at = Date.now();
    const { fields, body } = md5Answer(views, op, env, at);
    // B's prepay bodies repeat (1000 round-robin): a sequence number keeps every prepay's order new
    if (fields) state.order(op === 'prepay' ? `P${++seq}` : String(fields.outReqNo), 'UNPAID', at, fields);
    state.keep(at, bytes, body);
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return { app: state.app, info: {} };
}
