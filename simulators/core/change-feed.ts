/**
 * The change-notification port: a simulator tells whoever listens (the dashboard's live stream)
 * that something changed — a journal entry was added (a request served, an event, a callback
 * attempt: every change to orders and deliveries writes one), the journal was cleared (a
 * reset), the admin overrides changed, or the scenario set was replaced. A change names what
 * moved, never its content: a listener reads the admin API for that.
 * Bounded: at most `maxListeners` at a time (a subscribe past it is refused, not queued), and a
 * listener that throws is dropped, so one broken stream cannot stop the simulator or the others.
 * With no listener a publish is one size check: the request path pays nothing for it.
 */
import type { Journal, JournalKind } from './journal.ts';

export type Change =
  | { type: 'journal'; id: number; kind: JournalKind; operation: string; orderKey?: string; deliveryId?: string }
  | { type: 'cleared' }
  /** an admin scenario override was added, consumed (once) or dropped */
  | { type: 'overrides' }
  /** the scenario set was replaced (a scenario file changed and the new set validated) */
  | { type: 'scenarios' };

export type ChangeListener = (change: Change) => void;

export interface ChangeFeed {
  publish(change: Change): void;
  /** the listener is called for every change from now on; the function returned removes it */
  subscribe(listener: ChangeListener): () => void;
  /** how many listen now */
  listeners(): number;
}

export const DEFAULT_MAX_CHANGE_LISTENERS = 32;

export class TooManyListeners extends Error {}

export function createChangeFeed(opts: { maxListeners?: number } = {}): ChangeFeed {
  const max = opts.maxListeners ?? DEFAULT_MAX_CHANGE_LISTENERS;
  const listeners = new Set<ChangeListener>();
  return {
    publish(change) {
      if (!listeners.size) return;
      for (const l of [...listeners]) {
        try {
          l(change);
        } catch {
          listeners.delete(l);
        }
      }
    },
    subscribe(listener) {
      if (listeners.size >= max) throw new TooManyListeners(`at most ${max} listeners at a time`);
      // a wrapper of its own: the same function subscribed twice is two subscriptions
      const own: ChangeListener = (c) => listener(c);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    listeners: () => listeners.size,
  };
}

/** the journal, telling the feed about each entry added and each clear (the same entries kept) */
export function notifyingJournal(journal: Journal, feed: ChangeFeed): Journal {
  return {
    ...journal,
    add(e) {
      const entry = journal.add(e);
      // every request adds an entry: with no one listening, not even the change is built
      if (feed.listeners() > 0)
        feed.publish({
          type: 'journal',
          id: entry.id,
          kind: entry.kind,
          operation: entry.operation,
          orderKey: entry.orderKey,
          deliveryId: entry.deliveryId,
        });
      return entry;
    },
    clear() {
      journal.clear();
      feed.publish({ type: 'cleared' });
    },
  };
}
