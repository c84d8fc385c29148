/**
 * The request's `Authorization` header of Lakala's v3 gateway, read and written:
 * `LKLAPI-SHA256withRSA appid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"`.
 * Read by key in any order (the official Java SDK sends appid, nonce_str, timestamp, serial_no,
 * signature; other clients the order above), spaces after the commas tolerated, every key once.
 * Also the answer's `Lklapi-*` signature headers, by name. Pure: it checks the shape of the
 * values (hex serial, Unix seconds, alphanumeric nonce), never a signature or a clock.
 */
import type { LakalaSignedParts } from './signer.ts';

export const LAKALA_AUTH_SCHEME = 'LKLAPI-SHA256withRSA';

export interface LakalaAuthorization {
  appid: string;
  serial_no: string;
  timestamp: string;
  nonce_str: string;
  signature: string;
}

const AUTHORIZATION_KEYS = ['appid', 'serial_no', 'timestamp', 'nonce_str', 'signature'] as const;
type AuthKey = (typeof AUTHORIZATION_KEYS)[number];

/** the key order of the official Java SDK (LKLSDK) and of Lakala's documentation */
export const SDK_KEY_ORDER: readonly AuthKey[] = ['appid', 'nonce_str', 'timestamp', 'serial_no', 'signature'];
export const DOC_KEY_ORDER: readonly AuthKey[] = ['appid', 'serial_no', 'timestamp', 'nonce_str', 'signature'];

export type AuthorizationParse =
  { ok: true; auth: LakalaAuthorization; order: string[] } | { ok: false; field?: AuthKey; message: string };

const VALUE_RULES: Record<AuthKey, { pattern: RegExp; hint: string }> = {
  appid: { pattern: /^[0-9A-Za-z_-]{1,32}$/, hint: '1-32 位字母数字' },
  serial_no: { pattern: /^[0-9A-Fa-f]{1,64}$/, hint: '商户证书序列号 (十六进制)' },
  timestamp: { pattern: /^\d{1,12}$/, hint: 'Unix 时间戳 (秒)' },
  nonce_str: { pattern: /^[0-9A-Za-z]+$/, hint: '随机字符串 (字母数字)' },
  signature: { pattern: /^[A-Za-z0-9+/=]{1,1024}$/, hint: 'Base64 签名' },
};

const PARAM = /^\s*([A-Za-z_]+)\s*=\s*"([^"]*)"\s*(?:,|$)/;
const fail = (message: string, field?: AuthKey): AuthorizationParse => ({
  ok: false,
  message,
  ...(field ? { field } : {}),
});
const isKey = (k: string): k is AuthKey => (AUTHORIZATION_KEYS as readonly string[]).includes(k);

/** the header as sent (a repeated header arrives as a list: that is refused) */
export function parseAuthorization(header: string | string[] | undefined): AuthorizationParse {
  if (header === undefined || header === '') return fail('请求头 Authorization 缺失');
  if (Array.isArray(header)) return fail('请求头 Authorization 重复出现');
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme !== LAKALA_AUTH_SCHEME)
    return fail(`Authorization 认证类型应为 ${LAKALA_AUTH_SCHEME}, 实际为 ${JSON.stringify(scheme.slice(0, 40))}`);
  let rest = space < 0 ? '' : header.slice(space + 1);
  const found: Partial<Record<AuthKey, string>> = {};
  const order: string[] = [];
  while (rest.trim() !== '') {
    const m = PARAM.exec(rest);
    if (!m) return fail(`Authorization 格式错误: 应为 key="value" 以逗号分隔, 在 ${JSON.stringify(rest.slice(0, 40))}`);
    const [all, key, value] = m as unknown as [string, string, string];
    rest = rest.slice(all.length);
    if (!isKey(key)) continue; // unknown parameters are ignored, as the gateway's parser does
    if (found[key] !== undefined) return fail(`Authorization 中 ${key} 重复出现`, key);
    found[key] = value;
    order.push(key);
  }
  for (const key of AUTHORIZATION_KEYS) {
    const value = found[key];
    if (value === undefined || value === '') return fail(`Authorization 缺少 ${key}`, key);
    const rule = VALUE_RULES[key];
    if (!rule.pattern.test(value))
      return fail(`Authorization 中 ${key} 格式错误: ${JSON.stringify(value.slice(0, 40))} 不是${rule.hint}`, key);
  }
  return { ok: true, auth: found as LakalaAuthorization, order };
}

/** the header value, keys in the given order (default: the official SDK's) */
export function formatAuthorization(auth: LakalaAuthorization, order: readonly AuthKey[] = SDK_KEY_ORDER): string {
  return `${LAKALA_AUTH_SCHEME} ${order.map((k) => `${k}="${auth[k]}"`).join(',')}`;
}

/** the parts a request's signature is over */
export function authorizationParts(auth: LakalaAuthorization): LakalaSignedParts {
  return { appid: auth.appid, serial: auth.serial_no, timestamp: auth.timestamp, nonce: auth.nonce_str };
}

/** the answer's signature headers, spelled as Lakala's gateway spells them */
export const LKLAPI_HEADERS = {
  appid: 'Lklapi-Appid',
  serial: 'Lklapi-Serial',
  timestamp: 'Lklapi-Timestamp',
  nonce: 'Lklapi-Nonce',
  signature: 'Lklapi-Signature',
  traceid: 'Lklapi-Traceid',
} as const;

export interface LakalaResponseSignature extends LakalaSignedParts {
  signature: string;
  traceid: string;
}

export function responseHeaders(s: LakalaResponseSignature): Record<string, string> {
  return {
    [LKLAPI_HEADERS.appid]: s.appid,
    [LKLAPI_HEADERS.serial]: s.serial,
    [LKLAPI_HEADERS.timestamp]: s.timestamp,
    [LKLAPI_HEADERS.nonce]: s.nonce,
    [LKLAPI_HEADERS.signature]: s.signature,
    [LKLAPI_HEADERS.traceid]: s.traceid,
  };
}

/** the signature headers of an answer (any header-name case); undefined names the first one missing */
export function readResponseSignature(
  get: (name: string) => string | null | undefined,
): { ok: true; sig: LakalaResponseSignature } | { ok: false; missing: string } {
  const out: Record<string, string> = {};
  for (const [k, name] of Object.entries(LKLAPI_HEADERS)) {
    const v = get(name) ?? get(name.toLowerCase());
    if ((v === undefined || v === null || v === '') && k !== 'traceid') return { ok: false, missing: name };
    out[k] = v ?? '';
  }
  return { ok: true, sig: out as unknown as LakalaResponseSignature };
}
