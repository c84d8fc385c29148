import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from './luhn.ts';

describe('luhn', () => {
  it('accepts known valid numbers', () => {
    expect(isLuhnValid('4539578763621486')).toBe(true);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4111111111111111')).toBe(true);
  });

  it('rejects a wrong check digit and non-digit input', () => {
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('4539578763621487')).toBe(false);
    expect(isLuhnValid('4539 5787 6362 1486')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
  });

  it('computes the check digit that completes a known number', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('453957876362148')).toBe('6');
    expect(luhnCheckDigit('411111111111111')).toBe('1');
  });

  it('always yields a valid number when its digit is appended', () => {
    for (const partial of ['0', '62220212345678901', '622588123456789', '999999999']) {
      expect(isLuhnValid(partial + luhnCheckDigit(partial))).toBe(true);
    }
  });

  it('refuses a partial that is not all digits', () => {
    expect(() => luhnCheckDigit('62a2')).toThrow(RangeError);
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
  });
});
