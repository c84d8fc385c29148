// A tiny seeded PRNG (mulberry32) so simulated bank data is identical on every run and machine:
// the same seed must always produce the same cards, people and branches, because tests and
// recorded contracts pin them. It must not read Math.random, the clock or any global state,
// and it is not cryptographic — never use it for keys, nonces or signatures.

export interface Random {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A string of n decimal digits; leading zeros allowed. */
  digits(n: number): string;
}

export function createRandom(seed: number): Random {
  // `>>> 0` folds any number (negative, fractional, NaN) into one uint32 state, so a caller's
  // seed never makes the generator throw; mulberry32 is fine with a zero state.
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick(): empty array');
    return items[int(0, items.length - 1)] as T;
  };

  const digits = (n: number): string => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`digits(${n}): need a non-negative integer`);
    let out = '';
    for (let i = 0; i < n; i++) out += String(int(0, 9));
    return out;
  };

  return { next, int, pick, digits };
}
