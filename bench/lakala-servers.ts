/**
 * The Lakala servers of the benchmark, built inside a bench/servers.ts child process, both with
 * the PKI the parent generated (its directory in BENCH_LAKALA_PKI_DIR):
 *
 * simulator: the real Lakala simulator, system clock, default scenarios, the PKI as credentials.
 * signOnly:  Fastify doing only Lakala's unavoidable wire work: read the body as bytes, parse the
 *            Authorization, verify SHA256withRSA over `appid\nserial\ntimestamp\nnonce\nbody\n`
 *            with the merchant certificate, parse the JSON, then serialize an answer as large as
 *            the simulator's (sampled from it at start, kept as an object) and sign it with the
 *            platform key into the Lklapi-* headers.
 *
 * Nothing here listens: bench/servers.ts does, on 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { lakala } from '../simulators/lakala/index.ts';
import { generateLakalaCredentials } from '../simulators/lakala/runtime.ts';
import { loadLakalaPki } from '../simulators/lakala/test-pki.ts';
import {
  LAKALA_CONTENT_TYPE,
  authorizationParts,
  encodeResponse,
  formatLakalaTime,
  lakalaSign,
  lakalaVerify,
  parseAuthorization,
  responseHeaders,
  unixSeconds,
} from '../simulators/lakala/wire/index.ts';
import { LKL_PATH, LKL_PKI_ENV, signedRequest } from './lakala-fixtures.ts';
import { answerLikeTheSim } from './answer-like-the-sim.ts';

function pkiDir(): string {
  const dir = process.env[LKL_PKI_ENV];
  if (!dir) throw new Error(`${LKL_PKI_ENV} is not set: the Lakala servers run under bench/suites/lakala.ts`);
  return dir;
}

export function buildLakalaSim(): SimServer {
  return buildServer(lakala, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lakala),
    config: {
      dataDir: join(tmpdir(), 'channel-sim-bench'),
      credentials: { ...generateLakalaCredentials(), pkiDir: pkiDir() },
    },
    clock: createClock({ mode: 'system' }),
    timeScale: 1,
    send: async () => ({ status: 200, headers: {}, body: 'SUCCESS' }),
  }) as SimServer;
}

/** the resp_data the real simulator answers the bench query with */
async function sampleRespData(): Promise<object> {
  const sim = buildLakalaSim();
  const pki = loadLakalaPki(pkiDir());
  const req = signedRequest({ serialNo: pki.merchant.serialNo, key: pki.merchant.privateKey });
  const res = await sim.inject({ method: 'POST', url: LKL_PATH, headers: req.headers, payload: req.body });
  const body = JSON.parse(res.body) as { ret_code: string; resp_data?: object };
  await sim.close();
  if (body.ret_code !== '000000' || !body.resp_data) throw new Error(`sampling sign_qry failed: ${res.body}`);
  return body.resp_data;
}

export async function buildSignOnly(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const pki = loadLakalaPki(pkiDir());
  const respData = await sampleRespData();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post(LKL_PATH, async (req, reply) => {
    const raw = req.body as Buffer;
    const auth = parseAuthorization(req.headers.authorization);
    const ok =
      auth.ok &&
      lakalaVerify(authorizationParts(auth.auth), raw, auth.auth.signature, pki.merchant.publicKey) &&
      typeof (JSON.parse(raw.toString('utf8')) as { req_data?: unknown }).req_data === 'object';
    const now = Date.now();
    const body = encodeResponse({
      ret_code: ok ? '000000' : '100004',
      ret_msg: ok ? '处理成功' : '验签失败',
      resp_time: formatLakalaTime(now),
      ...(ok ? { resp_data: respData } : {}),
    });
    const parts = {
      appid: auth.ok ? auth.auth.appid : 'OP00000003',
      serial: pki.platform.serialNo,
      timestamp: unixSeconds(now),
      nonce: randomBytes(6).toString('hex'),
    };
    const signature = lakalaSign(parts, body, pki.platform.privateKey);
    return answerLikeTheSim(
      reply,
      {
        'content-type': LAKALA_CONTENT_TYPE,
        ...responseHeaders({ ...parts, signature, traceid: randomBytes(8).toString('hex') }),
      },
      body,
    );
  });
  return { app, info: { responseBytes: Buffer.byteLength(JSON.stringify(respData)) } };
}
