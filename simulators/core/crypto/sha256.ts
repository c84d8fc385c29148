/**
 * SHA-256 digest as lower-case hex, the primitive behind UnionPay's signMethod 01 (the RSA
 * signature covers this hex string) and 11 (a keyed double hash). Strings are hashed as their
 * UTF-8 bytes (the SDKs' `getBytes(encoding)` with encoding=UTF-8). Pure: it must not know any
 * channel's signing string, keys or comparison rules; callers build those.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return createHash('sha256').update(bytes).digest('hex');
}
