/**
 * The journal: every request served, every outside-world event and every callback attempt, with
 * what was decoded, which scenario was chosen and why, warnings, and what went back. Bounded
 * three ways, so neither a long run nor one hostile request can grow or break it: by count (a
 * ring), by an estimate of the bytes its entries hold (the oldest go first), and by the depth of
 * the decoded fields it keeps (a body nesting 20,000 levels would otherwise make every later
 * listing fail to serialise). Secret headers never leave it: entries keep headers as they came
 * (copying them on every request was a measurable cost) and are redacted when read. It must not
 * read a protocol field: fields are kept, never interpreted.
 */

export type JournalKind = 'request' | 'event' | 'callback';

/** a body as the journal keeps it: text, or the bytes as they came (shown as text when read) */
export type JournalBody = string | Buffer;

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
  request?: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: JournalBody };
  /** a forwarded callback: where it really went (request.url is the merchant's notify URL) */
  forwardedTo?: string;
  fields?: Record<string, unknown>;
  response?: { status: number; headers?: Record<string, string>; body: JournalBody };
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
  /** a body exactly as it came or went (the bytes a signature is over, in the wire's charset);
   *  a body kept as text is its UTF-8 */
  bytes(id: number, part: 'request' | 'response'): Buffer | undefined;
  clear(): void;
}

export interface JournalOptions {
  /** most entries kept (default 5,000) */
  capacity?: number;
  /** most bytes the kept entries may hold, estimated (default 64 MiB); the newest entry is
   *  always kept */
  maxBytes?: number;
  /** how bodies kept as bytes read as text (the channel's charset; default UTF-8) */
  text?: (body: Buffer) => string;
}

export const DEFAULT_JOURNAL_CAPACITY = 5000;
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;
/** decoded fields deeper than this are cut (no upstream nests beyond a handful of levels) */
export const JOURNAL_MAX_DEPTH = 32;

const SECRET_HEADERS = /^(authorization|x-admin-token|cookie|proxy-authorization)$/i;

export function redactHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.test(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

const utf8 = (b: Buffer) => b.toString('utf8');

/**
 * An entry as it may be shown: secret request headers redacted, bodies as text. Wire bodies are
 * kept as the bytes that came and went and decoded only here, when someone reads the journal:
 * decoding both on every request was a string per body to allocate and keep (~4% of a
 * benchmark prepay), for entries most of which are never read.
 */
function view(e: JournalEntry, text: (b: Buffer) => string): JournalEntry {
  const asText = (b: JournalBody) => (typeof b === 'string' ? b : text(b));
  if (!e.request && !e.response) return e;
  return {
    ...e,
    request: e.request && { ...e.request, headers: redactHeaders(e.request.headers), body: asText(e.request.body) },
    response: e.response && { ...e.response, body: asText(e.response.body) },
  };
}

/** what every entry costs besides its bodies, fields and headers (the object, ids, strings) */
const ENTRY_OVERHEAD = 512;
/** a cut-off subtree, where the fields went deeper than JOURNAL_MAX_DEPTH */
const CUT = `[cut: deeper than ${JOURNAL_MAX_DEPTH} levels]`;

/** bytes counted by the walk under way (a counter, not a {value, bytes} pair per node: the
 *  walk runs over every request's fields) */
let counted = 0;

function bound(v: unknown, depth: number): unknown {
  if (typeof v === 'string') {
    counted += v.length + 16;
    return v;
  }
  counted += 16;
  if (v === null || typeof v !== 'object') return v;
  if (depth >= JOURNAL_MAX_DEPTH) return CUT;
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = bound(v[i], depth + 1);
      if (x !== v[i]) (copy ??= v.slice())[i] = x;
    }
    return copy ?? v;
  }
  const o = v as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const k in o) {
    counted += k.length;
    const x = bound(o[k], depth + 1);
    if (x !== o[k]) (copy ??= { ...o })[k] = x;
  }
  return copy ?? v;
}

/**
 * `v` with everything deeper than JOURNAL_MAX_DEPTH replaced by a marker, and its estimated
 * size. Unchanged values are returned as they are (no copy: the request path stays cheap); the
 * walk itself never recurses deeper than the bound.
 */
export function boundDepth(v: unknown, depth = 0): { value: unknown; bytes: number } {
  counted = 0;
  const value = bound(v, depth);
  return { value, bytes: counted };
}

// a string's length in chars or a Buffer's in bytes: close enough to what it holds, O(1)
const bodyBytes = (b: JournalBody | undefined) => b?.length ?? 0;

function headerBytes(h: Record<string, unknown> | undefined): number {
  let n = 0;
  if (h) for (const k in h) n += k.length + String(h[k] ?? '').length + 16;
  return n;
}

/** bounds the entry's fields in place (a fresh object handed over by the caller); its size */
function admit(entry: JournalEntry): number {
  let bytes = ENTRY_OVERHEAD + bodyBytes(entry.request?.body) + bodyBytes(entry.response?.body);
  bytes += headerBytes(entry.request?.headers) + headerBytes(entry.response?.headers);
  if (entry.fields) {
    const b = boundDepth(entry.fields);
    if (b.value !== entry.fields) {
      entry.fields = b.value as Record<string, unknown>;
      entry.warnings = [
        ...entry.warnings,
        `decoded fields nest deeper than ${JOURNAL_MAX_DEPTH} levels; the journal keeps the first ${JOURNAL_MAX_DEPTH}`,
      ];
    }
    bytes += b.bytes;
  }
  return bytes;
}

export function createJournal(opts: JournalOptions = {}): Journal {
  const capacity = opts.capacity ?? DEFAULT_JOURNAL_CAPACITY;
  const maxBytes = opts.maxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
  const text = opts.text ?? utf8;
  // a ring of `count` entries from `start`, each with its estimated size; once full, an add
  // overwrites the oldest in place (copying the whole array per add cost the LFT benchmark ~6%)
  let ring: JournalEntry[] = [];
  let sizes: number[] = [];
  let start = 0;
  let count = 0;
  let bytes = 0;
  let seq = 0;
  /** the i-th oldest entry */
  const slot = (i: number) => (start + i) % capacity;
  function dropOldest(): void {
    bytes -= sizes[start]!;
    ring[start] = undefined as unknown as JournalEntry; // let it be collected now
    start = (start + 1) % capacity;
    count--;
  }
  /** the entry with this id as kept, if it is still kept: ids are consecutive from the oldest */
  function kept(id: number): JournalEntry | undefined {
    if (!count) return undefined;
    const offset = id - ring[start]!.id;
    return offset >= 0 && offset < count ? ring[slot(offset)] : undefined;
  }
  return {
    add(e) {
      // the caller hands over a fresh object: it becomes the entry
      const entry = e as JournalEntry;
      entry.id = ++seq;
      if (capacity < 1) return entry;
      const size = admit(entry);
      if (count === capacity) dropOldest();
      const i = slot(count);
      ring[i] = entry;
      sizes[i] = size;
      count++;
      bytes += size;
      while (bytes > maxBytes && count > 1) dropOldest();
      return entry;
    },
    list(filter = {}) {
      const out: JournalEntry[] = [];
      for (let i = count - 1; i >= 0; i--) {
        const e = ring[slot(i)]!;
        if (filter.orderKey && e.orderKey !== filter.orderKey) continue;
        if (filter.kind && e.kind !== filter.kind) continue;
        if (filter.operation && e.operation !== filter.operation) continue;
        out.push(view(e, text));
        if (out.length >= (filter.limit ?? 200)) break;
      }
      return out.reverse();
    },
    get(id) {
      const e = kept(id);
      return e && view(e, text);
    },
    bytes(id, part) {
      const body = kept(id)?.[part]?.body;
      return body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    },
    clear() {
      ring = [];
      sizes = [];
      start = count = bytes = 0;
    },
  };
}
