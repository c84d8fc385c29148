/**
 * The Clock port: the only place that reads the wall clock or arms a timer. Everything that
 * happens "later" (callbacks, retries, timed scenario events, slow responses) is a timer here,
 * so `advance(ms)` can fire it now, like a test clock, whether the clock is the system one
 * (virtual offset on top of real time) or a manual one (time moves only when told). A timer's
 * callback may return a promise (a callback attempt is network I/O): the clock never lets one
 * timer's I/O hold another's, and it must not read a protocol field or know what its timers do.
 */

import { createTimerQueue } from './timer-queue.ts';

export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

export interface Clock {
  now(): number;
  /** run fn once the clock reaches `at` (ms since epoch, on this clock) */
  at(at: number, fn: () => unknown): TimerHandle;
  /** run fn after ms from now */
  after(ms: number, fn: () => unknown): TimerHandle;
  cancel(timer: TimerHandle): void;
  /** resolves after ms of this clock's time (a manual clock needs advance()) */
  sleep(ms: number): Promise<void>;
  /** move time forward and run everything due, in time order; resolves when what it fired has
   *  settled (each instant waits at most settleMs of real time); rejects past MAX_CLOCK_TIME */
  advance(ms: number): Promise<number>;
  /** timers not yet fired */
  pending(): number;
  /** drop every timer (server close, admin reset) */
  clear(): void;
}

interface Timer extends TimerHandle {
  fn: () => unknown;
}

/**
 * The latest time this clock may show: the last millisecond every wire format can write with a
 * four-digit year. The upstreams write local China time (UTC+8: LFT's yyyyMMddHHmmssSSS,
 * UnionPay's txnTime), so 9999-12-31 23:59:59.999 there is 15:59:59.999 UTC. Past it a
 * timestamp would need five digits (and past 8.64e15 ms a Date is invalid and every ISO string
 * throws), so advance() refuses to go further.
 */
export const MAX_CLOCK_TIME = Date.parse('9999-12-31T23:59:59.999+08:00');

export interface ClockOptions {
  /** manual: time stands still until advance(); system: real time plus the advanced offset */
  mode?: 'system' | 'manual';
  /** start time of a manual clock */
  start?: number;
  /** during advance(), how long (real ms) the timers fired at one instant may take to settle
   *  before time moves on without them (default 1000): a hung callback attempt holds advance()
   *  that long at most, and holds no other timer at all */
  settleMs?: number;
}

export function createClock(opts: ClockOptions = {}): Clock {
  const manual = opts.mode === 'manual';
  const settleMs = opts.settleMs ?? 1000;
  let manualNow = opts.start ?? Date.parse('2026-01-15T02:00:00Z');
  let offset = 0;
  let seq = 0;
  const timers = createTimerQueue<Timer>();
  let armed: NodeJS.Timeout | undefined;
  /** the advance() under way: advances run one after another, so their timers keep time order */
  let advancing: Promise<unknown> = Promise.resolve();

  const now = () => (manual ? manualNow : Date.now() + offset);

  // The system clock keeps one real timer, for the earliest due timer; it is unref'd so a
  // pending retry never keeps a process alive.
  function arm(): void {
    if (manual) return;
    if (armed) clearTimeout(armed);
    armed = undefined;
    const first = timers.peek();
    if (!first) return;
    armed = setTimeout(runDue, Math.max(0, Math.min(first.at - now(), 2 ** 31 - 1)));
    armed.unref();
  }

  /** move this clock's time to `to` (never backwards) */
  function setNow(to: number): void {
    const delta = to - now();
    if (delta <= 0) return;
    if (manual) manualNow += delta;
    else offset += delta;
  }

  /** run one timer and hand back what it is still doing; a throw or rejection is the timer's own
   *  (the dispatcher journals its errors) and never stops the clock */
  function fire(t: Timer): Promise<unknown> | undefined {
    try {
      const r = t.fn() as { then?: unknown } | undefined;
      return r && typeof r.then === 'function' ? Promise.resolve(r).catch(() => undefined) : undefined;
    } catch {
      return undefined;
    }
  }

  /** fire every timer due by `limit`; returns what they are still doing */
  function fireDue(limit: number, busy: Promise<unknown>[]): number {
    let fired = 0;
    for (let next = timers.peek(); next && next.at <= limit; next = timers.peek()) {
      const t = timers.take()!;
      setNow(t.at);
      const p = fire(t);
      if (p) busy.push(p);
      fired++;
    }
    return fired;
  }

  // The system clock's real timer: everything due now is started and nothing is awaited, so a
  // merchant that never answers holds no other callback, retry, timed event or delay.
  function runDue(): void {
    armed = undefined;
    fireDue(now(), []);
    arm();
  }

  /**
   * advance(): time steps from instant to instant up to the target. The timers due at one instant
   * start together; time moves on once they have settled, or after settleMs of real time if one
   * has not (a hung attempt). So a timer set when its parent settles (a retry 15 s after an
   * attempt) is due relative to when its parent ran, exactly as if the time had passed for real,
   * and advance() resolves when what it fired has settled, or has had its chance to.
   */
  async function advanceTo(target: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const t = timers.peek();
      if (!t || t.at > target) break;
      const busy: Promise<unknown>[] = [];
      fired += fireDue(t.at, busy);
      if (busy.length) await settled(busy, settleMs);
    }
    setNow(target);
    arm();
    return fired;
  }

  function at(when: number, fn: () => unknown): TimerHandle {
    const t: Timer = { id: ++seq, at: when, fn };
    const first = timers.peek();
    // equal times fire in the order they were set (the queue orders by time, then id)
    timers.add(t);
    if (!first || when < first.at) arm();
    return { id: t.id, at: t.at };
  }

  return {
    now,
    at,
    after: (ms, fn) => at(now() + Math.max(0, ms), fn),
    cancel(timer) {
      const first = timers.peek();
      timers.cancel(timer.id);
      // the real timer follows the first timer only: re-armed when that one goes
      if (first?.id === timer.id) arm();
    },
    sleep: (ms) => new Promise<void>((resolve) => void at(now() + Math.max(0, ms), resolve)),
    advance(ms) {
      const run = advancing.then(() => {
        const target = now() + Math.max(0, ms);
        if (!(target <= MAX_CLOCK_TIME))
          throw new RangeError(
            `the clock cannot pass ${new Date(MAX_CLOCK_TIME).toISOString()} (9999-12-31 in UTC+8, the last time every wire format can write)`,
          );
        return advanceTo(target);
      });
      advancing = run.catch(() => undefined);
      return run;
    },
    pending: () => timers.size(),
    clear() {
      timers.clear();
      arm();
    },
  };
}

/** resolves when every promise has settled, or after ms of real time, whichever is first */
function settled(busy: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([Promise.all(busy).then(() => undefined), bound]).finally(() => clearTimeout(timer));
}
