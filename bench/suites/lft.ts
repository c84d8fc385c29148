/**
 * The LFT benchmark suite: prepay (a new order per request, presigned bodies) and inquery (500
 * existing orders, round-robin), each against B, Fastify doing only LFT's MD5 wire (parse, verify,
 * serialize and sign an answer as large as LFT's), against C, B plus the orders and journal
 * entries the requests make (what keeping state costs), against M, B plus the least state kept plainly
 * (what no simulator keeping state can beat), and against bare Fastify. A declaration for
 * bench/channel-suite.ts; the servers are built in child processes (bench/lft-servers.ts, loaded
 * only there), so this file and the load generator carry no simulator code.
 */
import { createLftClient } from '../../clients/lft.ts';
import type { ChannelBench } from '../channel-suite.ts';
import { orderCount } from '../order-count.ts';
import { BENCH_CREDENTIALS, inqueryData, outReqNo, prepayData, signedBody } from '../lft-fixtures.ts';
import { freshPrepays, lftQuick, rotating, verifyLft } from '../lft-loads.ts';
import { BENCH_TIMING } from '../channel-suite.ts';
import { ok } from '../../test/support/results.ts';
import type { FreshBodies } from '../fresh-bodies.ts';
import type { ServerHandle } from '../server-process.ts';
import type { Load } from '../load-run.ts';
import { BARE_JSON_BODY } from '../bare-server.ts';

const PREPAY = '/api/protocol/prepay';
const INQUERY = '/api/protocol/inquery';
/** how many existing orders the inquery run rotates over */
const INQUERY_ORDERS = 500;
/** the orders inquery asks for: the simulator's are made before its run; its crypto-only server
 *  gets the same envelopes (it looks nothing up) */
const inqueryNos = Array.from({ length: INQUERY_ORDERS }, (_, i) => outReqNo('Q', i));
const inqueryLoad = (): Load => ({
  path: INQUERY,
  next: rotating(
    inqueryNos.map((no) => signedBody(inqueryData(no))),
    inqueryNos,
  ),
  quick: lftQuick,
  full: (body, ctx) => verifyLft(body, ctx.outReqNo),
});

// the same kind of body (a signed prepay envelope) goes to both baselines
const fixedNos = Array.from({ length: 1000 }, (_, i) => outReqNo('F', i));
let fixedBodies: Buffer[] | undefined;
const fixed = () =>
  rotating((fixedBodies ??= fixedNos.map((no) => signedBody(prepayData('LFTP2026011500000001', no)))), fixedNos);

/** B's and C's prepay load: the fixed envelopes, round-robin */
const fixedPrepayLoad = (): Load => ({
  path: PREPAY,
  next: fixed(),
  quick: lftQuick,
  full: (body, ctx) => verifyLft(body, ctx.outReqNo),
});

const client = (s: ServerHandle) => createLftClient({ baseUrl: `http://127.0.0.1:${s.port}`, ...BENCH_CREDENTIALS });
const newProtocol = (s: ServerHandle) =>
  ok(client(s).create({ channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' }));

const { warmupSeconds, rounds, sliceSeconds, connections } = BENCH_TIMING;

/** what the prepay path keeps between making its load and checking its run */
interface LftContext {
  fresh?: FreshBodies;
  poolSize?: number;
}

const suite: ChannelBench<LftContext> = {
  channel: 'lft',
  title: 'the LFT paths against bare Fastify and the MD5-only server, same run',
  servers: {
    simulator: async () => ({ app: (await import('../lft-servers.ts')).buildLftSim() }),
    md5: async () => (await import('../lft-servers.ts')).buildMd5Only(),
    md5Inquery: async () => (await import('../lft-servers.ts')).buildMd5Only(),
    floor: async () => (await import('../lft-servers.ts')).buildStatefulFloor(),
    floorInquery: async () => (await import('../lft-servers.ts')).buildStatefulFloor(),
    minimal: async () => (await import('../lft-servers.ts')).buildMinimalState(),
    minimalInquery: async () => (await import('../lft-servers.ts')).buildMinimalState(),
  },
  prepare: async () => ({ context: {} }),
  bare: () => ({
    path: PREPAY,
    next: fixed(),
    quick: (status, body) => status === 200 && body === BARE_JSON_BODY,
    full: (body) => (body === BARE_JSON_BODY ? undefined : `unexpected body ${body}`),
  }),
  cryptoOnly: {
    md5: {
      label: 'B md5-only',
      describe: (info) => {
        const bytes = info.dataBytes as Record<string, number> | undefined;
        return `(answers with a real LFT prepay data object, ${bytes?.prepay ?? '?'} bytes serialized; gets the same signed prepay envelopes as A, 1000 round-robin)`;
      },
      load: fixedPrepayLoad,
    },
    md5Inquery: {
      label: 'B md5-only inquery',
      describe: (info) => {
        const bytes = info.dataBytes as Record<string, number> | undefined;
        return `(the same server on inquery: the inquery path's own envelopes, answered with a real inquery data object, ${bytes?.inquery ?? '?'} bytes serialized)`;
      },
      load: inqueryLoad,
    },
  },
  floors: {
    floor: {
      label: 'C stateful floor',
      describe: () =>
        '(B md5-only plus a new pay-in order per prepay and a journal entry per request; the same bodies as B)',
      load: fixedPrepayLoad,
    },
    floorInquery: {
      label: 'C stateful floor inquery',
      describe: () =>
        `(the same server on inquery: ${INQUERY_ORDERS} pay-in orders, each made the first time it is asked for, read and put back)`,
      load: inqueryLoad,
    },
  },
  minimal: {
    minimal: {
      label: 'M least state',
      describe: () =>
        '(B md5-only plus a new small record per prepay and its bytes and answer kept; the same bodies as B)',
      load: fixedPrepayLoad,
    },
    minimalInquery: {
      label: 'M least state inquery',
      describe: () =>
        `(the same server on inquery: the ${INQUERY_ORDERS} orders' records, each made the first time it is asked for)`,
      load: inqueryLoad,
    },
  },
  paths: [
    {
      name: 'lftPrepay',
      label: 'lft prepay',
      cryptoOnly: 'md5',
      floor: 'floor',
      minimal: 'minimal',
      async load(c, sim, rates) {
        // one protocol, then a new order per request, presigned so that signing stays out of the
        // generator's measured loop; the simulator cannot outrun bare Fastify, so A's rate bounds the pool
        const protocol = await newProtocol(sim);
        const fastest = Math.max(rates.bare, rates.cryptoOnly);
        const poolSize = Math.min(
          600_000,
          Math.max(40_000, Math.ceil(fastest * (warmupSeconds + rounds * sliceSeconds) * 1.5)),
        );
        const fresh = (c.fresh = freshPrepays(protocol.transNo, poolSize));
        c.poolSize = poolSize;
        return {
          path: PREPAY,
          next: (ctx) => fresh.next(ctx),
          quick: lftQuick,
          full: (body, ctx) => verifyLft(body, ctx.outReqNo),
        };
      },
      check(c, r) {
        const fresh = c.fresh!;
        // every 0000 answer is one new order (bench/order-count.ts: the slack, the store's cap)
        const orders = r.server_stats?.orders ?? 0;
        const count = orderCount(orders, 1, r.checked.ok, (rounds + 1) * connections);
        r.notes.push(`${orders} orders in the store at the end (1 protocol + pay-ins; ${count.note})`);
        r.notes.push(
          `${fresh.used()} bodies used, ${c.poolSize} presigned, ${fresh.inlineSigned()} signed during the run`,
        );
        if (count.problem) r.problems.push(count.problem);
      },
    },
    {
      name: 'lftInquery',
      label: 'lft inquery',
      cryptoOnly: 'md5Inquery',
      floor: 'floorInquery',
      minimal: 'minimalInquery',
      async load(_c, sim) {
        // existing orders, made through the reference client, queried round-robin
        const protocol = await newProtocol(sim);
        const cl = client(sim);
        for (let i = 0; i < inqueryNos.length; i += 50)
          await Promise.all(inqueryNos.slice(i, i + 50).map((no) => cl.prepay(prepayData(protocol.transNo, no))));
        return inqueryLoad();
      },
      check(_c, r) {
        const orders = r.server_stats?.orders ?? 0;
        r.notes.push(`${orders} orders in the store (1 protocol + ${INQUERY_ORDERS} pay-ins queried round-robin)`);
        if (orders !== INQUERY_ORDERS + 1)
          r.problems.push(`order count changed: ${orders}, expected ${INQUERY_ORDERS + 1}`);
      },
    },
  ],
};

export default suite;
