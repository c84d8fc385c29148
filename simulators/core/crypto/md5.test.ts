/**
 * Known answers for md5Hex, computed independently with `printf '%s' '…' | md5sum`
 * (and `printf '\x00\xff\x10' | md5sum` for the binary case), never with node:crypto.
 */
import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5.ts';

describe('md5Hex', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
    ['理房通协议支付', 'e660f402679a257e5e9083a5e5d6910a'],
    ['appId&{"a":"中文"}&20240101120000000&key', '86ea9cefcbaec7fef66bbdb5c5baa9bd'],
  ])('hashes the UTF-8 bytes of %j', (input, expected) => {
    expect(md5Hex(input)).toBe(expected);
  });

  it('hashes a Buffer as raw bytes', () => {
    expect(md5Hex(Buffer.from([0x00, 0xff, 0x10]))).toBe('481e4551ec039aada760901cf52b1917');
  });

  it('gives the same answer for a string and its UTF-8 Buffer', () => {
    expect(md5Hex(Buffer.from('理房通协议支付', 'utf8'))).toBe(md5Hex('理房通协议支付'));
  });

  it('returns lower-case hex, 32 characters', () => {
    expect(md5Hex('ABC')).toMatch(/^[0-9a-f]{32}$/);
  });
});
