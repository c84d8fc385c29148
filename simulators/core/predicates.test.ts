import { describe, expect, it } from 'vitest';
import { checkPredicate, evaluate, type Predicate } from './predicates.ts';

const fields = { amount: '0.14', outReqNo: 'APP1-0001', nested: { code: 'X' } };

describe('predicates', () => {
  it('matches equals, contains, matches and exists on verbatim field names', () => {
    expect(evaluate({ equals: { amount: '0.14' } }, fields)).toBe(true);
    expect(evaluate({ equals: { amount: 0.14 } }, fields)).toBe(true);
    expect(evaluate({ contains: { outReqNo: '-00' } }, fields)).toBe(true);
    expect(evaluate({ matches: { amount: '\\.14$' } }, fields)).toBe(true);
    expect(evaluate({ exists: ['nested.code'] }, fields)).toBe(true);
    expect(evaluate({ exists: ['missing'] }, fields)).toBe(false);
  });

  it('combines with and, or, not', () => {
    const p: Predicate = { and: [{ matches: { amount: '^0' } }, { not: { equals: { amount: '0.15' } } }] };
    expect(evaluate(p, fields)).toBe(true);
    expect(evaluate({ or: [{ equals: { amount: '1' } }, { equals: { amount: '2' } }] }, fields)).toBe(false);
  });

  it('reports malformed predicates with their path', () => {
    expect(checkPredicate({ equals: {}, matches: {} })).toEqual([expect.stringContaining('exactly one')]);
    expect(checkPredicate({ matches: { amount: '(' } })[0]).toMatch(
      /when\.match\.matches\.amount: bad regular expression/,
    );
    expect(checkPredicate({ and: [{ nope: 1 }] })[0]).toMatch(/when\.match\.and\[0\]/);
    expect(checkPredicate({ exists: ['a'] })).toEqual([]);
  });
});
