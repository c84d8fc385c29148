/**
 * The saved state of one simulator on disk, and reading it back at start-up. Two files in the
 * data directory: `<channel>.state.json`, a whole snapshot (SavedState), and
 * `<channel>.state.log`, an append-only log of what changed since (one JSON object a line: the
 * orders put and evicted, the deliveries changed, timed events added and removed, what changed
 * in the core's sequences and seen-sets, or that everything was reset). Each log line is numbered; the
 * snapshot says up to which number it already holds, so a line it holds is skipped. A torn last
 * line (a crash mid-write) is ignored. Reading checks the shape of everything the core will
 * trust before anything is restored, so a damaged file stops start-up with one SimError naming
 * the file (and line) and what to do, never a crash mid-run. It does not write (persistence.ts
 * does) and knows no channel.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Delivery, DeliveriesExport } from './callback-dispatcher.ts';
import { SimError } from './errors.ts';
import type { Order } from './order-store.ts';
import { applyPortsDelta, type PortsDelta } from './runtime-ports.ts';
import type { LaterEvent } from './sim.ts';

export const STATE_FORMAT = 'channel-sim/state@1';

export interface SavedState {
  format: typeof STATE_FORMAT;
  channel: string;
  /** simulator clock time of the save, ISO (for people reading the file) */
  savedAt: string;
  /** oldest first, so a restore puts them back in the order they were made */
  orders: Order[];
  callbacks: DeliveriesExport;
  later: LaterEvent[];
  /** the core's sequences and seen-sets for the channel (runtime-ports.ts) */
  runtime?: unknown;
  /** the last log line this snapshot holds (absent: none; every log line applies) */
  logSeq?: number;
}

/** one line of the log: what changed in one save */
export interface LogRecord {
  seq: number;
  /** everything was reset first (POST /__admin/reset) */
  cleared?: boolean;
  orders?: Order[];
  deleted?: string[];
  deliveries?: Delivery[];
  /** the dispatcher's last delivery id number */
  cbSeq?: number;
  later?: { add: LaterEvent[]; remove: LaterEvent[] };
  /** the whole ports state (logs written before deltas), replacing what came before */
  runtime?: unknown;
  /** what changed in the core's sequences and seen-sets since the previous line */
  ports?: PortsDelta;
}

/** a snapshot with its log applied, and where the log stands (to continue it) */
export interface RestoredState extends SavedState {
  resume: { seq: number; logBytes: number; baseExists: boolean; baseBytes: number };
}

export function statePath(dataDir: string, channel: string): string {
  return join(dataDir, `${channel}.state.json`);
}

/** the change log beside a snapshot: lft.state.json → lft.state.log */
export function logPathOf(file: string): string {
  return file.replace(/\.json$/, '') + '.log';
}

/** one timed event as the log names it (removals match on this) */
export const laterKey = (e: LaterEvent) => `${e.orderKey}\u0000${e.event}\u0000${e.at}`;

/** the error every unusable state file ends in: which file, what is wrong, how to get going */
export function stateFileError(file: string, what: string, cause?: unknown): SimError {
  // the snapshot and its log go together: removing one alone would restore half a state
  const snapshot = file.endsWith('.log') ? file.replace(/\.log$/, '.json') : file;
  return new SimError(
    'SIM_ERR_BOOT_CONFIG',
    `saved state ${file}: ${what}; remove it to start without the saved orders and callbacks (rm "${snapshot}" "${logPathOf(snapshot)}"), or start without --persist / SIM_PERSIST`,
    { field: basename(file), ...(cause === undefined ? {} : { cause }) },
  );
}

/** the saved state with its log applied, or undefined when there is none yet; throws
 *  SIM_ERR_BOOT_CONFIG naming the file when either file is unusable */
export function readState(file: string, channel: string): RestoredState | undefined {
  const baseText = readText(file);
  const log = logPathOf(file);
  const logText = readText(log);
  if (baseText === undefined && logText === undefined) return undefined;
  let base: SavedState;
  if (baseText === undefined) {
    base = { format: STATE_FORMAT, channel, savedAt: '', orders: [], callbacks: { seq: 0, deliveries: [] }, later: [] };
  } else {
    let json: unknown;
    try {
      json = JSON.parse(baseText);
    } catch (e) {
      throw stateFileError(file, `is not valid JSON (${(e as Error).message})`, e);
    }
    const problem = checkState(json, channel);
    if (problem) throw stateFileError(file, problem);
    base = json as SavedState;
  }
  const { records, validBytes } = readLog(log, logText ?? '');
  const after = base.logSeq ?? 0;
  const state = applyLog(
    base,
    records.filter((r) => r.seq > after),
  );
  const seq = records.reduce((m, r) => Math.max(m, r.seq), after);
  return {
    ...state,
    resume: { seq, logBytes: validBytes, baseExists: baseText !== undefined, baseBytes: baseText?.length ?? 0 },
  };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw stateFileError(file, `cannot be read (${(e as Error).message})`, e);
  }
}

/** the log's records; a last line without its newline is torn (a crash mid-write) and ignored */
function readLog(file: string, text: string): { records: LogRecord[]; validBytes: number } {
  const end = text.lastIndexOf('\n') + 1;
  const records: LogRecord[] = [];
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  for (const [i, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw stateFileError(file, `line ${i + 1} is not valid JSON (${(e as Error).message})`, e);
    }
    const problem = checkRecord(json);
    if (problem) throw stateFileError(file, `line ${i + 1}: ${problem}`);
    records.push(json as LogRecord);
  }
  return { records, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** a snapshot with records laid over it, in order; an order keeps its place when put again */
function applyLog(base: SavedState, records: LogRecord[]): SavedState {
  if (!records.length) return base;
  const orders = new Map(base.orders.map((o) => [o.key, o]));
  const deliveries = new Map(base.callbacks.deliveries.map((d) => [d.id, d]));
  let later = base.later;
  let cbSeq = base.callbacks.seq;
  let runtime = base.runtime;
  for (const r of records) {
    if (r.cleared) {
      orders.clear();
      deliveries.clear();
      later = [];
    }
    for (const o of r.orders ?? []) orders.set(o.key, o);
    for (const k of r.deleted ?? []) orders.delete(k);
    for (const d of r.deliveries ?? []) deliveries.set(d.id, d);
    if (r.cbSeq !== undefined) cbSeq = Math.max(cbSeq, r.cbSeq);
    if (r.later) {
      const gone = new Map<string, number>();
      for (const e of r.later.remove) gone.set(laterKey(e), (gone.get(laterKey(e)) ?? 0) + 1);
      later = later.filter((e) => {
        const n = gone.get(laterKey(e));
        if (!n) return true;
        gone.set(laterKey(e), n - 1);
        return false;
      });
      later = [...later, ...r.later.add];
    }
    if (r.runtime !== undefined) runtime = r.runtime;
    if (r.ports) runtime = applyPortsDelta(runtime, r.ports);
  }
  return {
    ...base,
    orders: [...orders.values()],
    callbacks: { seq: cbSeq, deliveries: [...deliveries.values()] },
    later,
    ...(runtime === undefined ? {} : { runtime }),
  };
}

type Expect = 'string' | 'number' | 'object' | 'array' | 'string[]' | 'number?';

const ORDER: Record<string, Expect> = {
  key: 'string',
  kind: 'string',
  state: 'string',
  merchant: 'string',
  createdAt: 'number',
  updatedAt: 'number',
  scenarioId: 'string',
  scenarioWhy: 'string',
  cursors: 'object',
  aliases: 'string[]',
  history: 'array',
  data: 'object',
};
const DELIVERY: Record<string, Expect> = {
  id: 'string',
  orderKey: 'string',
  event: 'string',
  status: 'string',
  createdAt: 'number',
  nextAt: 'number?',
  copy: 'number',
  tamperAttempts: 'number',
  attempts: 'array',
};
const LATER: Record<string, Expect> = { orderKey: 'string', event: 'string', at: 'number' };
const STATUSES: ReadonlySet<Delivery['status']> = new Set(['scheduled', 'retrying', 'acked', 'gave-up', 'skipped']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fits(v: unknown, e: Expect): boolean {
  switch (e) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'number?':
      return v === undefined || (typeof v === 'number' && Number.isFinite(v));
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

/** the first thing wrong with a list of records, as "orders[3].key must be a string" */
function checkList(v: unknown, where: string, shape: Record<string, Expect>): string | undefined {
  if (!Array.isArray(v)) return `"${where}" must be a list`;
  for (const [i, item] of v.entries()) {
    if (!isObject(item)) return `${where}[${i}] must be an object`;
    for (const [field, e] of Object.entries(shape)) {
      if (!fits(item[field], e))
        return `${where}[${i}].${field} must be ${e === 'number?' ? 'a number or absent' : `a ${e}`}`;
    }
  }
  return undefined;
}

/** what is wrong with a parsed state file, or undefined */
export function checkState(v: unknown, channel: string): string | undefined {
  if (!isObject(v)) return 'is not a JSON object';
  if (v.format !== STATE_FORMAT) return `has format ${JSON.stringify(v.format)}, expected "${STATE_FORMAT}"`;
  if (v.channel !== channel) return `belongs to channel ${JSON.stringify(v.channel)}, not "${channel}"`;
  if (v.logSeq !== undefined && !fits(v.logSeq, 'number')) return '"logSeq" must be a number';
  const cb = v.callbacks;
  if (!isObject(cb) || !fits(cb.seq, 'number')) return '"callbacks" must be an object with a numeric "seq"';
  const problem =
    checkList(v.orders, 'orders', ORDER) ??
    checkList(cb.deliveries, 'callbacks.deliveries', DELIVERY) ??
    checkList(v.later, 'later', LATER);
  if (problem) return problem;
  const bad = (cb.deliveries as Delivery[]).findIndex((d) => !STATUSES.has(d.status));
  return bad < 0 ? undefined : `callbacks.deliveries[${bad}].status must be one of ${[...STATUSES].join(', ')}`;
}

/** what is wrong with one parsed log line, or undefined */
export function checkRecord(v: unknown): string | undefined {
  if (!isObject(v)) return 'is not a JSON object';
  if (!fits(v.seq, 'number')) return '"seq" must be a number';
  if (v.cbSeq !== undefined && !fits(v.cbSeq, 'number')) return '"cbSeq" must be a number';
  if (v.deleted !== undefined && !fits(v.deleted, 'string[]')) return '"deleted" must be a list of strings';
  const later = v.later as Record<string, unknown> | undefined;
  if (later !== undefined && !isObject(later)) return '"later" must be an object {add, remove}';
  const ports = v.ports as Record<string, unknown> | undefined;
  if (ports !== undefined) {
    const seqs = ports.sequences;
    const seen = ports.seen;
    if (!isObject(ports)) return '"ports" must be an object {sequences?, seen?, forgotSeen?}';
    if (seqs !== undefined && !(isObject(seqs) && Object.values(seqs).every((n) => fits(n, 'number')))) {
      return '"ports.sequences" must map names to numbers';
    }
    if (seen !== undefined && !(isObject(seen) && Object.values(seen).every((k) => fits(k, 'string[]')))) {
      return '"ports.seen" must map names to lists of strings';
    }
  }
  const problem =
    (v.orders === undefined ? undefined : checkList(v.orders, 'orders', ORDER)) ??
    (v.deliveries === undefined ? undefined : checkList(v.deliveries, 'deliveries', DELIVERY)) ??
    (later === undefined
      ? undefined
      : (checkList(later.add, 'later.add', LATER) ?? checkList(later.remove, 'later.remove', LATER)));
  if (problem) return problem;
  const bad = ((v.deliveries ?? []) as Delivery[]).findIndex((d) => !STATUSES.has(d.status));
  return bad < 0 ? undefined : `deliveries[${bad}].status must be one of ${[...STATUSES].join(', ')}`;
}
