/**
 * The "key1=value1&key2=value2" signing string that key=value upstreams (UnionPay ACP first)
 * sign: blank values dropped, the `signature` field left out, keys in ascending order, values
 * joined verbatim, NOT URL-encoded (UnionPay SDKs: Java `coverMap2String` over the map left by
 * `filterBlank`, PHP `createLinkString($params, true, false)`). It must not hash, sign, trim or
 * encode anything: a value containing `&`, `=` or `+` is signed exactly as it stands.
 */

export interface CanonicalOptions {
  /** further keys to leave out besides `signature` (never needed by the official SDKs) */
  exclude?: readonly string[];
}

/** Always left out: the field that carries the result of signing this very string. */
const ALWAYS_EXCLUDED = 'signature';

/**
 * Keys compare by UTF-16 code unit, which is Java's `TreeMap<String,…>` order and, for the ASCII
 * field names every upstream uses, the same as byte order (PHP `ksort`). `localeCompare` would
 * be wrong: it is case-insensitive-ish and locale-dependent.
 */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalString(
  fields: Readonly<Record<string, string | undefined>>,
  opts: CanonicalOptions = {},
): string {
  const excluded = new Set([ALWAYS_EXCLUDED, ...(opts.exclude ?? [])]);
  const keys = Object.keys(fields)
    // Blank = absent or empty: the SDKs never send such fields (filterBlank), so they never
    // take part in the signature either.
    .filter((key) => !excluded.has(key) && fields[key] !== undefined && fields[key] !== '')
    .sort(byCodeUnit);
  return keys.map((key) => `${key}=${fields[key]}`).join('&');
}
