/**
 * What the load generator sends to the withhold-shaped servers and how it judges their answers:
 * presigned bodies that are each sent once (a fresh requestId every request, and for withholds a
 * fresh biz_order_no: a repeated requestId would measure the identical-retry path instead), and a
 * full check of an answer as a merchant would make it. Wire only: no simulator code, no timing.
 */
import { parseAnswer } from '../simulators/withhold/wire/index.ts';
import { bizOrderNo, requestBody, withholdArgs } from './withhold-fixtures.ts';
import { freshBodies, type FreshBodies } from './fresh-bodies.ts';
import type { Context } from './load-run.ts';

/** cheap check of every answer: HTTP 200 and status "1" */
export const withholdQuick = (status: number, body: string): boolean =>
  status === 200 && body.startsWith('{"status":"1"');

/** decodes an answer: the envelope, status "1", and the order it is about when one is expected */
export function verifyWithhold(body: string, expectBizOrderNo?: unknown): string | undefined {
  const parsed = parseAnswer(body);
  if (!parsed.ok) return parsed.message;
  if (parsed.answer.status !== '1') return `status ${parsed.answer.status} ${parsed.answer.message}`;
  const got = parsed.answer.response.biz_order_no;
  if (expectBizOrderNo !== undefined && got !== expectBizOrderNo)
    return `response.biz_order_no ${String(got)}, expected ${String(expectBizOrderNo)}`;
  return undefined;
}

/** a new withhold per request (biz_order_no and requestId), presigned up to poolSize */
export function freshWithholds(tag: string, protocolNo: string, poolSize: number): FreshBodies {
  const at = Date.now();
  const body = (n: number, now?: number) =>
    requestBody('single-withhold', withholdArgs(protocolNo, bizOrderNo(tag, n)), `${tag}-w-${n}`, now);
  return freshBodies(
    Array.from({ length: poolSize }, (_, n) => body(n, at)),
    (n, ctx: Context) => (ctx.bizOrderNo = bizOrderNo(tag, n)),
    (n) => body(n),
  );
}

/** queries of existing orders, round-robin, each with a fresh requestId, presigned up to poolSize */
export function freshQueries(tag: string, orders: string[], poolSize: number): FreshBodies {
  const at = Date.now();
  const body = (n: number, now?: number) =>
    requestBody('single-order-query', { biz_order_no: orders[n % orders.length] }, `${tag}-q-${n}`, now);
  return freshBodies(
    Array.from({ length: poolSize }, (_, n) => body(n, at)),
    (n, ctx: Context) => (ctx.bizOrderNo = orders[n % orders.length]),
    (n) => body(n),
  );
}
