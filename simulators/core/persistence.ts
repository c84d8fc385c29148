/**
 * Optional persistence of one simulator: its orders (data, aliases, scenario bindings and
 * cursors), its callback deliveries with their attempts, its timed scenario events and what its
 * channel's runtime must not forget (id sequences…) are saved to one JSON file and put back at
 * the next start. Saving is off the request path: a change only marks the state dirty, and the
 * whole state is written at most every `debounceMs` (and on close), asynchronously, to a
 * temporary file renamed over the old one, so a crash leaves the previous save intact. The
 * journal is not saved. A failed write is reported and retried on the next change; it never
 * stops the simulator. It knows no channel and reads no order's data.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Sim } from './sim.ts';
import { STATE_FORMAT, stateFileError, type SavedState } from './state-file.ts';

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

/** the state as plain data; live objects, so it must be serialised at once */
export function snapshotSim(sim: Sim<unknown>): SavedState {
  return {
    format: STATE_FORMAT,
    channel: sim.channel.name,
    savedAt: new Date(sim.clock.now()).toISOString(),
    orders: sim.store.list().reverse(),
    callbacks: sim.dispatcher.exportDeliveries(),
    later: sim.laterEvents(),
    runtime: sim.ports.exportState(),
  };
}

/** put a checked saved state (readState) into a fresh sim: runtime, orders, then what is due */
export function restoreSim(sim: Sim<unknown>, saved: SavedState, file: string): Restored {
  if (saved.runtime !== undefined) {
    const problem = sim.ports.importState(saved.runtime);
    if (problem) throw stateFileError(file, `runtime: ${problem}`);
  }
  for (const order of saved.orders) sim.store.put(order);
  sim.dispatcher.importDeliveries(saved.callbacks);
  for (const e of saved.later) sim.restoreLater(e);
  const pending = saved.callbacks.deliveries.filter((d) => d.status === 'scheduled' || d.status === 'retrying').length;
  return { orders: saved.orders.length, deliveries: saved.callbacks.deliveries.length, pending, later: saved.later.length };
}

export function createPersistence(sim: Sim<unknown>, file: string, opts: PersistenceOptions = {}): Persistence {
  const debounceMs = opts.debounceMs ?? 200;
  const onError = opts.onError ?? ((e: Error) => process.emitWarning(`channel-sim: cannot save ${file}: ${e.message}`));
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let dirty = false;
  let closed = false;
  /** how long serialising took last time: a big state waits longer between saves */
  let costMs = 0;
  let tmpSeq = 0;

  // A real timer, not the simulator clock, on purpose: saving is disk I/O in real time, and a
  // manual clock (which only moves when told) would never save; it would also show up in the
  // clock's pending timers. unref'd: a pending save never keeps a process alive (close saves).
  function arm(): void {
    timer = setTimeout(() => {
      timer = undefined;
      void save();
    }, Math.max(debounceMs, costMs * 10));
    timer.unref();
  }

  async function writeOut(): Promise<void> {
    const started = performance.now();
    const text = JSON.stringify(snapshotSim(sim));
    costMs = performance.now() - started;
    const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  }

  function save(): Promise<void> {
    dirty = false;
    let failed = false;
    writing = writeOut()
      .catch((e: unknown) => {
        // tried again on the next change and on close, not in a loop against a full disk
        failed = dirty = true;
        onError(e as Error);
      })
      .finally(() => {
        writing = undefined;
        if (dirty && !failed && !closed && !timer) arm();
      });
    return writing;
  }

  return {
    file,
    markDirty() {
      if (closed) return;
      dirty = true;
      // a save under way re-arms itself when it ends
      if (!timer && !writing) arm();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await writing;
      await save();
    },
  };
}
