/**
 * What the core remembers for a channel besides orders: named sequences (platform order numbers
 * that must continue after a restart, or a new order would take an old one's number) and
 * "seen once" sets (request numbers already served, so a duplicate gets the upstream's duplicate
 * answer). Channels reach them through the operation context; the core saves and restores them
 * with the orders, so no channel writes or checks a snapshot of its own. Each set is bounded:
 * past `setLimit` keys the oldest are forgotten (a duplicate of a request that old is then
 * accepted again, which is what an upstream's own retention window does too). Persistence takes
 * what changed since its last save (takeChanges), never the whole state: a seen-set of 200,000
 * request numbers is not rewritten because one was added.
 */
import type { RuntimePorts } from './channel.ts';

export interface PortsExport {
  sequences: Record<string, number>;
  seen: Record<string, string[]>;
}

/** what changed since the last takeChanges(): sequences' new values, keys added, a reset first */
export interface PortsDelta {
  forgotSeen?: boolean;
  sequences?: Record<string, number>;
  seen?: Record<string, string[]>;
}

export interface Ports extends RuntimePorts {
  exportState(): PortsExport;
  /** continue from a saved state (sequences never go backwards); returns what is wrong, or undefined */
  importState(saved: unknown): string | undefined;
  /** admin reset: forget the seen-sets; sequences go on, so numbers handed out before a reset
   *  stay unique in the merchant's own logs */
  forgetSeen(): void;
  /** what changed since the last call, undefined when nothing did; recorded from the first call */
  takeChanges(): PortsDelta | undefined;
}

export function createPorts(setLimit = 200_000): Ports {
  const sequences = new Map<string, number>();
  const sets = new Map<string, Set<string>>();
  let tracking = false;
  let delta: { forgotSeen: boolean; sequences: Map<string, number>; seen: Map<string, string[]> } | undefined;
  const changes = () => (delta ??= { forgotSeen: false, sequences: new Map(), seen: new Map() });
  const setOf = (name: string) => {
    let s = sets.get(name);
    if (!s) sets.set(name, (s = new Set()));
    return s;
  };
  return {
    next(name) {
      const n = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, n);
      if (tracking) changes().sequences.set(name, n);
      return n;
    },
    once(name, key) {
      const s = setOf(name);
      if (s.has(key)) return false;
      s.add(key);
      if (tracking) {
        const added = changes().seen;
        const list = added.get(name);
        if (list) list.push(key);
        else added.set(name, [key]);
      }
      // a Set iterates in insertion order: the first key is the oldest
      if (s.size > setLimit) s.delete(s.values().next().value as string);
      return true;
    },
    exportState: () => ({
      sequences: Object.fromEntries(sequences),
      seen: Object.fromEntries([...sets].map(([name, s]) => [name, [...s]])),
    }),
    importState(saved) {
      if (typeof saved !== 'object' || saved === null) return 'must be an object with "sequences" and "seen"';
      const { sequences: seqs = {}, seen = {} } = saved as Partial<PortsExport>;
      if (typeof seqs !== 'object' || seqs === null || Array.isArray(seqs))
        return '"sequences" must be an object of numbers';
      for (const [name, n] of Object.entries(seqs)) {
        if (!Number.isSafeInteger(n) || n < 0)
          return `sequence ${name} must be a whole number ≥ 0, not ${JSON.stringify(n)}`;
      }
      if (typeof seen !== 'object' || seen === null || Array.isArray(seen))
        return '"seen" must be an object of string lists';
      for (const [name, keys] of Object.entries(seen)) {
        if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
          return `seen.${name} must be a list of strings`;
      }
      for (const [name, n] of Object.entries(seqs)) sequences.set(name, Math.max(sequences.get(name) ?? 0, n));
      for (const [name, keys] of Object.entries(seen)) for (const k of keys) setOf(name).add(k);
      return undefined;
    },
    forgetSeen() {
      sets.clear();
      // the keys added before the reset are gone with it
      if (tracking) Object.assign(changes(), { forgotSeen: true, seen: new Map() });
    },
    takeChanges() {
      tracking = true;
      const d = delta;
      delta = undefined;
      if (!d) return undefined;
      return {
        ...(d.forgotSeen ? { forgotSeen: true } : {}),
        ...(d.sequences.size ? { sequences: Object.fromEntries(d.sequences) } : {}),
        ...(d.seen.size ? { seen: Object.fromEntries(d.seen) } : {}),
      };
    },
  };
}

/** a saved ports state with a delta laid over it (restore replays the change log with it) */
export function applyPortsDelta(base: unknown, d: PortsDelta): PortsExport {
  const b = (typeof base === 'object' && base !== null ? base : {}) as Partial<PortsExport>;
  const sequences = { ...b.sequences, ...d.sequences };
  const seen: Record<string, string[]> = d.forgotSeen ? {} : { ...b.seen };
  for (const [name, keys] of Object.entries(d.seen ?? {})) seen[name] = [...(seen[name] ?? []), ...keys];
  return { sequences, seen };
}
