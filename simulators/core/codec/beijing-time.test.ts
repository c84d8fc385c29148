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

  it('formats a run of times in and across seconds, patterns interleaved, as each alone', () => {
    const fresh = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 17);
    const times = [MS, MS + 1, MS + 877, MS + 1000, MS, MS - 1, MS - 124, MS + 86_400_000, -1, 0, 999.7];
    for (const t of times) {
      expect(formatBeijing(t, 'yyyyMMddHHmmssSSS'), String(t)).toBe(fresh(t));
      expect(formatBeijing(t, 'yyyyMMddHHmmss'), String(t)).toBe(fresh(t).slice(0, 14));
      const f = fresh(t);
      expect(formatBeijing(t, 'yyyy-MM-dd HH:mm:ss')).toBe(
        `${f.slice(0, 4)}-${f.slice(4, 6)}-${f.slice(6, 8)} ${f.slice(8, 10)}:${f.slice(10, 12)}:${f.slice(12, 14)}`,
      );
    }
  });

  it('parses digits only, at their places', () => {
    expect(parseBeijing('20260115100000123', 'yyyyMMddHHmmssSSS')).toBe(MS);
    expect(parseBeijing('2026-01-15 10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBe(MS - 123);
    expect(parseBeijing('20260115', 'yyyyMMdd')).toBe(Date.parse('2026-01-14T16:00:00Z'));
    for (const bad of [
      '2026011510000012',
      '202601151000001234',
      '2026011510000012x',
      '+0260115100000123',
      '２0260115100000123',
    ])
      expect(parseBeijing(bad, 'yyyyMMddHHmmssSSS'), bad).toBeUndefined();
    expect(parseBeijing('2026/01/15 10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBeUndefined();
    expect(parseBeijing('2026-01-15 10-00:00', 'yyyy-MM-dd HH:mm:ss')).toBeUndefined();
    expect(parseBeijing('0099-01-15 10:00:00', 'yyyy-MM-dd HH:mm:ss')).toBeUndefined();
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
