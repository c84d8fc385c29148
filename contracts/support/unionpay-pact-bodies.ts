/**
 * UnionPay bodies on Pact V4 builders: the request as an application/x-www-form-urlencoded body
 * with a matcher per field, the response as raw `k=v&…` text/html with the regex set of
 * unionpay-kv-matcher.ts on `$`. pact-js 16's V4 builders offer only `jsonBody` (always
 * application/json) and `body(contentType, Buffer)` (pactffi_with_binary_file, which adds a
 * content-type matcher and no field matchers); the FFI's pactffi_with_body does what is needed —
 * for a form content type it reads Pact's integration JSON into a form body plus per-field
 * matching rules (pact-reference, roadmap RFC 99) — so the body is set through the builder's
 * FFI handle (pact-ffi-body.ts). Only Pact wiring
 * here; examples and regexes come from the callers.
 */
import { MatchersV3, type Matcher, type V3RegexMatcher } from '@pact-foundation/pact';
import { ffiRequestBody, ffiResponseBody, type V4RequestBuilder, type V4ResponseBuilder } from './pact-ffi-body.ts';
import { UNIONPAY_REQUEST_CONTENT_TYPE, UNIONPAY_RESPONSE_CONTENT_TYPE } from '../../simulators/unionpay/wire/index.ts';
import type { KvTextMatcher } from './unionpay-kv-matcher.ts';

/** what the client sends, byte for byte: application/x-www-form-urlencoded;charset=UTF-8 */
export const UNIONPAY_REQUEST_HEADERS = { 'Content-Type': UNIONPAY_REQUEST_CONTENT_TYPE };
/** what UnionPay answers: raw text, never form-urlencoded */
export const UNIONPAY_RESPONSE_HEADERS = { 'Content-Type': UNIONPAY_RESPONSE_CONTENT_TYPE };

/**
 * A form body: each field of `example` literal, except those in `patterns` (field → regex on the
 * whole value). Pact's form matching refuses missing and unexpected fields, so the request must
 * carry exactly these.
 */
export function formRequestBody(
  b: V4RequestBuilder,
  example: Record<string, string>,
  patterns: Record<string, string> = {},
): void {
  const body: Record<string, string | Matcher<string>> = {};
  for (const [k, v] of Object.entries(example)) {
    const pattern = patterns[k];
    if (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(v))
      throw new Error(`unionpay-pact-bodies: example ${k}=${v} does not match its pattern ${pattern}`);
    body[k] = pattern === undefined ? v : MatchersV3.regex(`^(?:${pattern})$`, v);
  }
  b.headers(UNIONPAY_REQUEST_HEADERS);
  if (!ffiRequestBody(b, JSON.stringify(body), UNIONPAY_REQUEST_CONTENT_TYPE))
    throw new Error('unionpay-pact-bodies: pactffi_with_body refused the form body');
}

/** The raw k=v text as the example body, and its regexes on the whole body (all must match). */
export function kvTextResponseBody(b: V4ResponseBuilder, m: KvTextMatcher): void {
  b.headers(UNIONPAY_RESPONSE_HEADERS);
  if (!ffiResponseBody(b, m.text, UNIONPAY_RESPONSE_CONTENT_TYPE))
    throw new Error('unionpay-pact-bodies: pactffi_with_body refused the text body');
  const rules = m.regexes.map((regex): V3RegexMatcher => ({ 'pact:matcher:type': 'regex', regex }));
  b.matchingRules({ body: { path: '$', rules } });
}
