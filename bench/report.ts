/**
 * The printed table: requests/s, p50/p99 latency, server CPU per request, and each run's ratios
 * to baseline A (bare Fastify) and B (the row's crypto-only server: md5-only for LFT; for
 * UnionPay the sign-only server of the row's signMethod), plus CPU shares and whether its answers
 * checked out. Formatting only: it computes nothing but ratios and per-request shares.
 */
import { pct, type RunResult } from './load-run.ts';

/** µs of server CPU per answered request: steadier than req/s when the machine is shared */
export function cpuPerRequest(r: RunResult): number {
  return (r.cpu.server * 1e6) / (r.requestsPerSec || Number.NaN);
}

export function ratio(a: number, b: number | undefined): string {
  return b !== undefined && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '-';
}

/** `b`: one baseline B for every row, or the B of each row (none: '-') */
export function table(
  runs: RunResult[],
  a: RunResult,
  b: RunResult | ((r: RunResult) => RunResult | undefined),
): string {
  const bOf = typeof b === 'function' ? b : () => b;
  const head = [
    'run',
    'req/s',
    'p50 ms',
    'p99 ms',
    'req/s vs A',
    'req/s vs B',
    'p50 vs B',
    'p99 vs B',
    'srv µs/req',
    'µs/req vs B',
    'cpu srv/gen/other',
    'checked',
  ];
  const rows = runs.map((r) => {
    const rb = bOf(r);
    return [
      r.label,
      String(r.requestsPerSec),
      r.latencyMs.p50.toFixed(3),
      r.latencyMs.p99.toFixed(3),
      ratio(r.requestsPerSec, a.requestsPerSec),
      ratio(r.requestsPerSec, rb?.requestsPerSec),
      ratio(r.latencyMs.p50, rb?.latencyMs.p50),
      ratio(r.latencyMs.p99, rb?.latencyMs.p99),
      cpuPerRequest(r).toFixed(0),
      rb ? ratio(cpuPerRequest(r), cpuPerRequest(rb)) : '-',
      `${pct(r.cpu.server)}/${pct(r.cpu.loadGenerator)}/${r.cpu.others === undefined ? '?' : pct(r.cpu.others)}`,
      r.problems.length ? 'ERRORS' : `ok (${r.checked.sampled} verified)`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** a run's notes, then what it measured and the CPU and memory it took (the lines under "notes:") */
export function runLines(r: RunResult): string[] {
  const st = r.server_stats;
  const u = r.serverUsPerRequest;
  return [
    ...r.notes.map((n) => `  ${r.label}: ${n}`),
    `  ${r.label}: ${r.requestsTotal} requests measured (+${r.warmup.requests} warm-up), ${r.checked.sampled} answers fully verified; ` +
      `cpu: server ${pct(r.cpu.server)}, load generator ${pct(r.cpu.loadGenerator)}${r.cpu.others === undefined ? '' : `, other processes ${pct(r.cpu.others)}`} of a core; ` +
      `server rss ${st?.rssMb} MB${st?.journal !== undefined ? `, journal ${st.journal} entries` : ''}`,
    `  ${r.label}: server per request ${u.cpu} µs cpu: event loop ${u.eventLoop} µs (GC pauses ${u.gcPauses}), ` +
      `other threads ${u.otherThreads} µs`,
  ];
}
