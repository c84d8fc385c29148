/**
 * `npm run bench`: how fast the LFT simulator answers, next to two baselines measured in the same
 * run: A, bare Fastify with JSON parsing; B, Fastify doing only LFT's MD5 wire (parse, verify,
 * sign a response as large as LFT's). The gap A→B is the cost of MD5 and the envelope, B→LFT the
 * cost of the pipeline (schemas, scenarios, store, journal). Servers run in child processes
 * (bench/servers.ts) on 127.0.0.1 only; autocannon runs here. Every run is bounded (warm-up +
 * fixed duration, fixed connections) and the script exits by itself. The measured seconds are
 * interleaved slices (A B P Q, A B P Q…) so that load from elsewhere on a shared machine skews
 * the ratios less; the CPU other processes used meanwhile is reported. It checks what came back
 * (codes, signs, order counts) and reports any error loudly; it asserts nothing about speed and is
 * not part of `npm test`. Set BENCH_PROFILE=1 to write V8 CPU profiles of the LFT servers.
 * `npm run bench` runs it through bench/all.ts; `node bin/run-ts.js bench/lft.bench.ts` alone.
 */
import { join, relative } from 'node:path';
import { createLftClient } from '../clients/lft.ts';
import { BENCH_CREDENTIALS, inqueryData, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import { freshPrepays, lftQuick, rotating, verifyLft } from './lft-loads.ts';
import { finish, load, target, type RunResult } from './load-run.ts';
import { ratio, runLines, table } from './report.ts';
import { startServer, type ServerHandle } from './server-process.ts';
import { ROOT, benchEnv, envLine, isMain, runBench, type SuiteResult } from './suite.ts';
import { ok } from '../test/support/results.ts';

const WARMUP_S = 1;
/** measured time per server: ROUNDS slices of SLICE_S seconds, interleaved across the servers */
const ROUNDS = 5;
const SLICE_S = 1;
const CONNECTIONS = 10;
/** how many existing orders the inquery run rotates over */
const INQUERY_ORDERS = 500;
const PROFILE_DIR = process.env.BENCH_PROFILE ? join(ROOT, 'bench', 'results', 'profiles') : undefined;
const BARE_BODY = '{"code":"0000","msg":"SUCCESS"}';

// ---- the suite ----------------------------------------------------------------------------

export async function runLftBench(): Promise<SuiteResult> {
  const env = benchEnv();
  const settings = {
    warmupSeconds: WARMUP_S, measuredSeconds: ROUNDS * SLICE_S, rounds: ROUNDS, sliceSeconds: SLICE_S,
    connections: CONNECTIONS, pipelining: 1, host: '127.0.0.1',
  };
  console.log('channel-sim bench: the LFT path against bare Fastify, same run');
  console.log(envLine(env));
  console.log(`per server: ${WARMUP_S} s warm-up, then ${ROUNDS * SLICE_S} s measured as ${ROUNDS} interleaved ${SLICE_S} s slices (A B P Q, rotating); ` +
    `${CONNECTIONS} connections, pipelining 1, 127.0.0.1; servers in child processes, load generator here`);

  // all four servers start at once (their start-up is mostly TypeScript loading); idle ones cost nothing
  const [bare, md5, lftPrepay, lftInquery] = await Promise.all((['bare', 'md5', 'lft', 'lft'] as const).map((kind) => startServer(kind, { profileDir: kind === 'lft' ? PROFILE_DIR : undefined })));

  // the same kind of body (a signed prepay envelope) goes to both baselines
  const fixedNos = Array.from({ length: 1000 }, (_, i) => outReqNo('F', i));
  const fixedBodies = fixedNos.map((no) => signedBody(prepayData('LFTP2026011500000001', no)));
  const prepayPath = '/api/protocol/prepay';
  const a = target('bare', 'A bare fastify', bare!, {
    path: prepayPath, next: rotating(fixedBodies, fixedNos),
    quick: (status, body) => status === 200 && body === BARE_BODY,
    full: (body) => (body === BARE_BODY ? undefined : `unexpected body ${body}`),
  });
  const b = target('md5', 'B md5-only', md5!, {
    path: prepayPath, next: rotating(fixedBodies, fixedNos), quick: lftQuick, full: (body) => verifyLft(body),
  });
  await load(a, WARMUP_S, false, CONNECTIONS);
  await load(b, WARMUP_S, false, CONNECTIONS);

  // LFT prepay: one protocol, then a new order per request, presigned so that signing stays out of
  // the generator's measured loop; LFT cannot outrun bare Fastify, so A's rate bounds the pool
  const client = (s: ServerHandle) => createLftClient({ baseUrl: `http://127.0.0.1:${s.port}`, ...BENCH_CREDENTIALS });
  const protocolP = await ok(client(lftPrepay!).create({ channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' }));
  const fastest = Math.max(a.warmup.requests, b.warmup.requests) / WARMUP_S;
  const poolSize = Math.min(600_000, Math.max(40_000, Math.ceil(fastest * (WARMUP_S + ROUNDS * SLICE_S) * 1.5)));
  const fresh = freshPrepays(protocolP.transNo, poolSize);
  const p = target('lftPrepay', 'lft prepay', lftPrepay!, {
    path: prepayPath, next: (ctx) => fresh.next(ctx), quick: lftQuick, full: (body, ctx) => verifyLft(body, ctx.outReqNo),
  });

  // LFT inquery: existing orders, made through the reference client, queried round-robin
  const c = client(lftInquery!);
  const protocolQ = await ok(c.create({ channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' }));
  const inqueryNos = Array.from({ length: INQUERY_ORDERS }, (_, i) => outReqNo('Q', i));
  for (let i = 0; i < inqueryNos.length; i += 50) {
    await Promise.all(inqueryNos.slice(i, i + 50).map((no) => c.prepay(prepayData(protocolQ.transNo, no))));
  }
  const q = target('lftInquery', 'lft inquery', lftInquery!, {
    path: '/api/protocol/inquery', next: rotating(inqueryNos.map((no) => signedBody(inqueryData(no))), inqueryNos),
    quick: lftQuick, full: (body, ctx) => verifyLft(body, ctx.outReqNo),
  });
  await load(p, WARMUP_S, false, CONNECTIONS);
  await load(q, WARMUP_S, false, CONNECTIONS);

  // interleaved slices: load from elsewhere on a shared machine falls on all four alike
  const targets = [a, b, p, q];
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < targets.length; k++) await load(targets[(r + k) % targets.length]!, SLICE_S, true, CONNECTIONS);
  }
  const runs = await Promise.all(targets.map(finish));
  await Promise.all([bare, md5, lftPrepay, lftInquery].map((s) => s!.close()));
  const [ra, rb, rp, rq] = runs as [RunResult, RunResult, RunResult, RunResult];

  // every 0000 answer is one new order; a request cut off at the end of a slice may have been
  // stored without its answer being counted (at most one per connection per slice)
  const orders = rp.server_stats?.orders ?? 0;
  const unanswered = orders - 1 - rp.checked.ok;
  rp.notes.push(`${orders} orders in the store at the end (1 protocol + ${orders - 1} pay-ins; ${rp.checked.ok} answered 0000, ${unanswered} cut off at the end of a slice)`);
  rp.notes.push(`${fresh.used()} bodies used, ${poolSize} presigned, ${fresh.inlineSigned()} signed during the run`);
  if (unanswered < 0 || unanswered > (ROUNDS + 1) * CONNECTIONS) rp.problems.push(`order count mismatch: ${orders} orders for ${rp.checked.ok} successful prepays`);
  const qOrders = rq.server_stats?.orders ?? 0;
  rq.notes.push(`${qOrders} orders in the store (1 protocol + ${INQUERY_ORDERS} pay-ins queried round-robin)`);
  if (qOrders !== INQUERY_ORDERS + 1) rq.problems.push(`order count changed: ${qOrders}, expected ${INQUERY_ORDERS + 1}`);

  console.log('');
  console.log(table(runs, ra, rb));
  console.log('');
  for (const r of [rp, rq]) {
    console.log(`${r.label}: ${ratio(r.requestsPerSec, ra.requestsPerSec)} bare fastify, ${ratio(r.requestsPerSec, rb.requestsPerSec)} md5-only (req/s); ` +
      `latency p50 ${ratio(r.latencyMs.p50, ra.latencyMs.p50)} / ${ratio(r.latencyMs.p50, rb.latencyMs.p50)}, p99 ${ratio(r.latencyMs.p99, ra.latencyMs.p99)} / ${ratio(r.latencyMs.p99, rb.latencyMs.p99)} (vs A / B)`);
  }
  console.log(`md5-only: ${ratio(rb.requestsPerSec, ra.requestsPerSec)} bare fastify (req/s): the cost of the LFT envelope and MD5 alone`);
  const sizes = md5!.info.dataBytes as Record<string, number> | undefined;
  console.log('');
  console.log(`notes: A and B get signed prepay envelopes (1000, round-robin); B answers with a real LFT prepay data string (${sizes?.prepay ?? '?'} bytes; inquery's is ${sizes?.inquery ?? '?'}).`);
  for (const r of runs) for (const line of runLines(r)) console.log(line);

  if (PROFILE_DIR) console.log(`cpu profiles of the lft servers: ${relative(process.cwd(), PROFILE_DIR)}`);
  return { name: 'lft', settings, runs };
}

if (isMain(import.meta.url)) await runBench([runLftBench], 120);
