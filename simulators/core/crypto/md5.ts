/**
 * MD5 digest as lower-case hex, the primitive behind the LFT and withhold signatures.
 * Strings are hashed as their UTF-8 bytes (LFT: `getBytes("UTF-8")`). Pure: it must not
 * know any channel's signing string, keys or comparison rules; callers build those.
 */
import { hash } from 'node:crypto';

export function md5Hex(input: string | Buffer): string {
  // one-shot (Node ≥ 20.12): no Hash object per signature; a string is hashed as its UTF-8 bytes
  return hash('md5', input, 'hex');
}
