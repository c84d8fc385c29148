/**
 * Optional persistence of one simulator: its orders (data, aliases, scenario bindings and
 * cursors), its callback deliveries with their attempts, its timed scenario events and the core's
 * sequences and seen-sets for the channel (runtime-ports.ts) survive a restart (files: state-file.ts).
 * Saving costs what changed, never the whole state: a change only marks the state dirty; at most
 * every `debounceMs` (and on close) the orders and deliveries changed since the last save, the
 * timed events added and removed, and the sequences and seen keys that changed are appended to the log (a line
 * per SLICE orders, with a yield between lines). When the log outgrows the snapshot (or after a
 * reset) the snapshot is rewritten — serialised a slice at a time, yielding between slices so
 * requests keep being served, to a temporary file renamed over the old one — and the log restarts
 * with the lines written meanwhile. A crash leaves the previous snapshot and a log whose torn last line is ignored. The
 * journal is not saved. A failed write is reported and retried; it never stops the simulator.
 * It knows no channel and reads no order's data.
 */
import { appendFile, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Sim, LaterEvent } from './sim.ts';
import {
  logPathOf,
  STATE_FORMAT,
  stateFileError,
  type LogRecord,
  type RestoredState,
  type SavedState,
} from './state-file.ts';

export interface Persistence {
  file: string;
  /** something changed: save soon */
  markDirty(): void;
  /** save now and stop saving (server close) */
  close(): Promise<void>;
}

export interface PersistenceOptions {
  /** the shortest wait between a change and its save (default 200 ms) */
  debounceMs?: number;
  /** the log is compacted into the snapshot once it is this many bytes and larger than the
   *  snapshot (default 256 KiB) */
  compactMinBytes?: number;
  /** how a failed save is reported (default: a process warning) */
  onError?: (err: Error) => void;
}

/** what a start-up found in the state file */
export interface Restored {
  orders: number;
  deliveries: number;
  /** deliveries still to be attempted */
  pending: number;
  later: number;
}

/** orders or deliveries serialised between two yields while the snapshot is written */
const SLICE = 500;

/** where a restored sim's log stands, for the persistence created right after (restoreSim) */
const resumed = new WeakMap<Sim<unknown>, RestoredState['resume']>();

/** put a checked saved state (readState) into a fresh sim: runtime, orders, then what is due */
export function restoreSim(sim: Sim<unknown>, saved: SavedState, file: string): Restored {
  if (saved.runtime !== undefined) {
    const problem = sim.ports.importState(saved.runtime);
    if (problem) throw stateFileError(file, `runtime: ${problem}`);
  }
  for (const order of saved.orders) sim.store.put(order);
  sim.dispatcher.importDeliveries(saved.callbacks);
  for (const e of saved.later) sim.restoreLater(e);
  if ('resume' in saved) resumed.set(sim, (saved as RestoredState).resume);
  const pending = saved.callbacks.deliveries.filter((d) => d.status === 'scheduled' || d.status === 'retrying').length;
  return {
    orders: saved.orders.length,
    deliveries: saved.callbacks.deliveries.length,
    pending,
    later: saved.later.length,
  };
}

/** JSON of a list, written a slice at a time with a yield between slices */
async function writeList(write: (s: string) => Promise<unknown>, items: readonly unknown[]): Promise<void> {
  await write('[');
  for (let i = 0; i < items.length; i += SLICE) {
    const slice = JSON.stringify(items.slice(i, i + SLICE));
    await write((i ? ',' : '') + slice.slice(1, -1));
    await yieldToRequests();
  }
  await write(']');
}

export function createPersistence(sim: Sim<unknown>, file: string, opts: PersistenceOptions = {}): Persistence {
  const debounceMs = opts.debounceMs ?? 200;
  const compactMinBytes = opts.compactMinBytes ?? 256 * 1024;
  const onError = opts.onError ?? ((e: Error) => process.emitWarning(`channel-sim: cannot save ${file}: ${e.message}`));
  const log = logPathOf(file);
  const resume = resumed.get(sim) ?? { seq: 0, logBytes: 0, baseExists: false, baseBytes: 0 };
  let { seq, logBytes, baseExists, baseBytes } = resume;
  // a torn last line would sit before the next one appended: cut it off first
  try {
    truncateSync(log, logBytes);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT')
      throw stateFileError(log, `cannot be written (${(e as Error).message})`, e);
  }
  // from now on the store and the dispatcher record what changes (the restore itself is saved)
  sim.store.takeChanges();
  sim.dispatcher.takeChanges();
  /** the timed events as last logged */
  let later = new Set<LaterEvent>(sim.laterEvents());
  sim.ports.takeChanges();

  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> | undefined;
  let compacting: Promise<void> | undefined;
  /** appends and log rewrites, one after another */
  let io: Promise<void> = Promise.resolve();
  /** while compacting: the lines numbered past its cut, which the new log keeps */
  let sinceCut: string[] | undefined;
  let cutSeq = 0;
  let dirty = false;
  // after a restore, the first save rewrites the snapshot: timed events that came due while the
  // simulator was down were put back at a new time, and the log is folded in once
  let mustCompact = resumed.has(sim);
  let closed = false;
  /** how long collecting took last time: a big change set waits longer between saves */
  let costMs = 0;
  let tmpSeq = 0;

  const queue = (op: () => Promise<void>): Promise<void> => (io = io.then(op, op));

  // A real timer, not the simulator clock, on purpose: saving is disk I/O in real time, and a
  // manual clock (which only moves when told) would never save; it would also show up in the
  // clock's pending timers. unref'd: a pending save never keeps a process alive (close saves).
  function arm(): void {
    timer = setTimeout(
      () => {
        timer = undefined;
        void save();
      },
      Math.max(debounceMs, costMs * 10),
    );
    timer.unref();
  }

  /**
   * The log records for what changed since the last save, none when nothing did. Many changed
   * orders (a burst, a bulk import) become several records of at most SLICE orders each, the
   * rest in the last one, so no single line — and no single JSON.stringify — is large.
   */
  function collect(): LogRecord[] {
    const started = performance.now();
    const store = sim.store.takeChanges();
    const cb = sim.dispatcher.takeChanges();
    const r: LogRecord = { seq: 0 };
    if (store.cleared || cb.cleared) {
      r.cleared = true;
      later = new Set();
      mustCompact = true;
    }
    if (store.deleted.length) r.deleted = store.deleted;
    if (cb.deliveries.length) r.deliveries = cb.deliveries;
    if (cb.deliveries.length || r.cleared) r.cbSeq = cb.seq;
    const now = new Set(sim.laterEvents());
    const add = [...now].filter((e) => !later.has(e));
    const remove = [...later].filter((e) => !now.has(e));
    if (add.length || remove.length) r.later = { add, remove };
    later = now;
    // the core's sequences and seen-sets: what changed, not the whole sets
    const ports = sim.ports.takeChanges();
    if (ports) r.ports = ports;
    const records: LogRecord[] = [];
    // a reset comes first, before the orders put after it
    if (r.cleared) records.push({ seq: 0, cleared: true });
    delete r.cleared;
    // all slices of orders but the last get a line of their own; the last rides with the rest
    let i = 0;
    for (; store.put.length - i > SLICE; i += SLICE) records.push({ seq: 0, orders: store.put.slice(i, i + SLICE) });
    if (i < store.put.length) r.orders = store.put.slice(i);
    if (Object.keys(r).length > 1) records.push(r);
    for (const rec of records) rec.seq = ++seq;
    costMs = performance.now() - started;
    return records;
  }

  /** the records, one line each, serialised in the queue with a yield between lines: their
   *  orders are live objects, so a line may hold a newer state (also logged after it) */
  function append(records: LogRecord[]): Promise<void> {
    return queue(async () => {
      await mkdir(dirname(file), { recursive: true });
      for (const [i, rec] of records.entries()) {
        if (i) await yieldToRequests();
        const line = JSON.stringify(rec) + '\n';
        // in the queue, so a line is either kept by a log rewrite or appended after it, not both;
        // a line the snapshot being written holds already is not kept
        if (rec.seq > cutSeq) sinceCut?.push(line);
        await appendFile(log, line, { mode: 0o600 });
        logBytes += Buffer.byteLength(line);
      }
    }).catch((e: unknown) => {
      // the changes are no longer in the store's change set: the next save rewrites everything
      mustCompact = true;
      throw e;
    });
  }

  /** rewrite the snapshot as of now (a fuzzy copy: what changes while it is written is in the
   *  log after the cut), then restart the log with the lines since the cut */
  async function compact(): Promise<void> {
    mustCompact = false;
    const cut = (cutSeq = seq);
    sinceCut = [];
    const orders = sim.store.list().reverse();
    const { seq: cbSeq, deliveries } = sim.dispatcher.exportDeliveries();
    const head = {
      format: STATE_FORMAT,
      channel: sim.channel.name,
      savedAt: new Date(sim.clock.now()).toISOString(),
      logSeq: cut,
      later: sim.laterEvents(),
    };
    const tail = `,"runtime":${JSON.stringify(sim.ports.exportState())}`;
    const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      const fh = await open(tmp, 'w', 0o600);
      let bytes = 0;
      const write = (s: string) => ((bytes += s.length), fh.write(s));
      try {
        await write(`${JSON.stringify(head).slice(0, -1)},"callbacks":{"seq":${cbSeq},"deliveries":`);
        await writeList(write, [...deliveries]);
        await write('},"orders":');
        await writeList(write, orders);
        await write(`${tail}}`);
      } finally {
        await fh.close();
      }
      await rename(tmp, file);
      baseExists = true;
      baseBytes = bytes;
      await queue(async () => {
        const kept = sinceCut!.join('');
        sinceCut = undefined;
        const logTmp = `${log}.${process.pid}.${tmpSeq}.tmp`;
        await writeFile(logTmp, kept, { mode: 0o600 });
        await rename(logTmp, log);
        logBytes = Buffer.byteLength(kept);
      });
    } catch (e) {
      mustCompact = true;
      await rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    } finally {
      sinceCut = undefined;
    }
  }

  const grown = () => logBytes >= compactMinBytes && logBytes > baseBytes;
  function startCompacting(): Promise<void> {
    compacting = compact().finally(() => (compacting = undefined));
    return compacting;
  }

  function save(): Promise<void> {
    dirty = false;
    const records = collect();
    const steps: Promise<void>[] = [];
    if (!compacting && (mustCompact || (records.length && !baseExists) || grown())) steps.push(startCompacting());
    // the append may be what makes the log outgrow the snapshot: folded then, not at the next
    // change (the last save of a burst would otherwise leave the log long until more came)
    if (records.length)
      steps.push(append(records).then(() => (!compacting && !closed && grown() ? startCompacting() : undefined)));
    let failed = false;
    saving = Promise.all(steps)
      .then(() => undefined)
      .catch((e: unknown) => {
        // tried again on the next change and on close, not in a loop against a full disk
        failed = dirty = true;
        onError(e as Error);
      })
      .finally(() => {
        saving = undefined;
        if (dirty && !failed && !closed && !timer) arm();
      });
    return saving;
  }

  return {
    file,
    markDirty() {
      if (closed) return;
      dirty = true;
      // a save under way re-arms itself when it ends
      if (!timer && !saving) arm();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await saving;
      await save();
      await compacting;
      await io;
    },
  };
}
