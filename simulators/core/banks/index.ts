// Public surface of the channel-agnostic bank test data: real bank table and BINs, seeded
// generators for cards, people and branches. Simulators import from here, never from the
// individual files, so the pieces can move without touching channels. No logic lives here.

export { banks, bankByCode, type Bank, type CardBin, type CardKind } from './bank-list.ts';
export { createRandom, type Random } from './seeded-random.ts';
export { luhnCheckDigit, isLuhnValid } from './luhn.ts';
export { fakeBankCard, maskCard, bankOfCard, type FakeBankCard, type FakeBankCardOptions } from './cards.ts';
export {
  createBranchDirectory,
  cnapsCheckDigit,
  type Branch,
  type BranchDirectory,
  type BranchDirectoryOptions,
} from './branch-directory.ts';
export { fakePerson, isValidIdNumber, idCheckChar, type FakePerson } from './people.ts';
