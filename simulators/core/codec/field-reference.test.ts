/**
 * The field reference renderer: every kind of rule the field schema supports shows up in the
 * table in words (the sample table below is typed over FieldRule's keys, so a new kind of rule
 * does not compile until it has a sample here and the renderer shows it), every kind of route
 * predicate reads as a sentence, and a README's marked section is replaced and nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { Predicate } from '../predicates.ts';
import {
  FIELD_REFERENCE_END,
  FIELD_REFERENCE_START,
  fieldTable,
  predicateInWords,
  renderFieldReference,
  replaceFieldReference,
} from './field-reference.ts';
import type { FieldRule } from './field-schema.ts';

/** per kind of rule: a rule that uses it and what its table row must then say */
const RULE_KINDS: { [K in keyof Required<FieldRule>]: { rule: FieldRule; row: string[] } } = {
  label: { rule: { label: '交易说明' }, row: ['| no | any string | 交易说明 |'] },
  required: { rule: { required: true }, row: ['| yes |'] },
  requiredWhen: {
    rule: { requiredWhen: { field: 'accessType', in: ['1', '2'], note: '收单机构接入时必填' } },
    row: ['when `accessType` is `1` or `2` (收单机构接入时必填)'],
  },
  maxLength: { rule: { maxLength: 64 }, row: ['at most 64 characters'] },
  fixed: { rule: { fixed: '5.1.0' }, row: ['fixed `5.1.0`'] },
  enum: { rule: { enum: ['OUT', 'REFUND', 'BOTH'] }, row: ['one of `OUT`, `REFUND` or `BOTH`'] },
  pattern: { rule: { pattern: /^\d{2}|\d{4}$/ }, row: ['matches `^\\d{2}\\|\\d{4}$`'] },
  patternHint: { rule: { pattern: /^\d{14}$/, patternHint: 'yyyyMMddHHmmss' }, row: ['| yyyyMMddHHmmss |'] },
  check: { rule: { check: () => undefined }, row: ['passes a check of its own'] },
  checkHint: { rule: { check: () => undefined, checkHint: 'a real date' }, row: ['| a real date |'] },
  doc: { rule: { label: '账户类型', doc: 'absent: POS' }, row: ['| 账户类型: absent: POS |'] },
};

const rowOf = (field: string, rule: FieldRule, notes?: Record<string, string>) =>
  fieldTable({ [field]: rule }, notes).split('\n')[2]!;

describe('fieldTable', () => {
  it.each(Object.entries(RULE_KINDS))('shows a rule with %s', (_kind, { rule, row }) => {
    const line = rowOf('f', rule);
    expect(line.startsWith('| `f` |')).toBe(true);
    for (const part of row) expect(line).toContain(part);
  });

  it('lists every constraint of a rule, in the order the schema checks them', () => {
    const line = rowOf('amount', {
      label: '金额',
      required: true,
      maxLength: 15,
      enum: ['1.00', '2.00'],
      pattern: /^\d+\.\d{2}$/,
      patternHint: '两位小数',
      check: () => undefined,
      checkHint: 'more than 0',
    });
    expect(line).toBe(
      '| `amount` | yes | at most 15 characters; one of `1.00` or `2.00`; 两位小数; more than 0 | 金额 |',
    );
  });

  it('a single enum value reads "only"; a function note is left to the condition; an operation note is added', () => {
    expect(rowOf('t', { enum: ['LFT'] })).toContain('| only `LFT` |');
    expect(rowOf('o', { maxLength: 1, pattern: /^\d$/, patternHint: ' 一位数字' })).toContain(
      '| at most 1 character; 一位数字 |',
    );
    expect(rowOf('c', { requiredWhen: { field: 'm', in: ['01'], note: (v) => `m=${v}` } })).toContain(
      '| when `m` is `01` |',
    );
    expect(rowOf('n', { label: '流水号', doc: 'unique' }, { n: 'starts with the appId' })).toContain(
      '| 流水号: unique; starts with the appId |',
    );
  });

  it('keeps a cell on one line and its pipes escaped', () => {
    expect(rowOf('x', { label: 'a|b\nc' })).toBe('| `x` | no | any string | a\\|b c |');
  });
});

type PredicateKind = Predicate extends infer P ? (P extends P ? keyof P : never) : never;
const PREDICATES: Record<PredicateKind, [Predicate, string]> = {
  equals: [{ equals: { txnType: '78', txnSubType: 20 } }, '`txnType` is `78` and `txnSubType` is `20`'],
  contains: [{ contains: { method: 'tied' } }, '`method` contains `tied`'],
  matches: [{ matches: { Step: '^0[12]$' } }, '`Step` matches `/^0[12]$/`'],
  exists: [{ exists: ['retry'] }, '`retry` is present'],
  and: [
    { and: [{ exists: ['a'] }, { or: [{ exists: ['b'] }, { exists: ['c'] }] }] },
    '`a` is present and (`b` is present or `c` is present)',
  ],
  or: [{ or: [{ equals: { a: '1' } }, { equals: { a: '2' } }] }, '`a` is `1` or `a` is `2`'],
  not: [{ not: { exists: ['retry'] } }, 'not (`retry` is present)'],
};

describe('predicateInWords', () => {
  it.each(Object.entries(PREDICATES))('reads %s', (_kind, [p, words]) => {
    expect(predicateInWords(p)).toBe(words);
  });
});

describe('renderFieldReference and replaceFieldReference', () => {
  const section = renderFieldReference({
    command: 'npm run docs',
    intro: 'How requests travel.',
    common: { title: 'Envelope', fields: { sign: { required: true } }, text: 'md5 of it' },
    operations: [
      {
        name: 'query',
        description: '查询',
        path: '/gw',
        route: { equals: { txnType: '78' } },
        fields: { orderId: { required: true, maxLength: 40 } },
        examples: [{ caption: 'Example', language: 'text', text: 'orderId=A1\n' }],
        response: { respCode: '响应码' },
      },
      { name: 'any', description: 'anything', path: ['*', '/x'], fields: {}, examples: [] },
    ],
  });

  it('renders the envelope, then per operation its route, fields, examples and answer', () => {
    expect(section.startsWith(`${FIELD_REFERENCE_START}\n`)).toBe(true);
    expect(section.endsWith(`\n${FIELD_REFERENCE_END}`)).toBe(true);
    expect(section).toContain('`npm run docs`');
    for (const part of [
      '## Field reference\n\nHow requests travel.',
      '### Envelope\n\n| field | required | format | description |',
      '| `sign` | yes | any string |  |\n\nmd5 of it',
      '### `query` — 查询\n\nPOST `/gw`, when `txnType` is `78`.',
      '| `orderId` | yes | at most 40 characters |  |',
      'Example:\n\n```text\norderId=A1\n```',
      '| `respCode` | 响应码 |',
      '### `any` — anything\n\nPOST any path, `/x`.\n\nRequest fields:\n\n(none)',
    ])
      expect(section).toContain(part);
  });

  it('replaces only the marked section, and appends one to a text without it', () => {
    const readme = `# T\n\nabove\n${FIELD_REFERENCE_START}\nold\n${FIELD_REFERENCE_END}\n\nbelow\n`;
    expect(replaceFieldReference(readme, section)).toBe(`# T\n\nabove\n${section}\n\nbelow\n`);
    expect(replaceFieldReference('# T\n\ntext\n\n', section)).toBe(`# T\n\ntext\n\n${section}\n`);
  });

  it('refuses markers out of order or repeated', () => {
    expect(() => replaceFieldReference(`${FIELD_REFERENCE_END}\n${FIELD_REFERENCE_START}`, section)).toThrow(/order/);
    expect(() =>
      replaceFieldReference(`${FIELD_REFERENCE_START}\n${FIELD_REFERENCE_START}\n${FIELD_REFERENCE_END}`, section),
    ).toThrow(/repeated/);
    expect(() => replaceFieldReference(`${FIELD_REFERENCE_START} only`, section)).toThrow(/missing/);
  });
});
