import { describe, expect, it } from 'vitest';
import { banks } from './bank-list.ts';
import { bankOfCard, fakeBankCard, maskCard } from './cards.ts';
import { isLuhnValid } from './luhn.ts';
import { createRandom } from './seeded-random.ts';

const binOf = (num: string) => banks.flatMap((b) => b.bins).find((b) => b.bin === num.slice(0, 6));

describe('fakeBankCard', () => {
  it('makes Luhn-valid cards on a listed BIN, with the BIN length and kind', () => {
    const rand = createRandom(2024);
    for (let i = 0; i < 2000; i++) {
      const card = fakeBankCard(rand);
      const bin = binOf(card.cardNum);
      expect(isLuhnValid(card.cardNum)).toBe(true);
      expect(bin).toBeDefined();
      expect(card.cardNum).toHaveLength(bin?.length ?? -1);
      expect(card.kind).toBe(bin?.kind);
      expect(bankOfCard(card.cardNum)?.code).toBe(card.bankCode);
    }
  });

  it('honours bankCode and kind for every bank', () => {
    const rand = createRandom(5);
    for (const bank of banks) {
      for (const kind of ['debit', 'credit'] as const) {
        const card = fakeBankCard(rand, { bankCode: bank.code, kind });
        expect(card).toMatchObject({ bankCode: bank.code, bankName: bank.shortName, issuingBank: bank.abbr, kind });
        expect(binOf(card.cardNum)?.kind).toBe(kind);
      }
    }
  });

  it('gives the same cards for the same seed', () => {
    const run = (seed: number) => {
      const rand = createRandom(seed);
      return Array.from({ length: 20 }, () => fakeBankCard(rand));
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('mixes debit and credit when no kind is asked for, mostly debit', () => {
    const rand = createRandom(3);
    const kinds = Array.from({ length: 1000 }, () => fakeBankCard(rand).kind);
    const debit = kinds.filter((k) => k === 'debit').length;
    expect(debit).toBeGreaterThan(650);
    expect(debit).toBeLessThan(850);
  });

  it('refuses a bank code that is not in the table', () => {
    expect(() => fakeBankCard(createRandom(1), { bankCode: '999' })).toThrow(RangeError);
  });
});

describe('maskCard', () => {
  it('keeps the first six and last four digits around six asterisks', () => {
    expect(maskCard('6222021234567891234')).toBe('622202******1234');
    expect(maskCard('6225881234561234')).toBe('622588******1234');
  });

  it('never reveals a short number whole', () => {
    expect(maskCard('1234567890')).toBe('******7890');
    expect(maskCard('123')).toBe('123');
  });
});

describe('bankOfCard', () => {
  it('finds the bank by BIN, or undefined when the BIN is unknown', () => {
    expect(bankOfCard('6222021234567891234')?.abbr).toBe('ICBC');
    expect(bankOfCard('4392251234567890')?.abbr).toBe('CMB');
    expect(bankOfCard('4111111111111111')).toBeUndefined();
    expect(bankOfCard('')).toBeUndefined();
  });
});
