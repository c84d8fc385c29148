/**
 * Known answers for AES as the withhold gateway's integrations use it, computed independently
 * with `openssl enc` (the commands are beside each vector), and decryption that reports instead
 * of throwing.
 */
import { describe, expect, it } from 'vitest';
import { aesDecrypt, aesEncrypt, checkAesKey } from './aes.ts';

const PLAIN = '{"a":"1","b":"中文"}';

describe('AES', () => {
  it('defaults to Java\'s Cipher.getInstance("AES"): AES-128-ECB, PKCS#5, Base64', () => {
    // printf '%s' "$PLAIN" | openssl enc -aes-128-ecb -K $(printf 0123456789abcdef | xxd -p) -base64 -A
    const vector = 'LMVHJ+hv9Bd5R4DDpGveOAzdC0sKXBsE4kLp6QWCk9k=';
    expect(aesEncrypt(PLAIN, '0123456789abcdef')).toBe(vector);
    expect(aesDecrypt(vector, '0123456789abcdef')).toEqual({ ok: true, text: PLAIN });
  });

  it('does CBC with an IV, 256-bit keys and hex output', () => {
    // ... | openssl enc -aes-256-cbc -K <hex of the 32-char key> -iv <hex of fedcba9876543210> | xxd -p
    const vector = 'd22270cbe112a1ba31e4797031e062e5e55b039ebf34be215177b1389efdb30e';
    const opts = { mode: 'cbc', iv: 'fedcba9876543210', encoding: 'hex' } as const;
    expect(aesEncrypt(PLAIN, '0123456789abcdef0123456789abcdef', opts)).toBe(vector);
    expect(aesDecrypt(vector, '0123456789abcdef0123456789abcdef', opts)).toEqual({ ok: true, text: PLAIN });
  });

  it('says what is wrong with a ciphertext instead of throwing', () => {
    const key = '0123456789abcdef';
    expect(aesDecrypt('', key)).toMatchObject({ ok: false });
    expect(aesDecrypt('not base64!', key)).toMatchObject({ ok: false, message: expect.stringContaining('Base64') });
    expect(aesDecrypt('AAAA', key)).toMatchObject({ ok: false, message: expect.stringContaining('16') });
    expect(aesDecrypt(aesEncrypt(PLAIN, 'fedcba9876543210'), key)).toMatchObject({ ok: false });
  });

  it('checks keys and IVs', () => {
    expect(checkAesKey('short')).toMatch(/16, 24 or 32/);
    expect(checkAesKey('0123456789abcdef', { mode: 'cbc' })).toMatch(/IV/);
    expect(checkAesKey('0123456789abcdef')).toBeUndefined();
  });
});
