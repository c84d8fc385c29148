/**
 * MD5 digest as lower-case hex, the primitive behind the LFT and withhold signatures.
 * Strings are hashed as their UTF-8 bytes (LFT: `getBytes("UTF-8")`). Pure: it must not
 * know any channel's signing string, keys or comparison rules; callers build those.
 */
import { createHash } from 'node:crypto';

export function md5Hex(input: string | Buffer): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return createHash('md5').update(bytes).digest('hex');
}
