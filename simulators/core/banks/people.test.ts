import { describe, expect, it } from 'vitest';
import { fakePerson, idCheckChar, isValidIdNumber } from './people.ts';
import { createRandom } from './seeded-random.ts';

describe('isValidIdNumber', () => {
  it('accepts the GB 11643-1999 example and its lowercase x spelling', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check character, a bad date, a bad province and a wrong length', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    const withBody = (body: string) => body + idCheckChar(body);
    expect(isValidIdNumber(withBody('11010519490230002'))).toBe(false); // 30 February
    expect(isValidIdNumber(withBody('99010519491231002'))).toBe(false); // no province 99
    expect(isValidIdNumber(withBody('11010518991231002'))).toBe(false); // before 1900
    expect(isValidIdNumber(withBody('11010520000229002'))).toBe(true); // 2000 is a leap year
    expect(isValidIdNumber('11010519491231002')).toBe(false);
  });
});

describe('fakePerson', () => {
  it('makes realistic names, valid IDs born 1960–2004 and mobile numbers', () => {
    const rand = createRandom(88);
    for (let i = 0; i < 1000; i++) {
      const p = fakePerson(rand);
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(isValidIdNumber(p.idNumber)).toBe(true);
      expect(p.idNumber).toMatch(/^\d{17}[\dX]$/);
      const year = Number(p.idNumber.slice(6, 10));
      expect(year).toBeGreaterThanOrEqual(1960);
      expect(year).toBeLessThanOrEqual(2004);
      expect(p.mobile).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('gives the same people for the same seed', () => {
    const run = (seed: number) => {
      const rand = createRandom(seed);
      return Array.from({ length: 10 }, () => fakePerson(rand));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});
