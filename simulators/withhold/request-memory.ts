/**
 * The answers to recent requestIds, per merchant: what makes a retry idempotent. An identical
 * retry (same ua, requestId, method and decrypted args; the timestamp may differ) within 24 h
 * of simulator time gets the first answer's bytes again; the same requestId with other content
 * is refused. Only answers with status "1" are remembered: a refused request does not use up
 * its requestId. Bounded (the oldest are forgotten first); an admin reset clears it. It lives in the channel's runtime,
 * not in the core's ports, because a retry must be recognised while the request is read, before
 * any operation runs, and the core's ports (sequences, seen-sets) hold no answers; so it is not
 * kept across a restart (documented in the README).
 */

export const REQUEST_ID_TTL_MS = 24 * 3600_000;
const LIMIT = 100_000;

export interface Remembered {
  digest: string;
  at: number;
  body: Buffer;
}

export type Recall =
  { kind: 'new' } | { kind: 'identical'; first: Remembered } | { kind: 'conflict'; first: Remembered };

export interface RequestMemory {
  recall(ua: string, requestId: string, digest: string, now: number): Recall;
  remember(ua: string, requestId: string, entry: Remembered): void;
  clear(): void;
}

export function createRequestMemory(limit = LIMIT): RequestMemory {
  // insertion order is age order: the first key is the oldest
  const entries = new Map<string, Remembered>();
  const keyOf = (ua: string, requestId: string) => `${ua}\u0000${requestId}`;
  return {
    recall(ua, requestId, digest, now) {
      const key = keyOf(ua, requestId);
      const first = entries.get(key);
      if (!first) return { kind: 'new' };
      if (now - first.at >= REQUEST_ID_TTL_MS) {
        entries.delete(key);
        return { kind: 'new' };
      }
      return first.digest === digest ? { kind: 'identical', first } : { kind: 'conflict', first };
    },
    remember(ua, requestId, entry) {
      const key = keyOf(ua, requestId);
      if (entries.has(key)) return;
      entries.set(key, entry);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
    clear: () => entries.clear(),
  };
}
