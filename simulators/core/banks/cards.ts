// Simulated bank cards for payment results and callbacks: a real BIN from bank-list, random body
// digits from the caller's seeded Random, and a Luhn check digit, so the number looks and checks
// like a real card of that bank. Plus the two helpers channels need around them: masking for
// display fields and reverse lookup by BIN. It must not invent BINs or banks, and it never uses
// an unseeded source of randomness.

import { banks, bankByCode, type Bank, type CardKind } from './bank-list.ts';
import { luhnCheckDigit } from './luhn.ts';
import type { Random } from './seeded-random.ts';

export interface FakeBankCard {
  cardNum: string;
  bankCode: string;
  /** Short name, e.g. 招商银行. */
  bankName: string;
  /** English abbreviation, e.g. CMB. */
  issuingBank: string;
  kind: CardKind;
}

export interface FakeBankCardOptions {
  /** 3-digit PBOC bank code; any bank when omitted. */
  bankCode?: string;
  /** Debit or credit; when omitted, debit three times in four, as payer cards mostly are. */
  kind?: CardKind;
}

export function fakeBankCard(rand: Random, opts: FakeBankCardOptions = {}): FakeBankCard {
  const bank = chooseBank(rand, opts.bankCode);
  const kind: CardKind = opts.kind ?? (rand.next() < 0.75 ? 'debit' : 'credit');
  const candidates = bank.bins.filter((b) => b.kind === kind);
  if (candidates.length === 0) {
    throw new RangeError(`fakeBankCard: bank ${bank.code} has no ${kind} BIN in the table`);
  }
  const bin = rand.pick(candidates);
  const body = bin.bin + rand.digits(bin.length - bin.bin.length - 1);
  return {
    cardNum: body + luhnCheckDigit(body),
    bankCode: bank.code,
    bankName: bank.shortName,
    issuingBank: bank.abbr,
    kind,
  };
}

function chooseBank(rand: Random, bankCode: string | undefined): Bank {
  if (bankCode === undefined) return rand.pick(banks);
  const bank = bankByCode(bankCode);
  if (!bank) throw new RangeError(`fakeBankCard: unknown bank code ${bankCode}`);
  return bank;
}

/**
 * First 6 and last 4 digits with a fixed run of six asterisks between them, e.g.
 * 622202******1234: the fixed run is how Chinese payment upstreams commonly print masked cards,
 * and it also hides the card length. Numbers too short to keep both ends show only the last 4.
 */
export function maskCard(num: string): string {
  if (num.length < 11) return '*'.repeat(Math.max(0, num.length - 4)) + num.slice(-4);
  return `${num.slice(0, 6)}******${num.slice(-4)}`;
}

const bankByBin = new Map<string, Bank>();
for (const bank of banks) for (const { bin } of bank.bins) bankByBin.set(bin, bank);

/** The bank whose listed BIN opens `num`, or undefined (unknown BIN, not a card number). */
export function bankOfCard(num: string): Bank | undefined {
  return bankByBin.get(num.slice(0, 6));
}
