/**
 * Pact matchers for UnionPay's raw `k=v&…` response text. Pact cannot look inside a text/html
 * body, so the contract is a set of regexes on the whole body (`$`), all of which must match: one
 * for the shape (keys and non-empty values joined by `&`: UnionPay never sends an empty field)
 * and one per field, finding `&key=value&` anywhere, so field order never matters and the provider
 * may add fields. Values are literal unless a pattern is given for a value the provider chooses
 * (signature, signPubKeyCert, tokenEndExpr). Pact regexes match the WHOLE string
 * and Rust's regex has no look-around, hence the anchored, padded form; `[\s\S]` because a PEM
 * value keeps its CRLFs. Builds strings only; it must not know Pact's builders or sign anything.
 */
import { encodeUnionPayResponse } from '../../simulators/unionpay/wire/index.ts';

/** regexes for values the provider chooses; each matches one whole value (no `&`) */
export const UNIONPAY_VALUE = {
  /** 01 (RSA) and 21 (SM2 r‖s) signatures */
  base64: '[A-Za-z0-9+/]+={0,2}',
  /** 11 / 12 signatures: a lower-case SHA-256 / SM3 hex digest */
  hex64: '[0-9a-f]{64}',
  /** a certificate serial in decimal */
  certId: '\\d{1,50}',
  /** YYYYMMDDhhmmss (txnTime, tokenEndExpr) */
  dateTime14: '\\d{14}',
  /** signPubKeyCert: one PEM certificate with CRLF line breaks, as UnionPay sends it */
  pemCrlf: '-----BEGIN CERTIFICATE-----\\r\\n[A-Za-z0-9+/=\\r\\n]+-----END CERTIFICATE-----(?:\\r\\n)?',
} as const;

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KvTextMatcher {
  /** the example body the mock server answers */
  text: string;
  /** every regex must match the provider's body */
  regexes: string[];
}

const KEY = '[A-Za-z][A-Za-z0-9]*';

/** The raw response text of `example` and the regexes that stand for it. */
export function kvTextMatcher(example: Record<string, string>, patterns: Record<string, string> = {}): KvTextMatcher {
  for (const k of Object.keys(patterns)) {
    if (example[k] === undefined)
      throw new Error(`unionpay-kv-matcher: a pattern for ${k}, which the example does not carry`);
  }
  const text = encodeUnionPayResponse(example);
  const shape = `^${KEY}=[^&]+(?:&${KEY}=[^&]+)*$`;
  const fields = Object.keys(example)
    .sort()
    .map((k) => {
      const value = patterns[k] ?? escapeRegex(example[k]!);
      return `^(?:[\\s\\S]*&)?${escapeRegex(k)}=${value}(?:&[\\s\\S]*)?$`;
    });
  const regexes = [shape, ...fields];
  // An example its own regexes reject would pass on the consumer side and fail only at
  // verification, far from the mistake: refuse it here.
  for (const regex of regexes) {
    if (!new RegExp(regex).test(text))
      throw new Error(`unionpay-kv-matcher: example ${JSON.stringify(text)} does not match its own regex ${regex}`);
  }
  return { text, regexes };
}
