/**
 * Retry schedules are data: the waits between one callback attempt and the next. Pure: given a
 * schedule, the number of attempts made and a time scale, say how long to wait or that the
 * delivery gives up. No clock, no I/O.
 */

export interface RetrySchedule {
  /** wait before attempt 2, 3, …; after the last one the delivery gives up */
  delaysMs: readonly number[];
  /** how long one attempt may take before it counts as failed */
  attemptTimeoutMs: number;
}

/** attemptsMade ≥ 1; undefined = give up */
export function nextRetryDelay(schedule: RetrySchedule, attemptsMade: number, timeScale = 1): number | undefined {
  const d = schedule.delaysMs[attemptsMade - 1];
  return d === undefined ? undefined : Math.round(d * timeScale);
}

export function totalScheduleMs(schedule: RetrySchedule): number {
  return schedule.delaysMs.reduce((a, b) => a + b, 0);
}

const s = 1000;
const m = 60 * s;
const h = 60 * m;

/**
 * What payment gateways commonly do: quick retries first, then escalating to hours, about a day
 * in all (15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h ≈ 24h).
 */
export const REALISTIC_SCHEDULE: RetrySchedule = {
  delaysMs: [
    15 * s,
    15 * s,
    30 * s,
    3 * m,
    10 * m,
    20 * m,
    30 * m,
    30 * m,
    30 * m,
    60 * m,
    3 * h,
    3 * h,
    3 * h,
    6 * h,
    6 * h,
  ],
  attemptTimeoutMs: 10 * s,
};
