/**
 * One server under one kind of load: autocannon runs against it (a warm-up, then measured
 * slices), every answer checked cheaply and a sample fully, latencies kept at sub-millisecond
 * resolution, and the CPU used by the server, by this load generator and by everything else on
 * the machine. It measures and counts; judging speed is the reader's business, and it never
 * fails a run for being slow.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { ServerHandle, ServerStats } from './server-process.ts';

/** every SAMPLE_EVERY-th answer (and the first few) is fully decoded and verified */
const SAMPLE_EVERY = 500;
const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };

export interface Validation {
  responses: number;
  ok: number;
  bad: number;
  sampled: number;
  sampleFailures: number;
  examples: string[];
}

export type Context = Record<string, unknown>;

export interface Load {
  path: string;
  /** request headers; default JSON (LFT) */
  headers?: Record<string, string>;
  /** the next body; may note in ctx what the answer should say */
  next(ctx: Context): Buffer;
  /** cheap check of every answer */
  quick(status: number, body: string): boolean;
  /** full check of a sample: a problem, or undefined */
  full(body: string, ctx: Context): string | undefined;
}

function newValidation(): Validation {
  return { responses: 0, ok: 0, bad: 0, sampled: 0, sampleFailures: 0, examples: [] };
}

function note(v: Validation, what: string): void {
  if (v.examples.length < 5) v.examples.push(what.length > 300 ? `${what.slice(0, 300)}…` : what);
}

/** one server under one kind of load, and what it has gathered so far */
export interface Target {
  name: string;
  label: string;
  server: ServerHandle;
  load: Load;
  checked: Validation;
  latencies: number[];
  measured: {
    requests: number;
    wallMs: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    cpuMs: { server: number; here: number; others?: number };
    /** the server's event loop busy, and in GC pauses, while measured */
    serverLoopMs: { busy: number; gc: number };
  };
  warmup: { requests: number; errors: number; timeouts: number; non2xx: number };
}

export interface RunResult {
  name: string;
  label: string;
  server: string;
  path: string;
  requestsPerSec: number;
  requestsTotal: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  checked: Validation;
  warmup: { requests: number; errors: number; timeouts: number; non2xx: number };
  server_stats?: ServerStats;
  /** share of one core used while this server was measured: how close each side was to its limit */
  cpu: { server: number; loadGenerator: number; others?: number };
  /** the server's time per measured request, µs: all its CPU, its event loop busy (of which GC
   *  pauses), and the CPU of its other threads (GC helpers, libuv) */
  serverUsPerRequest: { cpu: number; eventLoop: number; gcPauses: number; otherThreads: number };
  notes: string[];
  problems: string[];
}

export function target(name: string, label: string, server: ServerHandle, l: Load): Target {
  return {
    name,
    label,
    server,
    load: l,
    checked: newValidation(),
    latencies: [],
    measured: {
      requests: 0,
      wallMs: 0,
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      cpuMs: { server: 0, here: 0, others: 0 },
      serverLoopMs: { busy: 0, gc: 0 },
    },
    warmup: { requests: 0, errors: 0, timeouts: 0, non2xx: 0 },
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** one autocannon run of `seconds` against t; answers are checked, latencies kept when measuring */
export async function load(t: Target, seconds: number, measuring: boolean, connections: number): Promise<void> {
  const l = t.load;
  const v = t.checked;
  const start = measuring ? await t.server.stats() : undefined;
  const before = start && {
    server: start.cpuMs,
    here: process.cpuUsage(),
    at: performance.now(),
    machine: machineBusyMs(),
  };
  let answers = 0;
  const tracker = autocannon({
    url: `http://127.0.0.1:${t.server.port}`,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    headers: l.headers ?? JSON_HEADERS,
    requests: [
      {
        method: 'POST',
        path: l.path,
        setupRequest(req, ctx) {
          req.body = l.next(ctx);
          return req;
        },
        onResponse(status, body, ctx) {
          const n = ++v.responses;
          if (l.quick(status, body)) v.ok++;
          else {
            v.bad++;
            note(v, `HTTP ${status}: ${body}`);
          }
          if (n <= 3 || n % SAMPLE_EVERY === 0) {
            v.sampled++;
            const problem = l.full(body, ctx);
            if (problem) {
              v.sampleFailures++;
              note(v, problem);
            }
          }
        },
      },
    ],
  });
  // autocannon's own histogram keeps whole milliseconds; loopback answers take fractions of one
  tracker.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    answers++;
    if (measuring) t.latencies.push(ms);
  });
  const result = await tracker;
  const into = measuring ? t.measured : t.warmup;
  into.requests += answers;
  into.errors += result.errors;
  into.timeouts += result.timeouts;
  into.non2xx += result.non2xx;
  if (!before) return;
  const wall = performance.now() - before.at;
  const end = await t.server.stats();
  const serverMs = end.cpuMs - before.server;
  t.measured.serverLoopMs.busy += end.busyMs - start.busyMs;
  t.measured.serverLoopMs.gc += end.gcMs - start.gcMs;
  const here = process.cpuUsage(before.here);
  const hereMs = (here.user + here.system) / 1000;
  const machine = machineBusyMs();
  t.measured.wallMs += wall;
  t.measured.cpuMs.server += serverMs;
  t.measured.cpuMs.here += hereMs;
  if (machine === undefined || before.machine === undefined) t.measured.cpuMs.others = undefined;
  else if (t.measured.cpuMs.others !== undefined)
    t.measured.cpuMs.others += Math.max(0, machine - before.machine - serverMs - hereMs);
}

function perRequest({ requests, cpuMs, serverLoopMs }: Target['measured']): RunResult['serverUsPerRequest'] {
  const us = (ms: number) => round((ms * 1000) / (requests || Number.NaN), 1);
  return {
    cpu: us(cpuMs.server),
    eventLoop: us(serverLoopMs.busy),
    gcPauses: us(serverLoopMs.gc),
    otherThreads: us(Math.max(0, cpuMs.server - serverLoopMs.busy)),
  };
}

export async function finish(t: Target): Promise<RunResult> {
  const latencies = Float64Array.from(t.latencies).sort();
  const mean = latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1);
  const { measured, warmup, checked } = t;
  const wall = measured.wallMs || 1;
  const run: RunResult = {
    name: t.name,
    label: t.label,
    server: t.server.kind,
    path: t.load.path,
    requestsPerSec: Math.round(measured.requests / (wall / 1000)),
    requestsTotal: measured.requests,
    latencyMs: {
      p50: round(percentile(latencies, 0.5)),
      p90: round(percentile(latencies, 0.9)),
      p99: round(percentile(latencies, 0.99)),
      max: round(percentile(latencies, 1)),
      mean: round(mean),
    },
    errors: measured.errors,
    timeouts: measured.timeouts,
    non2xx: measured.non2xx,
    checked,
    warmup,
    server_stats: await t.server.stats(true),
    cpu: {
      server: round(measured.cpuMs.server / wall, 2),
      loadGenerator: round(measured.cpuMs.here / wall, 2),
      others: measured.cpuMs.others === undefined ? undefined : round(measured.cpuMs.others / wall, 2),
    },
    serverUsPerRequest: perRequest(measured),
    notes: [],
    problems: [],
  };
  const totals = {
    errors: run.errors + warmup.errors,
    timeouts: run.timeouts + warmup.timeouts,
    'non-2xx answers': run.non2xx + warmup.non2xx,
  };
  for (const [what, n] of Object.entries(totals)) if (n > 0) run.problems.push(`${n} ${what}`);
  if (checked.bad > 0)
    run.problems.push(`${checked.bad} of ${checked.responses} answers were not HTTP 200 with the expected code`);
  if (checked.sampleFailures > 0)
    run.problems.push(`${checked.sampleFailures} of ${checked.sampled} sampled answers failed full verification`);
  if (checked.responses === 0) run.problems.push('no answers at all');
  if (checked.examples.length) run.problems.push(...checked.examples.map((e) => `  e.g. ${e}`));
  if ((run.cpu.others ?? 0) > 0.2)
    run.notes.push(`!! other processes used ${pct(run.cpu.others!)} of a core meanwhile: these numbers are disturbed`);
  return run;
}

/** CPU time all processes of the machine spent busy so far (Linux /proc/stat), to see outside load */
function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));
export const pct = (share: number) => `${Math.round(share * 100)}%`;
