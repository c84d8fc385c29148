/**
 * The journal: every request served, every outside-world event and every callback attempt, with
 * what was decoded, which scenario was chosen and why, warnings, and what went back. Bounded (a
 * ring), so a long-running simulator never grows without limit. Secrets never enter it: callers
 * pass headers through redactHeaders().
 */

export type JournalKind = 'request' | 'event' | 'callback';

export interface JournalEntry {
  id: number;
  at: number;
  kind: JournalKind;
  channel: string;
  operation: string;
  orderKey?: string;
  scenario?: string;
  why?: string;
  step?: number;
  request?: { method: string; url: string; headers: Record<string, string>; body: string };
  fields?: Record<string, unknown>;
  response?: { status: number; headers?: Record<string, string>; body: string };
  error?: { code: string; message: string };
  fault?: string;
  warnings: string[];
  durationMs?: number;
  /** callback attempts: which delivery and which try */
  deliveryId?: string;
  attempt?: number;
}

export interface Journal {
  add(e: Omit<JournalEntry, 'id'>): JournalEntry;
  list(filter?: { orderKey?: string; kind?: JournalKind; operation?: string; limit?: number }): JournalEntry[];
  get(id: number): JournalEntry | undefined;
  clear(): void;
}

const SECRET_HEADERS = /^(authorization|x-admin-token|cookie|proxy-authorization)$/i;

export function redactHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.test(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

export function createJournal(capacity = 5000): Journal {
  // a ring: once full, each add overwrites the oldest entry in place. (Copying the whole array
  // on every add once full cost the LFT benchmark ~6% of each request.)
  let ring: JournalEntry[] = [];
  let oldest = 0;
  let seq = 0;
  /** the i-th oldest entry */
  const at = (i: number) => ring[(oldest + i) % ring.length]!;
  return {
    add(e) {
      const entry = { ...e, id: ++seq };
      if (capacity < 1) return entry;
      if (ring.length < capacity) ring.push(entry);
      else {
        ring[oldest] = entry;
        oldest = (oldest + 1) % capacity;
      }
      return entry;
    },
    list(filter = {}) {
      const out: JournalEntry[] = [];
      for (let i = ring.length - 1; i >= 0; i--) {
        const e = at(i);
        if (filter.orderKey && e.orderKey !== filter.orderKey) continue;
        if (filter.kind && e.kind !== filter.kind) continue;
        if (filter.operation && e.operation !== filter.operation) continue;
        out.push(e);
        if (out.length >= (filter.limit ?? 200)) break;
      }
      return out.reverse();
    },
    get: (id) => ring.find((e) => e.id === id),
    clear() {
      ring = [];
      oldest = 0;
    },
  };
}
