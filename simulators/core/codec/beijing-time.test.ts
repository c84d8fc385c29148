/**
 * Known answers for Beijing time in the upstreams' patterns, whatever the machine's TZ, and
 * strict parsing (no rolled-over dates).
 */
import { describe, expect, it } from 'vitest';
import { beijingDateStamp, beijingDay, formatBeijing, parseBeijing } from './beijing-time.ts';

// 2026-01-15 02:00:00.123 UTC = 10:00:00.123 in Beijing
const MS = Date.parse('2026-01-15T02:00:00.123Z');

describe('Beijing time', () => {
  it('formats each pattern at UTC+8', () => {
    expect(formatBeijing(MS, 'yyyyMMddHHmmssSSS')).toBe('20260115100000123');
    expect(formatBeijing(MS, 'yyyyMMddHHmmss')).toBe('20260115100000');
    expect(formatBeijing(MS, 'yyyy-MM-dd HH:mm:ss')).toBe('2026-01-15 10:00:00');
    expect(formatBeijing(Date.parse('2026-01-14T16:00:00Z'), 'yyyyMMdd')).toBe('20260115');
  });

  it('parses what it formats, and nothing that is not a real time', () => {
    for (const p of ['yyyyMMddHHmmssSSS', 'yyyyMMddHHmmss', 'yyyy-MM-dd HH:mm:ss'] as const) {
      const s = formatBeijing(MS, p);
      expect(formatBeijing(parseBeijing(s, p)!, p), p).toBe(s);
    }
    expect(parseBeijing('20260230100000', 'yyyyMMddHHmmss')).toBeUndefined();
    expect(parseBeijing('20260115240000', 'yyyyMMddHHmmss')).toBeUndefined();
    expect(parseBeijing('2026-01-15T10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBeUndefined();
    expect(parseBeijing(42 as unknown as string, 'yyyyMMdd')).toBeUndefined();
  });

  it('refuses a time no Date can hold', () => {
    expect(() => formatBeijing(Number.NaN, 'yyyyMMdd')).toThrow(RangeError);
    expect(() => formatBeijing(9e15, 'yyyyMMdd')).toThrow(RangeError);
  });

  it('turns the day at Beijing midnight', () => {
    expect(beijingDay(Date.parse('2026-01-14T15:59:59Z'))).toBe(beijingDay(Date.parse('2026-01-14T00:00:00Z')));
    expect(beijingDay(Date.parse('2026-01-14T16:00:00Z'))).toBe(beijingDay(Date.parse('2026-01-14T15:59:59Z')) + 1);
  });

  it('stamps the Beijing date, and a new one at Beijing midnight', () => {
    expect(beijingDateStamp(Date.parse('2026-01-14T15:59:59Z'))).toBe('20260114');
    expect(beijingDateStamp(Date.parse('2026-01-14T16:00:00Z'))).toBe('20260115');
    expect(beijingDateStamp(Date.parse('2026-01-14T15:00:00Z'))).toBe('20260114');
  });
});
