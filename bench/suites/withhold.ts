/**
 * The withhold benchmark suite: single-withhold (a new order and requestId per request, presigned
 * bodies) and single-order-query (500 existing orders, round-robin, a fresh requestId each), each
 * against B, Fastify doing only the gateway's AES+MD5 wire (parse, verify the sign, decrypt and
 * parse args, serialize an answer as large as the simulator's), against C, B plus the orders and
 * journal entries the requests make (what keeping state costs), against M, B plus the least
 * state kept plainly (what no simulator keeping state can beat), and against bare Fastify. A
 * declaration for bench/channel-suite.ts; the servers are built in child processes
 * (bench/withhold-servers.ts, loaded only there), so this file and the load generator carry no
 * simulator code.
 */
import { createAdminClient } from '../../clients/admin.ts';
import { createWithholdClient } from '../../clients/withhold.ts';
import type { ChannelBench } from '../channel-suite.ts';
import { orderCount } from '../order-count.ts';
import { BENCH_TIMING } from '../channel-suite.ts';
import type { FreshBodies } from '../fresh-bodies.ts';
import type { ServerHandle } from '../server-process.ts';
import { BARE_JSON_BODY } from '../bare-server.ts';
import { BENCH_MERCHANT, BENCH_PERSON, bizOrderNo, requestBody, withholdArgs } from '../withhold-fixtures.ts';
import { freshQueries, freshWithholds, verifyWithhold, withholdQuick } from '../withhold-loads.ts';
import type { Context, Load } from '../load-run.ts';

/** how many existing orders the query run rotates over */
const QUERY_ORDERS = 500;
const { warmupSeconds, rounds, sliceSeconds, connections } = BENCH_TIMING;

// the same kind of body (a signed single-withhold) goes to both baselines, round-robin
let fixedBodies: Buffer[] | undefined;
function fixed(): (ctx: Context) => Buffer {
  fixedBodies ??= Array.from({ length: 1000 }, (_, i) =>
    requestBody('single-withhold', withholdArgs('PN2026011500000001', bizOrderNo('F', i)), `fixed-${i}`),
  );
  let i = 0;
  return () => fixedBodies![i++ % fixedBodies!.length]!;
}

// the query path's kind of body for its crypto-only server (which looks nothing up)
let queryBodies: Buffer[] | undefined;
function fixedQueries(): (ctx: Context) => Buffer {
  queryBodies ??= Array.from({ length: 1000 }, (_, i) =>
    requestBody('single-order-query', { biz_order_no: bizOrderNo('Q', i % QUERY_ORDERS) }, `fixed-q-${i}`),
  );
  let i = 0;
  return () => queryBodies![i++ % queryBodies!.length]!;
}

/** B's and C's loads: the fixed bodies of each kind, round-robin */
const fixedWithholdLoad = (): Load => ({
  path: '/',
  next: fixed(),
  quick: withholdQuick,
  full: (body) => verifyWithhold(body),
});
const fixedQueryLoad = (): Load => ({
  path: '/',
  next: fixedQueries(),
  quick: withholdQuick,
  full: (body) => verifyWithhold(body),
});

const client = (s: ServerHandle) => createWithholdClient({ baseUrl: `http://127.0.0.1:${s.port}/`, ...BENCH_MERCHANT });

/** a confirmed protocol, bound as a merchant binds one: the SMS code read from the admin order view */
async function protocolOf(s: ServerHandle): Promise<string> {
  const c = client(s);
  const pre = await c.preTiedCard(BENCH_PERSON);
  if (!pre.ok) throw new Error(`pre-tied-card: ${pre.msg}`);
  const order = await createAdminClient({ baseUrl: `http://127.0.0.1:${s.port}` }).order(pre.data.unique_code);
  const confirmed = await c.confirmTiedCard({
    verification_code: String(order.data.smsCode),
    unique_code: pre.data.unique_code,
    bank_card_number: BENCH_PERSON.bank_card_number,
    pay_type: BENCH_PERSON.pay_type,
  });
  if (!confirmed.ok) throw new Error(`confirm-tied-card: ${confirmed.msg}`);
  return confirmed.data.protocol_no;
}

/** enough presigned bodies for a run at the fastest baseline's rate (the simulator cannot outrun it) */
const poolFor = (fastest: number) =>
  Math.min(600_000, Math.max(40_000, Math.ceil(fastest * (warmupSeconds + rounds * sliceSeconds) * 1.5)));

interface WithholdContext {
  pay?: FreshBodies;
  query?: FreshBodies;
}

const suite: ChannelBench<WithholdContext> = {
  channel: 'withhold',
  title: 'the withhold paths against bare Fastify and the AES+MD5-only server, same run',
  servers: {
    simulator: async () => ({ app: (await import('../withhold-servers.ts')).buildWithholdSim() }),
    aesMd5: async () => (await import('../withhold-servers.ts')).buildAesMd5Only(),
    aesMd5Query: async () => (await import('../withhold-servers.ts')).buildAesMd5Only(),
    floor: async () => (await import('../withhold-servers.ts')).buildStatefulFloor(),
    floorQuery: async () => (await import('../withhold-servers.ts')).buildStatefulFloor(),
    minimal: async () => (await import('../withhold-servers.ts')).buildMinimalState(),
    minimalQuery: async () => (await import('../withhold-servers.ts')).buildMinimalState(),
  },
  prepare: async () => ({ context: {} }),
  bare: () => ({
    path: '/',
    next: fixed(),
    quick: (status, body) => status === 200 && body === BARE_JSON_BODY,
    full: (body) => (body === BARE_JSON_BODY ? undefined : `unexpected body ${body}`),
  }),
  cryptoOnly: {
    aesMd5: {
      label: 'B aes+md5-only',
      describe: (info) => {
        const bytes = info.responseBytes as Record<string, number> | undefined;
        return `(verifies the sign, decrypts and parses args, answers a real single-withhold response, ${bytes?.['single-withhold'] ?? '?'} bytes; the same signed single-withhold bodies as A, 1000 round-robin)`;
      },
      load: fixedWithholdLoad,
    },
    aesMd5Query: {
      label: 'B aes+md5-only query',
      describe: (info) => {
        const bytes = info.responseBytes as Record<string, number> | undefined;
        return `(the same server on single-order-query: the query path's own kind of bodies, 1000 round-robin, answered with a real query response, ${bytes?.['single-order-query'] ?? '?'} bytes)`;
      },
      load: fixedQueryLoad,
    },
  },
  floors: {
    floor: {
      label: 'C stateful floor',
      describe: () =>
        '(B aes+md5-only plus a new order per single-withhold and a journal entry per request; the same bodies as B)',
      load: fixedWithholdLoad,
    },
    floorQuery: {
      label: 'C stateful floor query',
      describe: () =>
        `(the same server on single-order-query: ${QUERY_ORDERS} orders, each made the first time it is asked for, read and put back)`,
      load: fixedQueryLoad,
    },
  },
  minimal: {
    minimal: {
      label: 'M least state',
      describe: () =>
        '(B aes+md5-only plus a new small record per single-withhold and its bytes and answer kept; the same bodies as B)',
      load: fixedWithholdLoad,
    },
    minimalQuery: {
      label: 'M least state query',
      describe: () =>
        `(the same server on single-order-query: the ${QUERY_ORDERS} orders' records, each made the first time it is asked for)`,
      load: fixedQueryLoad,
    },
  },
  paths: [
    {
      name: 'withholdPay',
      label: 'withhold single-withhold',
      cryptoOnly: 'aesMd5',
      floor: 'floor',
      minimal: 'minimal',
      async load(c, sim, rates) {
        const protocol = await protocolOf(sim);
        const pay = (c.pay = freshWithholds('P', protocol, poolFor(Math.max(rates.bare, rates.cryptoOnly))));
        return {
          path: '/',
          next: (ctx) => pay.next(ctx),
          quick: withholdQuick,
          full: (body, ctx) => verifyWithhold(body, ctx.bizOrderNo),
        };
      },
      check(c, r) {
        // every status "1" answer is one new order (bench/order-count.ts: the slack, the store's cap)
        const orders = r.server_stats?.orders ?? 0;
        const count = orderCount(orders, 1, r.checked.ok, (rounds + 1) * connections);
        r.notes.push(`${orders} orders in the store at the end (1 binding + withholds; ${count.note})`);
        r.notes.push(`${c.pay!.used()} bodies used, ${c.pay!.inlineSigned()} signed during the run`);
        if (count.problem) r.problems.push(count.problem);
      },
    },
    {
      name: 'withholdQuery',
      label: 'withhold single-order-query',
      cryptoOnly: 'aesMd5Query',
      floor: 'floorQuery',
      minimal: 'minimalQuery',
      async load(c, sim, rates) {
        // existing orders, made through the reference client, queried round-robin
        const protocol = await protocolOf(sim);
        const nos = Array.from({ length: QUERY_ORDERS }, (_, i) => bizOrderNo('Q', i));
        const cl = client(sim);
        for (let i = 0; i < nos.length; i += 50)
          await Promise.all(nos.slice(i, i + 50).map((no) => cl.singleWithhold(withholdArgs(protocol, no))));
        const query = (c.query = freshQueries('Q', nos, poolFor(Math.max(rates.bare, rates.cryptoOnly))));
        return {
          path: '/',
          next: (ctx) => query.next(ctx),
          quick: withholdQuick,
          full: (body, ctx) => verifyWithhold(body, ctx.bizOrderNo),
        };
      },
      check(c, r) {
        const orders = r.server_stats?.orders ?? 0;
        r.notes.push(`${orders} orders in the store (1 binding + ${QUERY_ORDERS} withholds queried round-robin)`);
        r.notes.push(`${c.query!.used()} bodies used, ${c.query!.inlineSigned()} signed during the run`);
        if (orders !== QUERY_ORDERS + 1)
          r.problems.push(`order count changed: ${orders}, expected ${QUERY_ORDERS + 1}`);
      },
    },
  ],
};

export default suite;
