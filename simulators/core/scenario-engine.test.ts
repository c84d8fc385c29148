import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenarios/schema.ts';
import { nextStep, resolveScenarioId, selectScenario, type Cursor, type ScenarioSet } from './scenario-engine.ts';

const scenario = (name: string, steps: Scenario['steps'], when?: Scenario['when']): Scenario => ({
  id: `ch/${name}`,
  channel: 'ch',
  name,
  description: name,
  steps,
  when,
  file: `${name}.yaml`,
});
const fallback = scenario('default', { query: [{ reply: { outcome: 'success' } }], pay: [{}] });
const pending = scenario(
  'pending',
  { query: [{ times: 2, reply: { outcome: 'pending' } }, { reply: { outcome: 'success' } }] },
  { operation: 'pay', match: { equals: { amount: '0.04' } } },
);
const set: ScenarioSet = {
  channel: 'ch',
  byId: new Map([fallback, pending].map((s) => [s.id, s])),
  matchers: [pending],
  fallback,
};

describe('nextStep', () => {
  it('answers a step `times` times, moves on, and the last step sticks', () => {
    let cursor: Cursor | undefined;
    const outcomes: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const n = nextStep(pending, fallback, 'query', cursor);
      outcomes.push(n.step.reply?.outcome);
      cursor = n.cursor;
    }
    expect(outcomes).toEqual(['pending', 'pending', 'success', 'success', 'success']);
  });

  it("uses the default scenario's steps for an operation the scenario does not script, else an empty step", () => {
    expect(nextStep(pending, fallback, 'pay', undefined)).toMatchObject({ step: {}, from: 'ch/default', index: 0 });
    expect(nextStep(pending, fallback, 'refund', undefined)).toMatchObject({ step: {}, from: '(none)', index: -1 });
  });
});

describe('selectScenario', () => {
  it('chooses header, then override, then predicate, then default, and says why', () => {
    const override = { id: 'ov1', scenarioId: 'ch/default', once: true, createdAt: 0 };
    const fields = { amount: '0.04' };
    expect(
      selectScenario(set, { header: 'pending', takeOverride: () => override, operation: 'pay', fields }),
    ).toMatchObject({ scenario: pending, why: expect.stringContaining('header') });
    expect(selectScenario(set, { takeOverride: () => override, operation: 'pay', fields })).toMatchObject({
      scenario: fallback,
      override,
    });
    expect(selectScenario(set, { operation: 'pay', fields })).toMatchObject({
      scenario: pending,
      why: expect.stringContaining('predicate'),
    });
    expect(selectScenario(set, { operation: 'pay', fields: { amount: '1.00' } })).toMatchObject({
      scenario: fallback,
      why: 'default',
    });
    expect(selectScenario(set, { header: 'nope', operation: 'pay', fields })).toEqual({ unknownHeader: 'nope' });
  });

  it('keeps load order across magic values and other predicates: the first matching scenario wins', () => {
    const on = (name: string, match: NonNullable<Scenario['when']>['match']) =>
      scenario(name, {}, { operation: 'pay', match });
    const a = on('a', { equals: { amount: '0.01' } });
    const big = on('big', { matches: { amount: '^9' } });
    const b = on('b', { equals: { amount: '9.00' } });
    const again = on('again', { equals: { amount: '0.01' } });
    const card = on('card', { equals: { card: '6222' } });
    const both = on('both', { equals: { amount: '0.05', card: '6222' } });
    const other = scenario('other', {}, { operation: 'query', match: { equals: { amount: '0.05' } } });
    const matchers = [other, a, big, b, again, both, card];
    const many: ScenarioSet = { ...set, byId: new Map(matchers.map((s) => [s.id, s])), matchers };
    const pick = (fields: Record<string, unknown>) => selectScenario(many, { operation: 'pay', fields });
    expect(pick({ amount: '0.01' })).toMatchObject({ scenario: a });
    expect(pick({ amount: '9.00' })).toMatchObject({ scenario: big }); // `big` comes first
    expect(pick({ amount: '0.05', card: '6222' })).toMatchObject({ scenario: both });
    expect(pick({ amount: '1.00', card: '6222' })).toMatchObject({ scenario: card });
    expect(pick({ amount: '0.05' })).toMatchObject({ scenario: fallback }); // `other` is for query
    expect(pick({ amount: 1 })).toMatchObject({ scenario: fallback });
  });

  it('resolves ids with or without channel prefix and .yaml', () => {
    expect(resolveScenarioId(set, 'ch/pending')).toBe(pending);
    expect(resolveScenarioId(set, 'pending.yaml')).toBe(pending);
    expect(resolveScenarioId(set, 'other/pending')).toBeUndefined();
  });
});
