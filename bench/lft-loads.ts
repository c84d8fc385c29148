/**
 * What the load generator sends to the LFT-shaped servers and how it judges their answers:
 * fixed bodies rotating over a pool, fresh prepays (one new outReqNo per request, presigned), and
 * a full check of an answer as a business system would make it. Wire only (shared codec and
 * signer): no simulator code, no timing.
 */
import { LFT_SUCCESS_CODE, lftVerify, parseDataJson, parseEnvelope } from '../simulators/lft/wire/index.ts';
import { BENCH_CREDENTIALS, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import type { Context } from './load-run.ts';

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
  if (expectOutReqNo !== undefined && got !== expectOutReqNo) return `data.outReqNo ${String(got)}, expected ${String(expectOutReqNo)}`;
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
export function freshPrepays(transNo: string, poolSize: number) {
  const bodies: (Buffer | undefined)[] = [];
  const at = Date.now();
  for (let i = 0; i < poolSize; i++) bodies.push(signedBody(prepayData(transNo, outReqNo('P', i)), at));
  let i = 0;
  let inline = 0;
  return {
    inlineSigned: () => inline,
    used: () => i,
    next(ctx: Context): Buffer {
      const n = i++;
      const no = outReqNo('P', n);
      ctx.outReqNo = no;
      const body = bodies[n];
      if (body) {
        bodies[n] = undefined; // sent once: let it go
        return body;
      }
      inline++;
      return signedBody(prepayData(transNo, no));
    },
  };
}
