/**
 * The Clock port: the only place that reads the wall clock or arms a timer. Everything that
 * happens "later" (callbacks, retries, timed scenario events, slow responses) is a timer here,
 * so `advance(ms)` can fire it now, like a test clock, whether the clock is the system one
 * (virtual offset on top of real time) or a manual one (time moves only when told).
 */

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
  /** move time forward and run everything due, in time order; resolves when all have settled */
  advance(ms: number): Promise<number>;
  /** timers not yet fired */
  pending(): number;
  /** drop every timer (server close, admin reset) */
  clear(): void;
}

interface Timer extends TimerHandle {
  fn: () => unknown;
}

export interface ClockOptions {
  /** manual: time stands still until advance(); system: real time plus the advanced offset */
  mode?: 'system' | 'manual';
  /** start time of a manual clock */
  start?: number;
}

export function createClock(opts: ClockOptions = {}): Clock {
  const manual = opts.mode === 'manual';
  let manualNow = opts.start ?? Date.parse('2026-01-15T02:00:00Z');
  let offset = 0;
  let seq = 0;
  let timers: Timer[] = [];
  let armed: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const now = () => (manual ? manualNow : Date.now() + offset);

  // The system clock keeps one real timer, for the earliest due timer; it is unref'd so a
  // pending retry never keeps a process alive.
  function arm(): void {
    if (manual) return;
    if (armed) clearTimeout(armed);
    armed = undefined;
    const first = timers[0];
    if (!first) return;
    armed = setTimeout(() => void runDue(), Math.max(0, Math.min(first.at - now(), 2 ** 31 - 1)));
    armed.unref();
  }

  /** move this clock's time to `to` (never backwards) */
  function setNow(to: number): void {
    const delta = to - now();
    if (delta <= 0) return;
    if (manual) manualNow += delta;
    else offset += delta;
  }

  /**
   * Runs due timers in time order. With a target, time steps from timer to timer up to the
   * target, so a timer set while running (a retry 15 s after an attempt) is due relative to when
   * its parent ran, not to the end of the jump, exactly as if the time had passed for real.
   */
  async function runDue(target?: number): Promise<number> {
    // one runner at a time keeps the order of timers deterministic
    while (running) await running;
    running = (async () => {
      let fired = 0;
      for (;;) {
        const t = timers[0];
        const limit = target ?? now();
        if (!t || t.at > limit) break;
        timers.shift();
        setNow(t.at);
        fired++;
        try {
          await t.fn();
        } catch {
          // timers own their errors (the dispatcher journals them); a throw must not stop the clock
        }
      }
      if (target !== undefined) setNow(target);
      return fired;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
      arm();
    }
  }

  function at(when: number, fn: () => unknown): TimerHandle {
    const t: Timer = { id: ++seq, at: when, fn };
    // stable insert: equal times fire in the order they were set
    let i = timers.length;
    while (i > 0 && timers[i - 1]!.at > when) i--;
    timers.splice(i, 0, t);
    if (i === 0) arm();
    return { id: t.id, at: t.at };
  }

  return {
    now,
    at,
    after: (ms, fn) => at(now() + Math.max(0, ms), fn),
    cancel(timer) {
      timers = timers.filter((t) => t.id !== timer.id);
      arm();
    },
    sleep: (ms) => new Promise<void>((resolve) => void at(now() + Math.max(0, ms), resolve)),
    advance: (ms) => runDue(now() + Math.max(0, ms)),
    pending: () => timers.length,
    clear() {
      timers = [];
      arm();
    },
  };
}
