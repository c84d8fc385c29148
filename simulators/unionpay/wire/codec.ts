/**
 * UnionPay ACP 5.1.0 bytes ⇄ fields. Requests travel as application/x-www-form-urlencoded UTF-8
 * (spec 002 "HTTP报文体参数"); responses as a RAW `k=v&…` string, values not URL-encoded, which
 * UnionPay's SDKs split with a brace-aware scanner (Java SDKUtil.parseQString, reached through
 * convertResultStringToMap) — so a value may itself contain `&` and `=` when wrapped in `{…}` or
 * `[…]`, and a PEM value keeps its `=` padding and CRLFs. Pure: no I/O, no clock, no signing
 * (signer.ts) and no business rules (fields.ts); parsing returns messages instead of throwing.
 */

import { formatBeijing, parseBeijing } from '../../core/codec/beijing-time.ts';

/**
 * What UnionPay's gateway labels its answers with (text/html, though the body is a raw k=v string;
 * SDKs that dispatch on the type treat text/plain as JSON). Never form-urlencoded: a client would
 * decode the Base64 signature's `+` into spaces.
 */
export const UNIONPAY_RESPONSE_CONTENT_TYPE = 'text/html;charset=UTF-8';
export const UNIONPAY_REQUEST_CONTENT_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

export type FormParse = { ok: true; fields: Record<string, string> } | { ok: false; message: string };

/** Java TreeMap<String,…> order: UTF-16 code units (= byte order for ASCII keys). */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

function decodeComponent(raw: string, what: string): { ok: true; value: string } | { ok: false; message: string } {
  const bad = BAD_PERCENT.exec(raw);
  if (bad !== null) {
    const seq = raw.slice(bad.index, bad.index + 3);
    return {
      ok: false,
      message: `${what}: 百分号编码错误, ${JSON.stringify(seq)} 后面应是两位十六进制数 (字面的 % 要写成 %25)`,
    };
  }
  try {
    // `+` is a space in form encoding (WHATWG application/x-www-form-urlencoded); a literal
    // plus arrives as %2B, which is why a Base64 signature must be percent-encoded by the sender.
    return { ok: true, value: decodeURIComponent(raw.replace(/\+/g, ' ')) };
  } catch {
    return { ok: false, message: `${what}: 百分号编码解出的字节不是合法的 UTF-8 (请求必须按 UTF-8 编码)` };
  }
}

/**
 * A form body → fields. Empty segments (`a=1&&b=2`) are skipped and a segment without `=` is a
 * key with an empty value, as browsers and servlet containers read them; empty values are kept
 * (as '') so the caller can report them as missing. Errors: empty body, empty key, bad percent
 * encoding, bytes that are not UTF-8, a key sent twice (which value would be signed is ambiguous).
 */
export function parseFormBody(body: string): FormParse {
  if (typeof body !== 'string' || body.trim() === '')
    return { ok: false, message: '请求报文为空 (应为 application/x-www-form-urlencoded 的 key=value&… 报文)' };
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const segments = body.split('&');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawKey = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const key = decodeComponent(rawKey, `第 ${i + 1} 段的字段名 ${JSON.stringify(truncate(rawKey))}`);
    if (!key.ok) return key;
    if (key.value === '')
      return { ok: false, message: `第 ${i + 1} 段 ${JSON.stringify(truncate(segment))} 没有字段名` };
    const value = decodeComponent(rawValue, `字段 ${key.value} 的值`);
    if (!value.ok) return value;
    if (Object.prototype.hasOwnProperty.call(fields, key.value))
      return { ok: false, message: `字段 ${key.value} 重复上送` };
    fields[key.value] = value.value;
  }
  if (Object.keys(fields).length === 0) return { ok: false, message: '请求报文中没有任何字段' };
  return { ok: true, fields: { ...fields } };
}

/** What a client sends: sorted keys, blank values skipped, form-urlencoded (`+` → %2B, space → +). */
export function encodeFormBody(fields: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(fields).sort(byCodeUnit)) {
    const value = fields[key];
    if (value !== undefined && value !== '') params.append(key, value);
  }
  return params.toString();
}

/**
 * What UnionPay answers: `k=v&…` in TreeMap order, values verbatim (NOT URL-encoded: a PEM keeps
 * its CRLFs and `=`), blank values left out. A value with an unbalanced `{`/`[` is written as is
 * and the SDKs would misread what follows it, as with the real gateway: check request values with
 * isSdkSafeValue before echoing them. Throws only on a key the format cannot carry (programming error).
 */
export function encodeUnionPayResponse(fields: Readonly<Record<string, string | undefined>>): string {
  const parts: string[] = [];
  for (const key of Object.keys(fields).sort(byCodeUnit)) {
    const value = fields[key];
    if (value === undefined || value === '') continue;
    if (key === '' || /[&={}[\]]/.test(key))
      throw new Error(`UnionPay response key ${JSON.stringify(key)} cannot be encoded`);
    parts.push(`${key}=${value}`);
  }
  return parts.join('&');
}

/** True when the SDKs' scanner reads `value` back intact from the middle of a response. */
export function isSdkSafeValue(value: string): boolean {
  const back = parseUnionPayResponse(`a=${value}&z=1`);
  return back.a === value && back.z === '1';
}

/**
 * The raw response → fields, exactly like the Java SDK: strip one outer `{…}` around the whole
 * string, then scan: in a key everything up to `=` is the key; in a value `{` or `[` opens a
 * nested part that only the matching `}` / `]` closes (one level, no counting), and `&` ends the
 * value only outside it. A trailing key without `=` gets ''. A repeated key: the last one wins
 * (HashMap.put). Unlike the SDK (which throws "QString format illegal"), an empty key is skipped.
 */
export function parseUnionPayResponse(text: string): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  let str = text;
  if (str.trim() === '') return {};
  if (str.startsWith('{') && str.endsWith('}')) str = str.slice(1, -1);
  let temp = '';
  let key = '';
  let isKey = true;
  let isOpen = false;
  let openName = '';
  const put = () => {
    if (isKey) {
      if (temp !== '') map[temp] = '';
    } else if (key !== '') {
      map[key] = temp;
    }
  };
  for (const ch of str) {
    if (isKey) {
      if (ch === '=') {
        key = temp;
        temp = '';
        isKey = false;
      } else {
        temp += ch;
      }
      continue;
    }
    if (isOpen) {
      if (ch === openName) isOpen = false;
    } else if (ch === '{') {
      isOpen = true;
      openName = '}';
    } else if (ch === '[') {
      isOpen = true;
      openName = ']';
    }
    if (ch === '&' && !isOpen) {
      put();
      temp = '';
      isKey = true;
    } else {
      temp += ch;
    }
  }
  put();
  return { ...map };
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// ---- time -------------------------------------------------------------------------------------

/** txnTime `YYYYMMDDhhmmss` in Beijing time (ACP 订单发送时间). */
export function formatTxnTime(ms: number): string {
  return formatBeijing(ms, 'yyyyMMddHHmmss');
}

/** Epoch ms of a strict 14-digit Beijing `YYYYMMDDhhmmss`; undefined if malformed or not a real date/time. */
export function parseTxnTime(s: string): number | undefined {
  return parseBeijing(s, 'yyyyMMddHHmmss');
}
