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

const PATTERNS = ['yyyyMMddHHmmssSSS', 'yyyyMMddHHmmss', 'yyyy-MM-dd HH:mm:ss', 'yyyyMMdd'] as const;
export type BeijingPattern = (typeof PATTERNS)[number];

// module level, not closures: tsx (esbuild keepNames) names every closure it creates, which
// showed up in the benchmark's profile at ~3% of a request
function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** the Beijing wall-clock time of `ms` in one of the upstreams' patterns */
export function formatBeijing(ms: number, pattern: BeijingPattern): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Beijing time: ${ms} is not a finite epoch millisecond value`);
  if (pattern === 'yyyyMMdd') return formatFresh(ms, pattern);
  // every answer carries a time and most answers of a second carry the same one: the text of the
  // last second is kept per pattern (formatting it afresh was ~2% of an LFT request in a profile)
  const second = Math.floor(ms / 1000);
  const last = lastSecond[pattern];
  const text = last.second === second ? last.text : formatSecond(ms, pattern, second);
  return pattern === 'yyyyMMddHHmmssSSS' ? `${text}${pad(Math.floor(ms) - second * 1000, 3)}` : text;
}

type SecondPattern = Exclude<BeijingPattern, 'yyyyMMdd'>;
const lastSecond: Record<SecondPattern, { second: number; text: string }> = {
  yyyyMMddHHmmssSSS: { second: NaN, text: '' },
  yyyyMMddHHmmss: { second: NaN, text: '' },
  'yyyy-MM-dd HH:mm:ss': { second: NaN, text: '' },
};

/** the pattern's text up to the seconds, remembered as the last second's */
function formatSecond(ms: number, pattern: SecondPattern, second: number): string {
  const text = formatFresh(ms, pattern === 'yyyyMMddHHmmssSSS' ? 'yyyyMMddHHmmss' : pattern);
  lastSecond[pattern] = { second, text };
  return text;
}

/** formatted from a Date, to the second (formatBeijing appends milliseconds to a remembered second) */
function formatFresh(ms: number, pattern: Exclude<BeijingPattern, 'yyyyMMddHHmmssSSS'>): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Beijing time: ${ms} is outside the Date range`);
  const date = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  if (pattern === 'yyyyMMdd') return date;
  const hh = pad(d.getUTCHours());
  const mm = pad(d.getUTCMinutes());
  const ss = pad(d.getUTCSeconds());
  if (pattern === 'yyyy-MM-dd HH:mm:ss')
    return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)} ${hh}:${mm}:${ss}`;
  return `${date}${hh}${mm}${ss}`;
}

/** where a pattern's digits are (year, month, day, hour, minute, second, millisecond: start,
 *  width), its length, and its separators (index → the character that must be there) */
interface Layout {
  length: number;
  digits: Array<[part: number, at: number, width: number]>;
  separators: Array<[at: number, code: number]>;
}
const PART = 'yMdHmsS';

/** read off the pattern itself: a run of one letter is one part's digits, anything else a separator */
function layoutOf(pattern: BeijingPattern): Layout {
  const layout: Layout = { length: pattern.length, digits: [], separators: [] };
  for (let at = 0; at < pattern.length;) {
    const c = pattern[at]!;
    let end = at;
    while (pattern[end] === c) end++;
    if (PART.includes(c)) layout.digits.push([PART.indexOf(c), at, end - at]);
    else for (let i = at; i < end; i++) layout.separators.push([i, pattern.charCodeAt(i)]);
    at = end;
  }
  return layout;
}
const LAYOUTS = Object.fromEntries(PATTERNS.map((p) => [p, layoutOf(p)])) as Record<BeijingPattern, Layout>;

/** the number written by `width` ASCII digits at `at`, or -1 if any is not a digit */
function digitsAt(s: string, at: number, width: number): number {
  let n = 0;
  for (let i = at; i < at + width; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** epoch ms of a Beijing wall-clock time written in `pattern`; undefined if malformed or not a real date/time */
export function parseBeijing(s: string, pattern: BeijingPattern): number | undefined {
  if (typeof s !== 'string') return undefined;
  // read digit by digit, not with a regular expression: it runs on every LFT request, and a
  // match array of seven strings per timestamp was a visible share of one
  const layout = LAYOUTS[pattern];
  if (s.length !== layout.length) return undefined;
  for (const [at, c] of layout.separators) if (s.charCodeAt(at) !== c) return undefined;
  // year, month, day, hour, minute, second, millisecond; a pattern without a part reads it as its least
  const parts = [0, 1, 1, 0, 0, 0, 0];
  for (const [part, at, width] of layout.digits) {
    const n = digitsAt(s, at, width);
    if (n < 0) return undefined;
    parts[part] = n;
  }
  const year = parts[0]!;
  const month = parts[1]!;
  const day = parts[2]!;
  const hour = parts[3]!;
  const minute = parts[4]!;
  const second = parts[5]!;
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
  return Date.UTC(year, month - 1, day, hour, minute, second, parts[6]) - BEIJING_OFFSET_MS;
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
