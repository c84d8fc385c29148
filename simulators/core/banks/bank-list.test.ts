import { describe, expect, it } from 'vitest';
import { bankByCode, banks } from './bank-list.ts';

describe('bank list', () => {
  it('has the fifteen banks with unique 3-digit codes and abbreviations', () => {
    expect(banks.map((b) => b.code)).toEqual([
      '102',
      '103',
      '104',
      '105',
      '301',
      '302',
      '303',
      '304',
      '305',
      '306',
      '307',
      '308',
      '309',
      '310',
      '403',
    ]);
    expect(new Set(banks.map((b) => b.abbr)).size).toBe(banks.length);
    expect(bankByCode('308')?.abbr).toBe('CMB');
    expect(bankByCode('999')).toBeUndefined();
  });

  it('gives every bank a legal name, a short name and both card kinds', () => {
    for (const bank of banks) {
      expect(bank.fullName).toMatch(/股份有限公司$/);
      expect(bank.shortName).toMatch(/^[\u4e00-\u9fa5]{2}银行$/);
      expect(bank.bins.some((b) => b.kind === 'debit')).toBe(true);
      expect(bank.bins.some((b) => b.kind === 'credit')).toBe(true);
    }
  });

  it('lists each BIN once, six digits long, with a card length of 16 to 19', () => {
    const bins = banks.flatMap((b) => b.bins);
    expect(new Set(bins.map((b) => b.bin)).size).toBe(bins.length);
    for (const b of bins) {
      expect(b.bin).toMatch(/^\d{6}$/);
      expect(b.length).toBeGreaterThanOrEqual(16);
      expect(b.length).toBeLessThanOrEqual(19);
    }
  });

  it('carries the well-known BINs with their real lengths', () => {
    const find = (bin: string) => {
      for (const bank of banks) for (const b of bank.bins) if (b.bin === bin) return { abbr: bank.abbr, ...b };
      return undefined;
    };
    expect(find('622202')).toMatchObject({ abbr: 'ICBC', length: 19, kind: 'debit' });
    expect(find('621226')).toMatchObject({ abbr: 'ICBC', length: 19, kind: 'debit' });
    expect(find('621700')).toMatchObject({ abbr: 'CCB', length: 19, kind: 'debit' });
    expect(find('436742')).toMatchObject({ abbr: 'CCB', length: 19, kind: 'debit' });
    expect(find('622588')).toMatchObject({ abbr: 'CMB', length: 16, kind: 'debit' });
    expect(find('621483')).toMatchObject({ abbr: 'CMB', length: 16, kind: 'debit' });
    expect(find('622848')).toMatchObject({ abbr: 'ABC', length: 19, kind: 'debit' });
    expect(find('621661')).toMatchObject({ abbr: 'BOC', length: 19, kind: 'debit' });
    expect(find('621785')).toMatchObject({ abbr: 'BOC', length: 19, kind: 'debit' });
    expect(find('621799')).toMatchObject({ abbr: 'PSBC', length: 19, kind: 'debit' });
    expect(find('439225')).toMatchObject({ abbr: 'CMB', length: 16, kind: 'credit' });
  });

  it('is frozen, because simulators share it in one process', () => {
    expect(Object.isFrozen(banks)).toBe(true);
    expect(Object.isFrozen(banks[0])).toBe(true);
    expect(Object.isFrozen(banks[0]?.bins)).toBe(true);
  });
});
