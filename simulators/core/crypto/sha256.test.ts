/**
 * Known answers for sha256Hex, computed independently with `printf '%s' '…' | sha256sum`.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.ts';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['88888888', '615ed7fb1504b0c724a296d7a69e6c7b2f9ea2c57c1d8206c5afdf392ebdfd25'],
    ['中国银联', '17aaca92a91ba3e78dcd84046018ae9cae2a827650b2277d5cdd7c1311a2243d'],
    ['a=1&b=2', '8e85be58c1c372ac29fe7bfa80d8ddcbd04a4032c7b51c1c026d67c55b1ab23f'],
  ])('hashes the UTF-8 bytes of %j', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  it('gives the same answer for a string and its UTF-8 bytes', () => {
    expect(sha256Hex(Buffer.from('中国银联', 'utf8'))).toBe(sha256Hex('中国银联'));
  });
});
