/**
 * The saved-state file of one simulator (`<dataDir>/<channel>.state.json`): its format, where it
 * lives, and reading it back at start-up. Reading checks the shape of everything the core will
 * trust (orders, deliveries, timed events) before anything is restored, so a damaged file stops
 * start-up with one SimError naming the file and what to do, never a crash mid-run. It does not
 * write (persistence.ts does) and knows no channel: the runtime part is the channel's to check.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Delivery, DeliveriesExport } from './callback-dispatcher.ts';
import { SimError } from './errors.ts';
import type { Order } from './order-store.ts';
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
}

export function statePath(dataDir: string, channel: string): string {
  return join(dataDir, `${channel}.state.json`);
}

/** the error every unusable state file ends in: which file, what is wrong, how to get going */
export function stateFileError(file: string, what: string, cause?: unknown): SimError {
  return new SimError(
    'SIM_ERR_BOOT_CONFIG',
    `saved state ${file}: ${what}; remove it to start without the saved orders and callbacks (rm "${file}"), or start without --persist / SIM_PERSIST`,
    { field: basename(file), ...(cause === undefined ? {} : { cause }) },
  );
}

/** the saved state, or undefined when there is none yet; throws SIM_ERR_BOOT_CONFIG when unusable */
export function readState(file: string, channel: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw stateFileError(file, `cannot be read (${(e as Error).message})`, e);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw stateFileError(file, `is not valid JSON (${(e as Error).message})`, e);
  }
  const problem = checkState(json, channel);
  if (problem) throw stateFileError(file, problem);
  return json as SavedState;
}

type Expect = 'string' | 'number' | 'object' | 'array' | 'string[]' | 'number?';

const ORDER: Record<string, Expect> = {
  key: 'string', kind: 'string', state: 'string', merchant: 'string', createdAt: 'number', updatedAt: 'number',
  scenarioId: 'string', scenarioWhy: 'string', cursors: 'object', aliases: 'string[]', history: 'array', data: 'object',
};
const DELIVERY: Record<string, Expect> = {
  id: 'string', orderKey: 'string', event: 'string', status: 'string', createdAt: 'number', nextAt: 'number?',
  copy: 'number', tamperAttempts: 'number', attempts: 'array',
};
const LATER: Record<string, Expect> = { orderKey: 'string', event: 'string', at: 'number' };
const STATUSES: ReadonlySet<Delivery['status']> = new Set(['scheduled', 'retrying', 'acked', 'gave-up', 'skipped']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fits(v: unknown, e: Expect): boolean {
  switch (e) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'number?': return v === undefined || (typeof v === 'number' && Number.isFinite(v));
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

/** the first thing wrong with a list of records, as "orders[3].key must be a string" */
function checkList(v: unknown, where: string, shape: Record<string, Expect>): string | undefined {
  if (!Array.isArray(v)) return `"${where}" must be a list`;
  for (const [i, item] of v.entries()) {
    if (!isObject(item)) return `${where}[${i}] must be an object`;
    for (const [field, e] of Object.entries(shape)) {
      if (!fits(item[field], e)) return `${where}[${i}].${field} must be ${e === 'number?' ? 'a number or absent' : `a ${e}`}`;
    }
  }
  return undefined;
}

/** what is wrong with a parsed state file, or undefined */
export function checkState(v: unknown, channel: string): string | undefined {
  if (!isObject(v)) return 'is not a JSON object';
  if (v.format !== STATE_FORMAT) return `has format ${JSON.stringify(v.format)}, expected "${STATE_FORMAT}"`;
  if (v.channel !== channel) return `belongs to channel ${JSON.stringify(v.channel)}, not "${channel}"`;
  const cb = v.callbacks;
  if (!isObject(cb) || !fits(cb.seq, 'number')) return '"callbacks" must be an object with a numeric "seq"';
  const problem = checkList(v.orders, 'orders', ORDER) ?? checkList(cb.deliveries, 'callbacks.deliveries', DELIVERY) ?? checkList(v.later, 'later', LATER);
  if (problem) return problem;
  const bad = (cb.deliveries as Delivery[]).findIndex((d) => !STATUSES.has(d.status));
  return bad < 0 ? undefined : `callbacks.deliveries[${bad}].status must be one of ${[...STATUSES].join(', ')}`;
}
