// Luhn (ISO/IEC 7812-1 mod 10) check digit for simulated bank card numbers, so the cards we hand
// out pass the same client-side check a merchant's form or SDK applies before it calls an
// upstream. It must stay a pure digit function: no BIN knowledge, no formatting, no masking.

const DIGITS = /^\d+$/;

/** The digit to append to `partial` so that the whole number passes Luhn. */
export function luhnCheckDigit(partial: string): string {
  if (!DIGITS.test(partial)) throw new RangeError('luhnCheckDigit: partial must be decimal digits');
  // The check digit will sit at the rightmost position, so the rightmost digit of `partial`
  // is the first one that gets doubled.
  return String((10 - (luhnSum(partial, true) % 10)) % 10);
}

/** True when `num` (digits only, at least two) passes Luhn. */
export function isLuhnValid(num: string): boolean {
  if (num.length < 2 || !DIGITS.test(num)) return false;
  return luhnSum(num, false) % 10 === 0;
}

function luhnSum(digits: string, doubleRightmost: boolean): number {
  let sum = 0;
  let double = doubleRightmost;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}
