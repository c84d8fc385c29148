/**
 * Callbacks: schedule a delivery, try it, retry on the channel's schedule until the merchant
 * acknowledges or the schedule ends, and replay any delivery later, re-signed or byte for byte.
 * Each attempt is built fresh from the order as it is now, sent through the send() port, judged
 * by the channel's isAck, and journalled with request, response or error, and duration.
 * The dispatcher knows no channel: building and judging are the channel's. Its deliveries can be
 * exported as plain data and imported into a fresh dispatcher (persistence across a restart):
 * pending ones are rescheduled at their nextAt, finished ones kept for the admin listing.
 * An attempt in flight is the delivery's own: the clock starts it and never waits on it, so a
 * merchant that never answers holds no other delivery. It never sends to an admin API.
 */
import type { BuildCallback } from './callback-builder.ts';
import type { ChannelCallbacks, OutboundRequest } from './channel.ts';
import type { SendResult } from './send.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { Journal } from './journal.ts';
import type { OrderStore } from './order-store.ts';
import { nextRetryDelay } from './retry-schedule.ts';
import { CALLBACK_MARKER, adminTargetRefusal, type Send } from './send.ts';
import type { CallbackStep } from '../../scenarios/schema.ts';
import { forwardedUrl } from './forward-url.ts';
import { logAttempt } from './attempt-log.ts';
import { silentLogger, type SimLogger } from './logger.ts';

export interface Attempt {
  n: number;
  at: number;
  request: OutboundRequest;
  response?: { status: number; body: string };
  error?: string;
  durationMs: number;
  acked: boolean;
  tampered: boolean;
  /** where the attempt was actually sent when callbacks are forwarded (request.url stays the
   *  merchant's notify URL) */
  forwardedTo?: string;
}

export type DeliveryStatus = 'scheduled' | 'retrying' | 'acked' | 'gave-up' | 'skipped';

export interface Delivery {
  id: string;
  orderKey: string;
  event: string;
  status: DeliveryStatus;
  createdAt: number;
  nextAt?: number;
  /** 1-based copy number when a scenario duplicates a callback */
  copy: number;
  tamper?: CallbackStep['tamper'];
  tamperAttempts: number;
  replayOf?: string;
  replayMode?: 'resign' | 'exact';
  attempts: Attempt[];
  note?: string;
}

export interface DispatcherDeps<R> {
  channel: string;
  callbacks: Pick<ChannelCallbacks<R>, 'schedule' | 'isAck'> & { build: BuildCallback<R> };
  runtime: R;
  clock: Clock;
  store: OrderStore;
  journal: Journal;
  send: Send;
  /** multiplies every wait (first delay and retries): 0.001 turns a day into under 90 s */
  timeScale: number;
  /** told after an attempt changed a delivery (persistence saves then) */
  onChange?: () => void;
  /** most deliveries kept (default 100,000): past it the oldest finished ones are forgotten */
  maxDeliveries?: number;
  /** one line per attempt (info), a give-up (warn) */
  log?: SimLogger;
  /** a base URL every callback goes to instead, with the merchant URL's path and query */
  forwardTo?: string;
}

/** the dispatcher's state as plain data: every delivery, and the last id handed out */
export interface DeliveriesExport {
  seq: number;
  deliveries: Delivery[];
}

const PENDING: ReadonlySet<DeliveryStatus> = new Set(['scheduled', 'retrying']);
export const DEFAULT_MAX_DELIVERIES = 100_000;

export interface Dispatcher {
  schedule(orderKey: string, cb: CallbackStep): Delivery[];
  list(filter?: { orderKey?: string; status?: DeliveryStatus }): Delivery[];
  get(id: string): Delivery | undefined;
  replay(id: string, mode: 'resign' | 'exact'): Promise<Delivery>;
  /** every delivery as it is now (live objects: serialise them before the next tick) */
  exportDeliveries(): DeliveriesExport;
  /** take deliveries over from an export: pending ones are due at their nextAt, or at once when
   *  it has passed or an attempt was under way; ids continue after the export's */
  importDeliveries(saved: DeliveriesExport): void;
  /** the deliveries changed since the last call (persistence saves only those), the last id
   *  handed out, and whether clear() came first; recorded from the first call on */
  takeChanges(): { cleared: boolean; seq: number; deliveries: Delivery[] };
  clear(): void;
}

/** the same path on the discard port of loopback: nothing listens there, the connect is refused */
function unreachable(url: string): string {
  const u = new URL(url);
  return `http://127.0.0.1:9${u.pathname}${u.search}`;
}

export function createDispatcher<R>(d: DispatcherDeps<R>): Dispatcher {
  const deliveries = new Map<string, Delivery>();
  const timers = new Map<string, TimerHandle>();
  /** the attempt under way per delivery: a delivery has at most one */
  const inFlight = new Map<string, Promise<void>>();
  let seq = 0;
  /** bumped by clear(): an attempt that was in flight across a reset changes nothing after it */
  let generation = 0;
  /** deliveries changed since takeChanges(), once it has been called (persistence is on) */
  let changed: Set<Delivery> | undefined;
  let cleared = false;
  const touch = (delivery: Delivery) => changed?.add(delivery);
  const newId = () => `cb_${String(++seq).padStart(6, '0')}`;
  const maxDeliveries = Math.max(1, d.maxDeliveries ?? DEFAULT_MAX_DELIVERIES);
  const log = d.log ?? silentLogger;

  /** below this size no scan for finished deliveries is worth making (see keep) */
  let rescanAt = 0;

  /** a new delivery; past the cap the oldest finished ones go, down to 90% of it at once, so
   *  the scan past old pending ones is paid once per tenth of the cap, not per delivery. When
   *  the scan cannot get there (nearly all still pending: a merchant down under load), the next
   *  one waits for another tenth of the cap of new deliveries instead of running on every one */
  function keep(delivery: Delivery): void {
    deliveries.set(delivery.id, delivery);
    touch(delivery);
    if (deliveries.size <= maxDeliveries || deliveries.size < rescanAt) return;
    const target = Math.floor(maxDeliveries * 0.9);
    for (const [id, old] of deliveries) {
      if (deliveries.size <= target) break;
      if (!PENDING.has(old.status) && !inFlight.has(id) && old !== delivery) deliveries.delete(id);
    }
    rescanAt = deliveries.size > target ? deliveries.size + Math.max(1, Math.floor(maxDeliveries / 10)) : 0;
  }

  function plan(delivery: Delivery, waitMs: number): void {
    planAt(delivery, d.clock.now() + waitMs);
  }

  function planAt(delivery: Delivery, at: number): void {
    delivery.nextAt = at;
    timers.set(
      delivery.id,
      d.clock.at(at, () => attempt(delivery)),
    );
  }

  /** one HTTP try; a request aimed at an admin API fails here, journalled like any failure */
  async function sendChecked(request: OutboundRequest): Promise<SendResult> {
    const refusal = adminTargetRefusal(request.url);
    if (refusal) throw new Error(refusal);
    return d.send(request, d.callbacks.schedule.attemptTimeoutMs);
  }

  /** `forward`: false for an attempt that must fail (the merchant "down"), which no forwarding
   *  may make reachable */
  async function tryOnce(
    delivery: Delivery,
    built: OutboundRequest,
    tampered: boolean,
    forward = true,
  ): Promise<Attempt | undefined> {
    const at = d.clock.now();
    const started = performance.now();
    const gen = generation;
    // marked, so the admin guard of any simulator refuses it (admin-auth.ts)
    const request = {
      ...built,
      headers: { ...built.headers, [CALLBACK_MARKER]: `${delivery.id}/${delivery.attempts.length + 1}` },
    };
    const forwardedTo = forward && d.forwardTo ? forwardedUrl(d.forwardTo, request.url) : undefined;
    const a: Attempt = { n: delivery.attempts.length + 1, at, request, durationMs: 0, acked: false, tampered };
    if (forwardedTo) a.forwardedTo = forwardedTo;
    try {
      // the admin rule holds for where it really goes: the forwarded URL is checked too
      const res = await sendChecked(forwardedTo ? { ...request, url: forwardedTo } : request);
      a.response = { status: res.status, body: res.body };
      a.acked = d.callbacks.isAck(res, { order: d.store.get(delivery.orderKey), runtime: d.runtime });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      a.error = err.cause?.code
        ? `${err.message} (${err.cause.code})`
        : err.name === 'TimeoutError'
          ? 'timed out'
          : err.message;
    }
    a.durationMs = Math.round(performance.now() - started);
    if (gen !== generation) return undefined; // reset while it was under way
    delivery.attempts.push(a);
    d.journal.add({
      at,
      kind: 'callback',
      channel: d.channel,
      operation: delivery.event,
      orderKey: delivery.orderKey,
      deliveryId: delivery.id,
      attempt: a.n,
      request: { method: request.method, url: request.url, headers: request.headers, body: request.body },
      forwardedTo,
      response: a.response,
      error: a.error ? { code: 'SEND_FAILED', message: a.error } : undefined,
      warnings: tampered ? [`attempt deliberately tampered (${delivery.tamper})`] : [],
      durationMs: a.durationMs,
    });
    return a;
  }

  function attempt(delivery: Delivery): Promise<void> {
    const under = inFlight.get(delivery.id);
    if (under) return under;
    const running = attemptOnce(delivery).finally(() => {
      inFlight.delete(delivery.id);
      touch(delivery);
      d.onChange?.();
    });
    inFlight.set(delivery.id, running);
    return running;
  }

  async function attemptOnce(delivery: Delivery): Promise<void> {
    timers.delete(delivery.id);
    delivery.nextAt = undefined;
    const order = d.store.get(delivery.orderKey);
    const tampered = !!delivery.tamper && delivery.attempts.length < delivery.tamperAttempts;
    const tamper = tampered ? delivery.tamper : undefined;
    const built = order && d.callbacks.build(delivery.event, order, d.runtime, { now: d.clock.now(), tamper });
    const down = tamper === 'unreachable';
    const request = built && down ? { ...built, url: unreachable(built.url) } : built;
    if (!request) {
      delivery.status = 'skipped';
      delivery.note = order ? `the order has no notify URL for ${delivery.event}` : 'the order no longer exists';
      log.info(
        { kind: 'callback', delivery: delivery.id, event: delivery.event, skipped: true },
        `callback ${delivery.id} ${delivery.event} skipped: ${delivery.note}`,
      );
      return;
    }
    const a = await tryOnce(delivery, request, tampered, !down);
    if (!a) return;
    if (a.acked) {
      delivery.status = 'acked';
      logAttempt(log, delivery, a);
      return;
    }
    const wait = nextRetryDelay(d.callbacks.schedule, delivery.attempts.length, d.timeScale);
    if (wait === undefined) {
      delivery.status = 'gave-up';
      logAttempt(log, delivery, a);
      return;
    }
    delivery.status = 'retrying';
    // counted from when the attempt began (on this clock), so a slow or hung answer does not
    // push the schedule back, and a retry is due relative to its parent however long it took
    planAt(delivery, a.at + wait);
    logAttempt(log, delivery, a);
  }

  return {
    schedule(orderKey, cb) {
      const out: Delivery[] = [];
      for (let copy = 1; copy <= (cb.copies ?? 1); copy++) {
        const delivery: Delivery = {
          id: newId(),
          orderKey,
          event: cb.event,
          status: 'scheduled',
          createdAt: d.clock.now(),
          copy,
          tamper: cb.tamper,
          tamperAttempts: cb.tamper ? (cb.tamperAttempts ?? 1) : 0,
          attempts: [],
        };
        keep(delivery);
        plan(delivery, Math.round((cb.afterMs ?? 0) * d.timeScale));
        out.push(delivery);
      }
      return out;
    },
    list(filter = {}) {
      return [...deliveries.values()].filter(
        (x) => (!filter.orderKey || x.orderKey === filter.orderKey) && (!filter.status || x.status === filter.status),
      );
    },
    get: (id) => deliveries.get(id),
    async replay(id, mode) {
      const source = deliveries.get(id);
      if (!source) throw new Error(`no delivery ${id}`);
      const delivery: Delivery = {
        id: newId(),
        orderKey: source.orderKey,
        event: source.event,
        status: 'scheduled',
        createdAt: d.clock.now(),
        copy: 1,
        tamperAttempts: 0,
        replayOf: source.id,
        replayMode: mode,
        attempts: [],
      };
      keep(delivery);
      // exact: the last bytes we sent, again (a captured notification replayed by an attacker or
      // a proxy); resign: built and signed now from the order's current state
      const last = source.attempts.at(-1)?.request;
      const order = d.store.get(source.orderKey);
      const request =
        mode === 'exact' && last
          ? last
          : order && d.callbacks.build(source.event, order, d.runtime, { now: d.clock.now() });
      if (!request) {
        delivery.status = 'skipped';
        delivery.note = mode === 'exact' ? 'the delivery has no attempt to repeat' : 'the order has no notify URL';
        return delivery;
      }
      const a = await tryOnce(delivery, request, false);
      delivery.status = a?.acked ? 'acked' : 'gave-up';
      if (a) logAttempt(log, delivery, a);
      touch(delivery);
      d.onChange?.();
      return delivery;
    },
    exportDeliveries: () => ({ seq, deliveries: [...deliveries.values()] }),
    importDeliveries(saved) {
      seq = Math.max(seq, saved.seq);
      const now = d.clock.now();
      for (const delivery of saved.deliveries) {
        deliveries.set(delivery.id, delivery);
        seq = Math.max(seq, Number(/^cb_(\d+)$/.exec(delivery.id)?.[1] ?? 0));
        if (!PENDING.has(delivery.status)) continue;
        if (delivery.replayOf) {
          // a replay is one try, answered to whoever asked for it; that answer is gone
          Object.assign(delivery, {
            status: 'gave-up',
            nextAt: undefined,
            note: 'the replay was interrupted by a restart',
          });
          continue;
        }
        // a delivery whose attempt was in flight has no nextAt: try it again (at least once)
        planAt(delivery, Math.max(delivery.nextAt ?? now, now));
      }
    },
    takeChanges() {
      const out = { cleared, seq, deliveries: [...(changed ?? [])] };
      changed = new Set();
      cleared = false;
      return out;
    },
    clear() {
      if (changed) {
        changed.clear();
        cleared = true;
      }
      for (const t of timers.values()) d.clock.cancel(t);
      timers.clear();
      deliveries.clear();
      rescanAt = 0;
      inFlight.clear();
      generation++;
    },
  };
}
