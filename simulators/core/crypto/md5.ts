/**
 * MD5 digest as lower-case hex, the primitive behind the LFT and withhold signatures.
 * Strings are hashed as their UTF-8 bytes (LFT: `getBytes("UTF-8")`). Pure: it must not
 * know any channel's signing string, keys or comparison rules; callers build those.
 */
import { createHash } from 'node:crypto';

export function md5Hex(input: string | Buffer): string {
  // a string goes to the hash as UTF-8 directly: no intermediate Buffer per signature
  const hash = createHash('md5');
  return (typeof input === 'string' ? hash.update(input, 'utf8') : hash.update(input)).digest('hex');
}
