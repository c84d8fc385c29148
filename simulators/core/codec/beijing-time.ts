/**
 * Beijing time (UTC+8 all year: China has had no DST since 1991), formatted and parsed the ways
 * the upstreams write it: `yyyyMMddHHmmssSSS` (LFT timestamp), `yyyyMMddHHmmss` (UnionPay
 * txnTime, Lakala req_time), `yyyy-MM-dd HH:mm:ss` (LFT createTime, DSP TransTime) and
 * `yyyyMMdd`. It shifts by the offset and reads UTC fields, so the machine's TZ never matters.
 * Pure (a `<channel>/wire` may import it); parsing is strict: a date that does not exist (0230,
 * 24:00) is undefined, never rolled over.
 */

export const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export type BeijingPattern = 'yyyyMMddHHmmssSSS' | 'yyyyMMddHHmmss' | 'yyyy-MM-dd HH:mm:ss' | 'yyyyMMdd';

// module level, not closures: tsx (esbuild keepNames) names every closure it creates, which
// showed up in the benchmark's profile at ~3% of a request
function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** the Beijing wall-clock time of `ms` in one of the upstreams' patterns */
export function formatBeijing(ms: number, pattern: BeijingPattern): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Beijing time: ${ms} is not a finite epoch millisecond value`);
  const d = new Date(ms + BEIJING_OFFSET_MS);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Beijing time: ${ms} is outside the Date range`);
  const date = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  if (pattern === 'yyyyMMdd') return date;
  const hh = pad(d.getUTCHours());
  const mm = pad(d.getUTCMinutes());
  const ss = pad(d.getUTCSeconds());
  if (pattern === 'yyyy-MM-dd HH:mm:ss')
    return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)} ${hh}:${mm}:${ss}`;
  const time = `${date}${hh}${mm}${ss}`;
  return pattern === 'yyyyMMddHHmmss' ? time : `${time}${pad(d.getUTCMilliseconds(), 3)}`;
}

const PARSERS: Record<BeijingPattern, RegExp> = {
  yyyyMMddHHmmssSSS: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/,
  yyyyMMddHHmmss: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})()$/,
  'yyyy-MM-dd HH:mm:ss': /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})()$/,
  yyyyMMdd: /^(\d{4})(\d{2})(\d{2})()()()()$/,
};

/** epoch ms of a Beijing wall-clock time written in `pattern`; undefined if malformed or not a real date/time */
export function parseBeijing(s: string, pattern: BeijingPattern): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = PARSERS[pattern].exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  // Date.UTC would roll 0230 into March and 24:00 into the next day, and read years 0–99 as
  // 19xx: all rejected here by range checks (cheaper than the Date round trip they replace,
  // which was a visible share of an LFT request)
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, Number(m[7])) - BEIJING_OFFSET_MS;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** the Beijing calendar day of `ms`, as days since 1970-01-01 (changes at Beijing midnight) */
export function beijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

let dateStamp = { day: NaN, text: '' };

/** `yyyyMMdd` of the Beijing day of `ms`, formatted once a day (order numbers carry it: formatting
 *  it per order was 4% of an LFT prepay) */
export function beijingDateStamp(ms: number): string {
  const day = beijingDay(ms);
  if (day !== dateStamp.day) dateStamp = { day, text: formatBeijing(ms, 'yyyyMMdd') };
  return dateStamp.text;
}
