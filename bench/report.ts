/**
 * The printed table: requests/s, p50/p99 latency, and each run's ratios to baseline A (bare
 * Fastify) and B (md5-only), plus CPU shares and whether its answers checked out. Formatting
 * only: it computes nothing but ratios.
 */
import { pct, type RunResult } from './load-run.ts';

export function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '-';
}

export function table(runs: RunResult[], a: RunResult, b: RunResult): string {
  const head = ['run', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs A', 'req/s vs B', 'p50 vs A', 'p50 vs B', 'p99 vs A', 'p99 vs B', 'cpu srv/gen/other', 'checked'];
  const rows = runs.map((r) => [
    r.label, String(r.requestsPerSec), r.latencyMs.p50.toFixed(3), r.latencyMs.p99.toFixed(3),
    ratio(r.requestsPerSec, a.requestsPerSec), ratio(r.requestsPerSec, b.requestsPerSec),
    ratio(r.latencyMs.p50, a.latencyMs.p50), ratio(r.latencyMs.p50, b.latencyMs.p50),
    ratio(r.latencyMs.p99, a.latencyMs.p99), ratio(r.latencyMs.p99, b.latencyMs.p99),
    `${pct(r.cpu.server)}/${pct(r.cpu.loadGenerator)}/${r.cpu.others === undefined ? '?' : pct(r.cpu.others)}`,
    r.problems.length ? 'ERRORS' : `ok (${r.checked.sampled} verified)`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
