/**
 * The withhold servers of the benchmark, built inside a bench/servers.ts child process:
 *
 * simulator: the real withhold simulator, system clock, default scenarios, callbacks sent nowhere.
 * aesMd5:    Fastify doing only the gateway's unavoidable wire work: parse the request (Fastify's
 *            JSON parser), find the ua, verify the MD5 sign, decrypt `args` (AES-128-ECB) and parse
 *            them, then serialize an answer whose `response` is a real answer of the same method
 *            (sampled from the simulator at start, kept as an object, serialized per request).
 * floor:     aesMd5's work plus the state a simulator cannot do without, in the core's own order
 *            store and journal: the body kept as bytes, a single-withhold makes a new order each
 *            time (the args it came with, a pay order number as alias), a query reads its order
 *            (made the first time it is asked for), each order used is put back as the simulator
 *            puts it, and each request is one journal entry with both bodies. No scenario,
 *            validation, state machine, request memory, timed event or callback.
 * minimal:   aesMd5's work plus the least state, kept plainly with no core code (the suite's M
 *            rows): a single-withhold makes a small record (key, state, time, its args) in one Map,
 *            a query finds its order's (made the first time it is asked for), and each request
 *            leaves its bytes and its answer in a ring (bench/stateful-floor.ts, minimalState).
 *
 * Nothing here listens: bench/servers.ts does, on 127.0.0.1 only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { withhold } from '../simulators/withhold/index.ts';
import { checkWithholdSign, decryptArgs, encodeAnswer, parseAnswer } from '../simulators/withhold/wire/index.ts';
import { BENCH_MERCHANT, BENCH_PERSON, bizOrderNo, requestBody, withholdArgs } from './withhold-fixtures.ts';
import { answerLikeTheSim } from './answer-like-the-sim.ts';
import { minimalState, statefulFloor, type FloorBody } from './stateful-floor.ts';

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

export function buildWithholdSim(): SimServer {
  return buildServer(withhold, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), withhold),
    config: { dataDir: join(tmpdir(), 'channel-sim-bench'), credentials: { ...BENCH_MERCHANT } },
    clock: createClock({ mode: 'system' }),
    timeScale: 1,
    send: async () => ({ status: 200, headers: {}, body: 'success' }),
  }) as SimServer;
}

/** the responses the real simulator answers single-withhold and single-order-query with */
async function sampleResponses(): Promise<Record<string, object>> {
  const sim = buildWithholdSim();
  let n = 0;
  const call = async (method: string, args: object) => {
    const res = await sim.inject({
      method: 'POST',
      url: '/',
      headers: JSON_HEADERS,
      payload: requestBody(method, args, `S${++n}`),
    });
    const parsed = parseAnswer(res.body);
    if (!parsed.ok || parsed.answer.status !== '1') throw new Error(`sampling ${method} failed: ${res.body}`);
    return parsed.answer.response;
  };
  const { unique_code } = (await call('pre-tied-card', BENCH_PERSON)) as { unique_code: string };
  const binding = await sim.inject({ method: 'GET', url: `/__admin/orders/${unique_code}` });
  const code = (binding.json() as { data: { smsCode: string } }).data.smsCode;
  const { protocol_no } = (await call('confirm-tied-card', {
    verification_code: code,
    unique_code,
    bank_card_number: BENCH_PERSON.bank_card_number,
    pay_type: BENCH_PERSON.pay_type,
  })) as { protocol_no: string };
  const no = bizOrderNo('S', 1);
  const samples = {
    'single-withhold': await call('single-withhold', withholdArgs(protocol_no, no)),
    'single-order-query': await call('single-order-query', { biz_order_no: no }),
  };
  await sim.close();
  return samples;
}

/** aesMd5's work on one request, shared by aesMd5 and the floor: verify, decrypt, answer (and the args) */
function aesMd5Answer(samples: Record<string, object>, env: Record<string, unknown>) {
  const { ua, aesKey } = BENCH_MERCHANT;
  const args =
    env.ua === ua && checkWithholdSign(env, aesKey) !== 'bad' ? decryptArgs(String(env.args), aesKey) : undefined;
  const fields = args?.ok ? args.fields : undefined;
  const response = samples[String(env.method)] ?? samples['single-withhold']!;
  const body = fields
    ? encodeAnswer({ status: '1', message: '成功', response: response as Record<string, unknown> })
    : encodeAnswer({ status: '-1', message: '签名错误', response: {} });
  return { fields, body };
}

export async function buildAesMd5Only(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const samples = await sampleResponses();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/*', async (req, reply) => {
    const { body } = aesMd5Answer(samples, req.body as Record<string, unknown>);
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return {
    app,
    info: { responseBytes: Object.fromEntries(Object.entries(samples).map(([m, r]) => [m, JSON.stringify(r).length])) },
  };
}

export async function buildStatefulFloor(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const samples = await sampleResponses();
  const floor = statefulFloor();
  floor.app.post('/*', async (req, reply) => {
    const { bytes, env } = req.body as FloorBody;
    const { fields: f, body } = aesMd5Answer(samples, env);
    const method = String(env.method);
    const at = Date.now();
    let order = f ? floor.get(String(f.biz_order_no)) : undefined;
    // B's withhold bodies repeat (1000 round-robin): a sequence number keeps every withhold's order new
    if (f && (method === 'single-withhold' || !order)) {
      const n = floor.next();
      const payOrderNo = `WP${String(n).padStart(16, '0')}`;
      const key = method === 'single-withhold' ? `W${n}` : String(f.biz_order_no);
      const data = { ...f, pay_order_no: payOrderNo };
      order = floor.order(key, 'withhold', 'pending', BENCH_MERCHANT.ua, at, [payOrderNo], data);
    }
    floor.keep({
      req,
      bytes,
      channel: 'withhold',
      operation: method,
      order,
      fields: f,
      headers: JSON_HEADERS,
      body,
      at,
    });
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return { app: floor.app, info: {} };
}

export async function buildMinimalState(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const samples = await sampleResponses();
  const state = minimalState();
  let seq = 0;
  state.app.post('/*', async (req, reply) => {
    const { bytes, env } = req.body as FloorBody;
    const { fields, body } = aesMd5Answer(samples, env);
    const at = Date.now();
    // B's withhold bodies repeat (1000 round-robin): a sequence number keeps every withhold's order new
    const key = env.method === 'single-withhold' ? `W${++seq}` : String(fields?.biz_order_no);
    if (fields) state.order(key, 'pending', at, fields);
    state.keep(at, bytes, body);
    return answerLikeTheSim(reply, JSON_HEADERS, body);
  });
  return { app: state.app, info: {} };
}
