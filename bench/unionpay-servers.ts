/**
 * The UnionPay servers of the benchmark, built inside a bench/servers.ts child process:
 *
 * simulator: the real UnionPay simulator on the PKI the parent generated (config.credentials.pkiDir),
 *            system clock, default scenarios; contracts come from the magic ACTIVE… prefix.
 * rsaSign:   Fastify that only parses the form, verifies the merchant's RSA (01) signature with
 *            node:crypto and answers a 01 response signed with UnionPay's RSA key, as large as the
 *            simulator's (its fields, signPubKeyCert included, sampled from the simulator at start).
 * sm2Sign:   the same with SM2 (21): sm-crypto-v2 through core/crypto/sm2.ts, public keys precomputed.
 *
 * Baseline A (bare Fastify) is bench/bare-server.ts, the same for every suite.
 * The sign-only servers are the cost of the wire alone; whatever the simulator spends beyond them
 * is its pipeline. Nothing here listens: bench/servers.ts does, on 127.0.0.1 only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { rsaSignSha256 } from '../simulators/core/crypto/rsa.ts';
import { loadPkiFromDir, type TestPki } from '../simulators/unionpay/test-pki.ts';
import { unionpay } from '../simulators/unionpay/index.ts';
import type { UnionPayRuntime } from '../simulators/unionpay/runtime.ts';
import {
  UNIONPAY_BACK_TRANS_PATH,
  UNIONPAY_REQUEST_CONTENT_TYPE,
  UNIONPAY_RESPONSE_CONTENT_TYPE,
  encodeUnionPayResponse,
  formatTxnTime,
  parseFormBody,
  parseUnionPayResponse,
  unionPayDigestHex,
  verifyUnionPay,
  type UnionPayVerifyOptions,
} from '../simulators/unionpay/wire/index.ts';
import {
  UP_BENCH_MERCHANT,
  UP_PKI_ENV,
  contractIdOf,
  merchantSigning,
  orderIdOf,
  signedQuery,
  type BenchSignMethod,
} from './unionpay-fixtures.ts';
import { answerLikeTheSim } from './answer-like-the-sim.ts';

/** what every answer echoes from the request, as the simulator does */
const ECHOED = ['merId', 'orderId', 'txnTime', 'txnType', 'txnSubType', 'bizType', 'accessType', 'acqInsCode'] as const;

function pkiDirFromEnv(): string {
  const dir = process.env[UP_PKI_ENV];
  if (!dir) throw new Error(`the UnionPay bench servers need ${UP_PKI_ENV} (the PKI directory the bench generated)`);
  return dir;
}

export function buildUnionPaySim(pkiDir = pkiDirFromEnv()): SimServer<UnionPayRuntime> {
  return buildServer<UnionPayRuntime>(unionpay, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), unionpay),
    config: { dataDir: join(tmpdir(), 'channel-sim-bench'), credentials: { pkiDir, ...UP_BENCH_MERCHANT } },
    clock: createClock({ mode: 'system' }),
    timeScale: 1,
    send: async () => ({ status: 200, headers: {}, body: '' }),
  });
}

/** one real 00 answer of the simulator in this family: the fields (and so the size) to sign */
async function sampleResponse(pki: TestPki, signMethod: BenchSignMethod): Promise<Record<string, string>> {
  const sim = buildUnionPaySim(pki.dir);
  const res = await sim.inject({
    method: 'POST',
    url: UNIONPAY_BACK_TRANS_PATH,
    headers: { 'content-type': UNIONPAY_REQUEST_CONTENT_TYPE },
    payload: signedQuery(
      merchantSigning(pki),
      signMethod,
      orderIdOf('SAMPLE', 1),
      formatTxnTime(Date.now()),
      contractIdOf(0),
    ),
  });
  await sim.close();
  const fields = parseUnionPayResponse(res.body);
  if (fields.respCode !== '00' || fields.signMethod !== signMethod)
    throw new Error(`sampling a ${signMethod} answer failed: ${res.body}`);
  return fields;
}

export async function buildSignOnly(
  signMethod: BenchSignMethod,
  pkiDir = pkiDirFromEnv(),
): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const pki = loadPkiFromDir(pkiDir);
  const sample = await sampleResponse(pki, signMethod);
  const { signature: _s, ...template } = sample;
  const sm2 = pki.sm2!;
  // the merchant's public key, as the simulator holds it (the SM2 verifier precomputed once, here)
  const verifyWith: UnionPayVerifyOptions =
    signMethod === '01'
      ? { rsaPublicKey: pki.rsa.merchant.publicKey }
      : { sm2PublicKey: sm2.merchant.verifier, sm2UserId: sm2.merchant.certId };
  const merchantCertId = signMethod === '01' ? pki.rsa.merchant.certId : sm2.merchant.certId;
  const upRsaKey = pki.rsa.unionpay.privateKey;
  const upSm2 = sm2.unionpay;
  const sign = (out: Record<string, string>): string =>
    signMethod === '01'
      ? rsaSignSha256(unionPayDigestHex(out, '01'), upRsaKey)
      : upSm2.signer.sign(unionPayDigestHex(out, '21'), upSm2.certId); // user ID = the certId of signPubKeyCert, as the SDKs verify

  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post(UNIONPAY_BACK_TRANS_PATH, async (req, reply) => {
    const parsed = parseFormBody(req.body as string);
    const f = parsed.ok ? parsed.fields : {};
    const ok = parsed.ok && f.signMethod === signMethod && f.certId === merchantCertId && verifyUnionPay(f, verifyWith);
    const out: Record<string, string> = { ...template };
    for (const k of ECHOED) if (f[k] !== undefined && f[k] !== '') out[k] = f[k];
    if (!ok) {
      Object.assign(out, { respCode: '11', respMsg: '验证签名失败' });
      delete out.tokenStatus;
      delete out.tokenEndExpr;
    }
    out.signature = sign(out);
    return answerLikeTheSim(reply, { 'content-type': UNIONPAY_RESPONSE_CONTENT_TYPE }, encodeUnionPayResponse(out));
  });
  return { app, info: { responseBytes: Buffer.byteLength(encodeUnionPayResponse(sample)), signMethod } };
}
