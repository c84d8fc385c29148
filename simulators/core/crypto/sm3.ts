/**
 * SM3 digest (GB/T 32905) as lower-case hex, the primitive behind UnionPay's signMethod 12 and
 * the message digest of signMethod 21. Strings are hashed as their UTF-8 bytes. It uses
 * sm-crypto-v2 (noble-hashes) rather than node:crypto's 'sm3', because an OpenSSL built
 * without the SM algorithms (some distributions' shared libssl) would make the simulator fail
 * at start-up. Pure: no channel's signing string, keys or comparison rules belong here.
 */
import { sm3 } from 'sm-crypto-v2';

export function sm3Hex(input: string | Uint8Array): string {
  // sm-crypto-v2 hashes a string as UTF-8 already; the explicit conversion keeps the rule
  // visible here and makes a Buffer and its string hash alike.
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return sm3(Uint8Array.from(bytes));
}
