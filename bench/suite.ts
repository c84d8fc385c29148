/**
 * What every benchmark run shares around its suites (bench/suites/<channel>.ts, measured by
 * bench/channel-suite.ts): the machine description, running the suites in a row under one hard
 * time limit, writing bench/results/latest.json, the closing table of every path's ratios, and
 * the loud report of any error a suite saw. It judges nothing about speed and never fails a run
 * for being slow.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { round, type RunResult } from './load-run.ts';
import { killServers } from './server-process.ts';

export const ROOT = join(import.meta.dirname, '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');

/** one path's ratios, as the closing table and the results file show them */
export interface PathSummary {
  path: string;
  label: string;
  cryptoOnly: string;
  requestsPerSec: number;
  vsBare: number;
  vsCryptoOnly: number;
  serverCpuPerRequestVsCryptoOnly: number;
  /** the stateful references the path is also shown against (its C and M), when its suite has them */
  also?: { server: string; what: string; vs: number }[];
}

export interface SuiteResult {
  name: string;
  settings: Record<string, unknown>;
  summary: PathSummary[];
  runs: RunResult[];
  /** anything else the suite measured (kept in the results file) */
  extra?: Record<string, unknown>;
}

export type Suite = () => Promise<SuiteResult>;

export function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
}

export function benchEnv() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    fastify: versionOf('fastify'),
    autocannon: versionOf('autocannon'),
    loadAverage: loadavg().map((n) => round(n, 2)),
  };
}

export function envLine(env: ReturnType<typeof benchEnv>): string {
  return `node ${env.node} · ${env.cpu} × ${env.cores} cores · ${env.platform} · fastify ${env.fastify} · autocannon ${env.autocannon} · load average ${env.loadAverage.join(' ')}`;
}

/** true when `url` (import.meta.url) is the file bin/run-ts.js was asked to run */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === url;
}

/** what must be stopped if a suite fails or hangs (child processes it started) */
const cleanups = new Set<() => void>([killServers]);
export function onAbort(fn: () => void): void {
  cleanups.add(fn);
}

/** runs the suites one after another, writes the results file, reports errors, and exits */
export async function runBench(suites: Suite[], guardSeconds: number): Promise<never> {
  const started = Date.now();
  const env = benchEnv();
  const cleanup = () => {
    for (const fn of cleanups) fn();
  };
  // a hard stop, so a stuck server never leaves the bench hanging
  const guard = setTimeout(() => {
    console.error(`bench: still running after ${guardSeconds} s; stopping`);
    cleanup();
    process.exit(2);
  }, guardSeconds * 1000);
  guard.unref();

  const results: SuiteResult[] = [];
  try {
    for (const suite of suites) {
      if (results.length > 0) console.log('');
      results.push(await suite());
    }
    const problems = results.flatMap((s) => s.runs).filter((r) => r.problems.length);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const suitesOut = Object.fromEntries(results.map(({ name, ...rest }) => [name, rest]));
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ at: new Date().toISOString(), env, suites: suitesOut }, null, 2)}\n`,
    );
    console.log('');
    console.log(
      "every path, same run: req/s vs bare fastify · req/s vs its crypto-only server · server cpu per request vs the crypto-only server's · req/s vs its stateful floor and its least-state server, where it has them",
    );
    for (const p of results.flatMap((r) => r.summary)) {
      console.log(
        `  ${p.label.padEnd(18)} ${p.vsBare.toFixed(2)}× · ${p.vsCryptoOnly.toFixed(2)}× ${p.cryptoOnly} · ${p.serverCpuPerRequestVsCryptoOnly.toFixed(2)}×` +
          (p.also ?? []).map((a) => ` · ${a.vs.toFixed(2)}× ${a.server} (${a.what})`).join(''),
      );
    }
    console.log(
      `results: ${relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE} · ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
    );
    if (problems.length) {
      console.error('');
      console.error('!!! THE BENCHMARK SAW ERRORS: its numbers do not describe a working simulator !!!');
      for (const r of problems) for (const pr of r.problems) console.error(`!!! ${r.label}: ${pr}`);
      process.exitCode = 1;
    }
  } catch (e) {
    console.error('bench failed:', e);
    process.exitCode = 1;
  } finally {
    cleanup();
  }
  process.exit();
}
