import { describe, expect, it } from 'vitest';
import { REALISTIC_SCHEDULE, nextRetryDelay, totalScheduleMs } from './retry-schedule.ts';

describe('retry schedule', () => {
  it('waits 15 s after the first attempt and gives up after the last delay', () => {
    expect(nextRetryDelay(REALISTIC_SCHEDULE, 1)).toBe(15_000);
    expect(nextRetryDelay(REALISTIC_SCHEDULE, REALISTIC_SCHEDULE.delaysMs.length)).toBe(6 * 3_600_000);
    expect(nextRetryDelay(REALISTIC_SCHEDULE, REALISTIC_SCHEDULE.delaysMs.length + 1)).toBeUndefined();
  });

  it('escalates from seconds to hours over about a day, and scales', () => {
    const total = totalScheduleMs(REALISTIC_SCHEDULE);
    expect(total).toBeGreaterThan(20 * 3_600_000);
    expect(total).toBeLessThan(28 * 3_600_000);
    expect([...REALISTIC_SCHEDULE.delaysMs]).toEqual([...REALISTIC_SCHEDULE.delaysMs].sort((a, b) => a - b));
    expect(nextRetryDelay(REALISTIC_SCHEDULE, 1, 0.001)).toBe(15);
  });
});
