import { describe, expect, it } from 'vitest';
import { createRandom } from './seeded-random.ts';

describe('createRandom', () => {
  it('matches the reference mulberry32 output for seed 1, so runs agree across machines', () => {
    const rand = createRandom(1);
    expect(rand.next()).toBe(0.6270739405881613);
    expect(rand.next()).toBe(0.002735721180215478);
  });

  it('repeats exactly for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return [r.int(1, 100), r.pick(['a', 'b', 'c']), r.digits(12), r.next()];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps int() within inclusive bounds and reaches both ends', () => {
    const r = createRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('returns n decimal digits from digits(n)', () => {
    const r = createRandom(9);
    expect(r.digits(0)).toBe('');
    expect(r.digits(30)).toMatch(/^\d{30}$/);
  });

  it('rejects impossible requests instead of returning garbage', () => {
    const r = createRandom(1);
    expect(() => r.int(5, 4)).toThrow(RangeError);
    expect(() => r.int(1.5, 4)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.digits(-1)).toThrow(RangeError);
  });
});
