/**
 * What the load generator sends to the LFT-shaped servers and how it judges their answers:
 * fixed bodies rotating over a pool, fresh prepays (one new outReqNo per request, presigned), and
 * a full check of an answer as a business system would make it. Wire only (shared codec and
 * signer): no simulator code, no timing.
 */
import { LFT_SUCCESS_CODE, lftVerify, parseDataJson, parseEnvelope } from '../simulators/lft/wire/index.ts';
import { BENCH_CREDENTIALS, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import type { Context } from './load-run.ts';
import { freshBodies, type FreshBodies } from './fresh-bodies.ts';

/** cheap check of every answer: HTTP 200 and the envelope code 0000 */
export const lftQuick = (status: number, body: string): boolean => status === 200 && body.includes('"code":"0000"');

/** decodes an LFT answer: envelope, sign, appId, code, data (and its outReqNo when one is expected) */
export function verifyLft(body: string, expectOutReqNo?: unknown): string | undefined {
  const parsed = parseEnvelope(body, '响应报文');
  if (!parsed.ok) return parsed.message;
  const env = parsed.envelope;
  if (!lftVerify(env, BENCH_CREDENTIALS.key)) return `sign does not verify: ${body}`;
  if (env.appId !== BENCH_CREDENTIALS.appId) return `appId ${String(env.appId)}`;
  if (env.code !== LFT_SUCCESS_CODE) return `code ${String(env.code)} ${String(env.msg)}`;
  const data = parseDataJson(env.data);
  if (!data.ok) return data.message;
  const got = (data.value as { outReqNo?: unknown }).outReqNo;
  if (expectOutReqNo !== undefined && got !== expectOutReqNo)
    return `data.outReqNo ${String(got)}, expected ${String(expectOutReqNo)}`;
  return undefined;
}

/** fixed bodies, round-robin; ctx.outReqNo says which order the answer should be about */
export function rotating(bodies: Buffer[], nos: string[]): (ctx: Context) => Buffer {
  let i = 0;
  return (ctx) => {
    const k = i++ % bodies.length;
    ctx.outReqNo = nos[k];
    return bodies[k]!;
  };
}

/** a fresh outReqNo per request: presigned up to poolSize, signed on the spot past it (counted) */
export function freshPrepays(transNo: string, poolSize: number): FreshBodies {
  const at = Date.now();
  const pool: (Buffer | undefined)[] = [];
  for (let n = 0; n < poolSize; n++) pool.push(signedBody(prepayData(transNo, outReqNo('P', n)), at));
  return freshBodies(
    pool,
    (n, ctx) => (ctx.outReqNo = outReqNo('P', n)),
    (n) => signedBody(prepayData(transNo, outReqNo('P', n))),
  );
}
