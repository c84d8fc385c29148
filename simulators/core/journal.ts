/**
 * The journal: every request served, every outside-world event and every callback attempt, with
 * what was decoded, which scenario was chosen and why, warnings, and what went back. Bounded (a
 * ring), so a long-running simulator never grows without limit. Secret headers never leave it:
 * entries keep headers as they came (copying them on every request was a measurable cost) and
 * are redacted when read.
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
  request?: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string };
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

/** an entry as it may be shown: secret request headers redacted */
function view(e: JournalEntry): JournalEntry {
  return e.request ? { ...e, request: { ...e.request, headers: redactHeaders(e.request.headers) } } : e;
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
      // the caller hands over a fresh object: it becomes the entry
      const entry = e as JournalEntry;
      entry.id = ++seq;
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
        out.push(view(e));
        if (out.length >= (filter.limit ?? 200)) break;
      }
      return out.reverse();
    },
    get: (id) => {
      const e = ring.find((x) => x.id === id);
      return e && view(e);
    },
    clear() {
      ring = [];
      oldest = 0;
    },
  };
}
