/**
 * The one shape of a benchmark suite, and the one runner that measures any suite of that shape.
 * A channel fills in a ChannelBench in one file (bench/suites/<channel>.ts): its servers (the
 * simulator and the crypto-only servers, built in child processes), the load bare Fastify gets,
 * and its paths — each a request generator measured against one crypto-only server, and where
 * the suite has one, a stateful floor. The runner starts every server at once, warms them up,
 * measures interleaved 1 s slices (so load from elsewhere on a shared machine falls on all
 * alike), and prints the ratio table: each path against bare Fastify and against its
 * crypto-only server, in req/s and in server CPU per request, and against its floor in req/s.
 * It measures and reports; it never fails a run for being slow.
 */
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { finish, load, target, type Load, type RunResult, type Target } from './load-run.ts';
import { cpuPerRequest, ratio, runLines, table } from './report.ts';
import { startServer, type ServerHandle } from './server-process.ts';
import { ROOT, benchEnv, envLine, onAbort, type SuiteResult } from './suite.ts';

/** a server a suite runs in a child process: built there, by name (bench/servers.ts) */
export type ServerBuilder = () => Promise<{ app: FastifyInstance; info?: Record<string, unknown> }>;

export interface Rates {
  /** answers per second of bare Fastify and of the path's crypto-only server, warm */
  bare: number;
  cryptoOnly: number;
}

export interface BenchPath<C> {
  /** key in the results file (`lftPrepay`) and the row label (`lft prepay`) */
  name: string;
  label: string;
  /** the crypto-only server (a key of `cryptoOnly`) this path is held against */
  cryptoOnly: string;
  /** the stateful floor (a key of `floors`) it is also shown against, when the suite has one */
  floor?: string;
  /** the least-state server (a key of `minimal`) it is also shown against, when the suite has one */
  minimal?: string;
  /** the request generator, made once its simulator is up (orders to query, pools sized by the rates) */
  load(c: C, sim: ServerHandle, rates: Rates): Promise<Load>;
  /** after the run: notes and problems from what the server holds (order counts…) */
  check?(c: C, run: RunResult): void;
}

/** a server a path is measured against: a crypto-only server (B), a stateful floor (C), a least-state server (M) */
export interface ReferenceServer<C> {
  label: string;
  /** what it does, for the notes (its answer's size, its keys) */
  describe?(info: Record<string, unknown>): string;
  load(c: C): Load;
  /** one request as a merchant's SDK would make it, once before the run: a problem, or undefined */
  probe?(c: C, server: ServerHandle): Promise<string | undefined>;
}

export interface ChannelBench<C = unknown> {
  channel: string;
  /** first line of the suite's output */
  title: string;
  /** child-process builders by name; `simulator` is the real simulator, started as users start it */
  servers: Record<string, ServerBuilder> & { simulator: ServerBuilder };
  /** once, before any server starts: shared material (a PKI…), what the children need in their env */
  prepare?(): Promise<{ context: C; env?: Record<string, string>; cleanup?: () => void }>;
  /** how bare Fastify is loaded on this channel's path (the same bodies, a fixed answer) */
  bare(c: C): Load;
  cryptoOnly: Record<string, ReferenceServer<C>>;
  /**
   * C, the stateful floor: B's wire work plus the state no simulator can do without, kept in the
   * core's own order store and journal (an order per record the request creates, a journal entry
   * per request with both bodies), and nothing else — no scenario, validation or state machine.
   * B's ratio to it is what keeping state costs; the path's ratio to it is what the pipeline costs.
   */
  floors?: Record<string, ReferenceServer<C>>;
  /**
   * M, the least state: B's work plus one small record per order in one Map and each request's
   * bytes in a ring, with no core code — what no simulator keeping state can beat. B's ratio to
   * it is what the least state costs; the path's ratio to it is what the simulator adds to that.
   */
  minimal?: Record<string, ReferenceServer<C>>;
  paths: BenchPath<C>[];
  /** once every load is made, before the warm-up of the paths (stop helper processes…) */
  beforeMeasuring?(c: C): void;
  /** after the run: lines for the notes and anything else for the results file */
  report?(c: C, runs: Map<string, RunResult>): Promise<{ notes?: string[]; extra?: Record<string, unknown> }>;
}

/**
 * The references a path may be shown against besides its B, as data: where a suite declares
 * them, where a path names its own, and how the report speaks of them. Each is held against the
 * B of the path that names it.
 */
const STATEFUL_REFERENCES = [
  {
    servers: 'floors',
    path: 'floor',
    what: 'stateful floor',
    cost: 'the cost of keeping state',
    note: "C = the stateful floor of the row (B's work, plus the orders and journal entries the requests make, kept in the core's order store and journal; nothing else)",
  },
  {
    servers: 'minimal',
    path: 'minimal',
    what: 'least-state server',
    cost: 'the cost of the least state, kept plainly',
    note: "M = the least state (B's work, plus one small record per order in one Map and each request's bytes and answer in a ring, as many as the core keeps; no core code)",
  },
] as const;

export const BENCH_TIMING = { warmupSeconds: 1, rounds: 5, sliceSeconds: 1, connections: 10 } as const;
const PROFILE = process.env.BENCH_PROFILE;
const PROFILE_DIR = PROFILE ? join(ROOT, 'bench', 'results', 'profiles') : undefined;

/** which servers BENCH_PROFILE profiles: `1` the simulators, `all` every server */
function profileDirFor(server: string): string | undefined {
  if (!PROFILE_DIR || (PROFILE !== 'all' && server !== 'simulator')) return undefined;
  return PROFILE_DIR;
}

/** one suite: servers up, warm, measured in interleaved slices, the table printed */
export async function runChannelBench<C>(def: ChannelBench<C>, file: string): Promise<SuiteResult> {
  const { warmupSeconds, rounds, sliceSeconds, connections } = BENCH_TIMING;
  const env = benchEnv();
  console.log(`channel-sim bench: ${def.title}`);
  console.log(envLine(env));
  console.log(
    `per server: ${warmupSeconds} s warm-up, then ${rounds * sliceSeconds} s measured as ${rounds} interleaved ${sliceSeconds} s slices (rotating); ` +
      `${connections} connections, pipelining 1, 127.0.0.1; servers in child processes, load generator here`,
  );

  const prepared = def.prepare ? await def.prepare() : undefined;
  if (prepared?.cleanup) onAbort(prepared.cleanup);
  try {
    const c = prepared?.context as C;
    const start = (server: string, tag: string) =>
      startServer({ suite: file, server, tag }, { env: prepared?.env, profileDir: profileDirFor(server) });
    // every server starts at once (their start-up is mostly TypeScript loading); idle ones cost nothing
    // the reference servers, B (crypto-only), C (stateful floors) and M (least state), warmed and measured alike
    const declared = [def.cryptoOnly, ...STATEFUL_REFERENCES.map((k) => def[k.servers] ?? {})];
    const clash = declared.flatMap((d) => Object.keys(d)).find((n, i, all) => all.indexOf(n) !== i);
    if (clash) throw new Error(`${def.channel} bench: "${clash}" names two reference servers`);
    const references: Record<string, ReferenceServer<C>> = Object.assign({}, ...declared);
    const referenceNames = Object.keys(references);
    const [bare, ...rest] = await Promise.all([
      start('bare', 'bare'),
      ...referenceNames.map((n) => start(n, n)),
      ...def.paths.map((p) => start('simulator', p.name)),
    ]);
    const referenceServers = new Map(referenceNames.map((n, i) => [n, rest[i]!]));
    const simServers = def.paths.map((_, i) => rest[referenceNames.length + i]!);

    const a = target('bare', 'A bare fastify', bare!, def.bare(c));
    await load(a, warmupSeconds, false, connections);
    const bareRate = a.warmup.requests / warmupSeconds;
    const warmed = new Map<string, { t: Target; rate: number; probe?: string }>();
    for (const [n, spec] of Object.entries(references)) {
      const probe = await spec.probe?.(c, referenceServers.get(n)!);
      const t = target(n, spec.label, referenceServers.get(n)!, spec.load(c));
      await load(t, warmupSeconds, false, connections);
      // its rate is taken from one more second (the first is still JIT warm-up: SM2 runs at half
      // speed), and sizes the simulator's pools of once-only bodies
      const before = t.warmup.requests;
      await load(t, 1, false, connections);
      warmed.set(n, { t, rate: t.warmup.requests - before, probe });
    }
    const paths: Target[] = [];
    for (const [i, p] of def.paths.entries()) {
      const b = warmed.get(p.cryptoOnly);
      if (!b || !def.cryptoOnly[p.cryptoOnly])
        throw new Error(`${def.channel} bench: path ${p.name} names no crypto-only server "${p.cryptoOnly}"`);
      for (const k of STATEFUL_REFERENCES) {
        const n = p[k.path];
        if (n !== undefined && !def[k.servers]?.[n])
          throw new Error(`${def.channel} bench: path ${p.name} names no ${k.what} "${n}"`);
      }
      paths.push(
        target(
          p.name,
          p.label,
          simServers[i]!,
          await p.load(c, simServers[i]!, { bare: bareRate, cryptoOnly: b.rate }),
        ),
      );
    }
    def.beforeMeasuring?.(c);
    for (const t of paths) await load(t, warmupSeconds, false, connections);

    // interleaved slices: load from elsewhere on a shared machine falls on every server alike
    const targets = [a, ...[...warmed.values()].map((x) => x.t), ...paths];
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < targets.length; k++)
        await load(targets[(r + k) % targets.length]!, sliceSeconds, true, connections);
    }
    const runs = await Promise.all(targets.map(finish));
    await Promise.all([bare!, ...rest].map((s) => s.close()));
    const byName = new Map(runs.map((r) => [r.name, r]));
    for (const [n, { probe }] of warmed) if (probe) byName.get(n)!.problems.push(probe);
    def.paths.forEach((p) => p.check?.(c, byName.get(p.name)!));
    const extra = def.report ? await def.report(c, byName) : {};

    const ra = byName.get('bare')!;
    const bOf = (r: RunResult) => {
      // a path and the C and M it names are held against the path's B; a B against itself
      const path = def.paths.find((p) => p.name === r.name || STATEFUL_REFERENCES.some((k) => p[k.path] === r.name));
      return byName.get(path ? path.cryptoOnly : r.name === 'bare' ? '' : r.name);
    };
    console.log('');
    console.log(table(runs, ra, bOf));
    console.log('');
    const summary = def.paths.map((p) => {
      const r = byName.get(p.name)!;
      const b = byName.get(p.cryptoOnly)!;
      const also = STATEFUL_REFERENCES.flatMap((k) => {
        const n = p[k.path];
        const s = n === undefined ? undefined : byName.get(n);
        return s
          ? [{ run: s, summary: { server: n!, what: k.what, vs: round2(r.requestsPerSec / s.requestsPerSec) } }]
          : [];
      });
      console.log(
        `${r.label}: ${ratio(r.requestsPerSec, ra.requestsPerSec)} bare fastify, ${ratio(r.requestsPerSec, b.requestsPerSec)} ${b.label}` +
          also.map((a) => `, ${ratio(r.requestsPerSec, a.run.requestsPerSec)} ${a.run.label}`).join('') +
          ' (req/s); ' +
          `server cpu per request ${ratio(cpuPerRequest(r), cpuPerRequest(b))} of ${b.label}'s; latency p50 ${ratio(r.latencyMs.p50, b.latencyMs.p50)}, p99 ${ratio(r.latencyMs.p99, b.latencyMs.p99)} of ${b.label}'s`,
      );
      return {
        path: p.name,
        label: r.label,
        cryptoOnly: p.cryptoOnly,
        requestsPerSec: r.requestsPerSec,
        vsBare: round2(r.requestsPerSec / ra.requestsPerSec),
        vsCryptoOnly: round2(r.requestsPerSec / b.requestsPerSec),
        serverCpuPerRequestVsCryptoOnly: round2(cpuPerRequest(r) / cpuPerRequest(b)),
        ...(also.length ? { also: also.map((a) => a.summary) } : {}),
      };
    });
    for (const [n, { t }] of warmed) {
      const r = byName.get(n)!;
      const kind = STATEFUL_REFERENCES.find((k) => def[k.servers]?.[n]);
      const b = kind ? bOf(r) : undefined;
      console.log(
        kind && b
          ? `${t.label}: ${ratio(r.requestsPerSec, b.requestsPerSec)} ${b.label} (req/s): ${kind.cost}`
          : `${t.label}: ${ratio(r.requestsPerSec, ra.requestsPerSec)} bare fastify (req/s): the cost of the wire and its cryptography alone`,
      );
    }
    console.log('');
    const described = (servers: Record<string, ReferenceServer<C>>) =>
      Object.entries(servers)
        .map(([n, s]) => `${s.label}${s.describe ? ` ${s.describe(referenceServers.get(n)!.info)}` : ''}`)
        .join('; ');
    const notes = [
      `B = the crypto-only server of the row (parse, verify, sign, serialize; nothing else): ${described(def.cryptoOnly)}`,
      ...STATEFUL_REFERENCES.flatMap((k) => {
        const servers = def[k.servers];
        return servers ? [`${k.note}: ${described(servers)}`] : [];
      }),
      ...(extra.notes ?? []),
    ];
    console.log(`notes: ${notes.join('\n  ')}`);
    for (const r of runs) for (const line of runLines(r)) console.log(line);
    if (PROFILE_DIR)
      console.log(
        `cpu profiles (${PROFILE === 'all' ? 'every server' : 'the simulators'}): ${relative(process.cwd(), PROFILE_DIR)}/<server>/ · read them with: node bin/run-ts.js bench/profile-summary.ts <file>`,
      );
    return {
      name: def.channel,
      settings: { ...BENCH_TIMING, measuredSeconds: rounds * sliceSeconds, pipelining: 1, host: '127.0.0.1' },
      summary,
      runs,
      extra: extra.extra,
    };
  } finally {
    prepared?.cleanup?.();
  }
}

const round2 = (n: number) => Number(n.toFixed(2));
