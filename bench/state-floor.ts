/**
 * What keeping state costs, apart from the pipeline: `node bin/run-ts.js bench/state-floor.ts`
 * measures, on LFT's prepay and inquery, B (md5-only, bench/lft-servers.ts), C (the stateful
 * floor: B's work plus one order kept in the core's order store per prepay and one journal entry
 * per request, nothing else) and the simulator, in one run, the same way `npm run bench` does
 * (servers in child processes, a warm-up, 5 interleaved 1 s slices, every answer checked). The
 * simulator's ratio to C is what its pipeline (scenario, validation, state machine, views) costs;
 * C's ratio to B is what keeping state costs. A measurement to read, not a suite of `npm run
 * bench`: nothing here judges the numbers. The same file is the servers' suite for
 * bench/servers.ts (its default export).
 */
import { pathToFileURL } from 'node:url';
import { createLftClient } from '../clients/lft.ts';
import type { ChannelBench } from './channel-suite.ts';
import { BENCH_CREDENTIALS, inqueryData, outReqNo, prepayData, signedBody } from './lft-fixtures.ts';
import { freshPrepays, lftQuick, rotating, verifyLft } from './lft-loads.ts';
import { finish, load, target, type Load } from './load-run.ts';
import { cpuPerRequest, ratio } from './report.ts';
import { startServer } from './server-process.ts';

const suite: Pick<ChannelBench, 'channel' | 'servers'> = {
  channel: 'lft',
  servers: {
    simulator: async () => ({ app: (await import('./lft-servers.ts')).buildLftSim() }),
    md5: async () => (await import('./lft-servers.ts')).buildMd5Only(),
    floor: async () => (await import('./lft-servers.ts')).buildStatefulFloor(),
  },
};
export default suite;

const PATHS = { prepay: '/api/protocol/prepay', inquery: '/api/protocol/inquery' } as const;
const NAMES = ['md5', 'floor', 'simulator'] as const;
const LABELS = { md5: 'B md5-only', floor: 'C stateful floor', simulator: 'simulator' } as const;

async function measure(op: keyof typeof PATHS): Promise<void> {
  const servers = await Promise.all(NAMES.map((n) => startServer({ suite: import.meta.filename, server: n, tag: n })));
  try {
    const sim = servers[2]!;
    const client = createLftClient({ baseUrl: `http://127.0.0.1:${sim.port}`, ...BENCH_CREDENTIALS });
    const created = await client.create({ channelType: 'LFT', transDesc: '基准测试', businessId: 'BENCH' });
    if (!created.ok) throw new Error(`create: ${created.msg}`);
    const check = {
      quick: lftQuick,
      full: (body: string, ctx: Record<string, unknown>) => verifyLft(body, ctx.outReqNo),
    };
    let loads: Load[];
    if (op === 'prepay') {
      // B and C get the bench's fixed prepay envelopes; the simulator a new outReqNo per request
      const nos = Array.from({ length: 1000 }, (_, i) => outReqNo('F', i));
      const bodies = nos.map((no) => signedBody(prepayData(created.data.transNo, no)));
      const fresh = freshPrepays(created.data.transNo, 400_000);
      const fixed = (): Load => ({ path: PATHS.prepay, next: rotating(bodies, nos), ...check });
      loads = [fixed(), fixed(), { path: PATHS.prepay, next: (ctx) => fresh.next(ctx), ...check }];
    } else {
      // 500 orders round-robin: made in the simulator first; C makes each the first time it is asked
      const nos = Array.from({ length: 500 }, (_, i) => outReqNo('Q', i));
      for (let i = 0; i < nos.length; i += 50)
        await Promise.all(nos.slice(i, i + 50).map((no) => client.prepay(prepayData(created.data.transNo, no))));
      const bodies = nos.map((no) => signedBody(inqueryData(no)));
      loads = NAMES.map(() => ({ path: PATHS.inquery, next: rotating(bodies, nos), ...check }));
    }
    const targets = NAMES.map((n, i) => target(n, LABELS[n], servers[i]!, loads[i]!));
    for (const t of targets) await load(t, 2, false, 10);
    for (let r = 0; r < 5; r++)
      for (let k = 0; k < targets.length; k++) await load(targets[(r + k) % targets.length]!, 1, true, 10);
    const [b, c, s] = await Promise.all(targets.map(finish));
    for (const r of [b!, c!, s!]) {
      const problems = r.problems.length ? ` — ${r.problems.join('; ')}` : '';
      console.log(
        `${op.padEnd(8)} ${r.label.padEnd(17)} ${String(r.requestsPerSec).padStart(6)} req/s  ${ratio(r.requestsPerSec, b!.requestsPerSec)} B  ` +
          `${ratio(r.requestsPerSec, c!.requestsPerSec)} C  ${cpuPerRequest(r).toFixed(1)} µs cpu/request${problems}`,
      );
    }
  } finally {
    await Promise.all(servers.map((x) => x.close()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const op of ['prepay', 'inquery'] as const) await measure(op);
}
