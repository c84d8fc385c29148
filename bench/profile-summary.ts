/**
 * Reads V8 CPU profiles (.cpuprofile, written by BENCH_PROFILE=1) and prints where the time went:
 * self time per function and per file, and total (inclusive) time of the project's own functions,
 * so the pipeline's cost can be told from the crypto's and Fastify's. Reading only: it runs
 * nothing and measures nothing. `node bin/run-ts.js bench/profile-summary.ts <file.cpuprofile>… [--top N]`
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMain, ROOT } from './suite.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  selfByFunction: Array<[string, number]>;
  selfByFile: Array<[string, number]>;
  inclusiveOwn: Array<[string, number]>;
}

const fileOf = (url: string) => (url ? relative(ROOT, url.replace(/^file:\/\//, '')) : '(native)');
const nameOf = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

/** inclusive and self time of every function in samples that pass through a frame named `root` */
export function under(
  p: Profile,
  root: string,
): { rootMs: number; inclusive: Array<[string, number]>; self: Array<[string, number]> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  const self = new Map<string, number>();
  let rootMs = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const chain: string[] = [];
    let inRoot = false;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!;
      if (f.callFrame.functionName === root) {
        inRoot = true;
        break;
      }
      chain.push(nameOf(f));
    }
    if (!inRoot) return;
    rootMs += ms;
    if (chain[0]) self.set(chain[0], (self.get(chain[0]) ?? 0) + ms);
    for (const k of new Set(chain)) incl.set(k, (incl.get(k) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { rootMs, inclusive: sorted(incl), self: sorted(self) };
}

export function summarize(p: Profile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    total += ms;
    if (n.callFrame.functionName === '(idle)') idle += ms;
    add(selfFn, nameOf(n), ms);
    add(selfFile, fileOf(n.callFrame.url), ms);
    // inclusive time of our own code (not node_modules): each frame counted once per sample
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!;
      const file = fileOf(f.callFrame.url);
      if (!f.callFrame.url || file.startsWith('node_modules') || file.startsWith('..') || file.startsWith('node:'))
        continue;
      const k = nameOf(f);
      if (!seen.has(k)) {
        seen.add(k);
        add(incl, k, ms);
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    idleMs: idle,
    selfByFunction: sorted(selfFn),
    selfByFile: sorted(selfFile),
    inclusiveOwn: sorted(incl),
  };
}

function printUnder(file: string, root: string, top: number): void {
  const u = under(JSON.parse(readFileSync(file, 'utf8')) as Profile, root);
  const pct = (ms: number) => `${((ms / u.rootMs) * 100).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(u.rootMs / 1000).toFixed(2)} s under ${root} (percentages of that)`);
  for (const [title, rows] of [
    ['inclusive', u.inclusive],
    ['self', u.self],
  ] as const) {
    console.log(`  ${title}:`);
    for (const [k, ms] of rows.slice(0, top)) console.log(`    ${pct(ms)}  ${k}`);
  }
}

function print(file: string, top: number): void {
  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const busy = s.totalMs - s.idleMs;
  const pct = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(
    `${file}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (percentages of busy)`,
  );
  for (const [title, rows] of [
    ['self, by function', s.selfByFunction],
    ['self, by file', s.selfByFile],
    ['inclusive, project code', s.inclusiveOwn],
  ] as const) {
    console.log(`  ${title}:`);
    for (const [k, ms] of rows.filter(([k]) => !k.startsWith('(idle)')).slice(0, top))
      console.log(`    ${pct(ms)}  ${k}`);
  }
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const t = args.indexOf('--top');
  const top = t >= 0 ? Number(args.splice(t, 2)[1]) : 30;
  const u = args.indexOf('--under');
  const root = u >= 0 ? args.splice(u, 2)[1] : undefined;
  for (const f of args) {
    if (root) printUnder(f, root, top);
    else print(f, top);
  }
}
