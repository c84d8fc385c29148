/**
 * What the load generator sends to the UnionPay-shaped servers and how it judges their answers:
 * fixed bodies rotating over a pool (the sign-only baselines do not remember orderIds), a fresh
 * presigned query per request for the simulator (signed on the spot past the pool, counted), a
 * cheap check of every answer (HTTP 200, respCode 00) and a full check of a sample the way the
 * SDKs and the reference client check one: signPubKeyCert chains to the PKI's root via the middle
 * CA, its CN names 中国银联股份有限公司, the signature verifies (verifyUnionPay), the echo and
 * tokenStatus are right. Wire only: no simulator code, no timing.
 */
import { certIdOf, checkUnionPayCn, verifyChain } from '../simulators/unionpay/wire/index.ts';
import { sm2PublicKeyFromPem } from '../simulators/core/crypto/pki-sm2.ts';
import type { TestPki } from '../simulators/unionpay/test-pki.ts';
import {
  parseUnionPayResponse,
  verifyUnionPay,
  type UnionPayVerifyOptions,
} from '../simulators/unionpay/wire/index.ts';
import type { Context } from './load-run.ts';
import { freshBodies, type FreshBodies } from './fresh-bodies.ts';
import { orderIdOf, poolBody, type BenchSignMethod, type MerchantSigning } from './unionpay-fixtures.ts';

export const UP_FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' };

/** cheap check of every answer: HTTP 200 and respCode 00 (keys are sorted: accessType … respCode, respMsg …) */
export const upQuick = (status: number, body: string): boolean => status === 200 && body.includes('&respCode=00&');

/** a full verifier of 00 answers; the chain and the key of each signPubKeyCert are worked out once */
export function unionPayVerifier(
  pki: TestPki,
): (body: string, signMethod: BenchSignMethod, orderId?: unknown) => string | undefined {
  const certs = new Map<string, { problem?: string; opts?: UnionPayVerifyOptions }>();
  const judge = (cert: string, signMethod: BenchSignMethod) => {
    const trust = signMethod === '01' ? pki.rsa : pki.sm2!;
    const chain = verifyChain(cert, trust.middlePem, trust.rootPem, Date.now());
    if (!chain.ok) return { problem: `signPubKeyCert chain: ${chain.reason}` };
    if (!checkUnionPayCn(cert)) return { problem: 'signPubKeyCert CN third part is not 中国银联股份有限公司' };
    return {
      opts:
        signMethod === '01'
          ? { rsaPublicKey: cert }
          : { sm2PublicKey: sm2PublicKeyFromPem(cert), sm2UserId: certIdOf(cert) },
    };
  };
  return (body, signMethod, orderId) => {
    const f = parseUnionPayResponse(body);
    if (f.respCode !== '00') return `respCode ${f.respCode ?? '(none)'} ${f.respMsg ?? ''}`;
    if (f.signMethod !== signMethod) return `signMethod ${f.signMethod ?? '(none)'}, expected ${signMethod}`;
    const cert = f.signPubKeyCert;
    if (!cert) return 'no signPubKeyCert';
    let c = certs.get(cert);
    if (!c) certs.set(cert, (c = judge(cert, signMethod)));
    if (c.problem) return c.problem;
    if (!verifyUnionPay(f, c.opts!)) return `signMethod ${signMethod} signature does not verify with signPubKeyCert`;
    if (f.tokenStatus !== '1') return `tokenStatus ${f.tokenStatus ?? '(none)'}, expected 1`;
    if (orderId !== undefined && f.orderId !== orderId)
      return `orderId ${f.orderId ?? '(none)'}, expected ${String(orderId)}`;
    return undefined;
  };
}

/** fixed bodies, round-robin; ctx.orderId says which request the answer should echo */
export function rotating(bodies: Buffer[], tag: string): (ctx: Context) => Buffer {
  let i = 0;
  return (ctx) => {
    const k = i++ % bodies.length;
    ctx.orderId = orderIdOf(tag, k);
    return bodies[k]!;
  };
}

/** a new orderId per request: the presigned pool first, then signed on the spot (counted) */
export function freshQueries(
  keys: MerchantSigning,
  signMethod: BenchSignMethod,
  tag: string,
  txnTime: string,
  pool: Buffer[],
): FreshBodies {
  return freshBodies(
    pool,
    (n, ctx) => (ctx.orderId = orderIdOf(tag, n)),
    (n) => Buffer.from(poolBody(keys, signMethod, tag, n, txnTime), 'utf8'),
  );
}
