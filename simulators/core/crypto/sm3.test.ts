/**
 * Known answers for sm3Hex: the two examples of GB/T 32905-2016 Appendix A, and strings hashed
 * with `printf '%s' '…' | openssl dgst -sm3`; plus agreement with sm-crypto (a second JS
 * implementation) on arbitrary input.
 */
import { randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { sm3Hex } from './sm3.ts';

describe('sm3Hex', () => {
  it.each([
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
    ['', '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b'],
    ['88888888', 'ce63bbc0642e6805e0bf2be526df8fce7f29ae8cd7162ebafc826c8130810a30'],
    ['中国银联', 'dabe8be9da3e88252e5d5650df498f651e72c6b6e85016c7e7174e837b6c8415'],
    ['a=1&b=2', '0bfe17499076583fbb29bace7fcd0a1c64f0fe6bccc29fe4e3d9e01f41d9e44d'],
  ])('hashes the UTF-8 bytes of %j', (input, expected) => {
    expect(sm3Hex(input)).toBe(expected);
  });

  it('agrees with sm-crypto on random bytes of many lengths', () => {
    for (const length of [1, 55, 56, 63, 64, 65, 127, 1000]) {
      const bytes = randomBytes(length);
      expect(sm3Hex(bytes)).toBe(smCrypto.sm3(Array.from(bytes)));
    }
  });

  it('gives the same answer for a string and its UTF-8 bytes', () => {
    expect(sm3Hex(Buffer.from('中国银联', 'utf8'))).toBe(sm3Hex('中国银联'));
  });
});
