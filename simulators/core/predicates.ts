/**
 * Predicates over a request's decoded fields, as scenario files write them:
 * { equals | contains | matches: { field: value }, exists: [field], and: [...], or: [...], not: {...} }.
 * Field names are the upstream's, verbatim; a dotted name reaches into nested objects. Pure data
 * in, boolean out: no eval, no functions in scenario files (mountebank's injection is the thing
 * we do not copy).
 */
import { checkShape, text, type Shape } from './shape.ts';

export type Predicate =
  | { equals: Record<string, unknown> }
  | { contains: Record<string, string> }
  | { matches: Record<string, string> }
  | { exists: string[] }
  | { and: Predicate[] }
  | { or: Predicate[] }
  | { not: Predicate };

const KEYS = ['equals', 'contains', 'matches', 'exists', 'and', 'or', 'not'] as const;

export function fieldValue(fields: Record<string, unknown>, name: string): unknown {
  if (name in fields) return fields[name];
  let v: unknown = fields;
  for (const part of name.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const regexCache = new Map<string, RegExp>();
function regex(src: string): RegExp {
  let r = regexCache.get(src);
  if (!r) regexCache.set(src, (r = new RegExp(src)));
  return r;
}

type Test = (fields: Record<string, unknown>) => boolean;
const compiled = new WeakMap<Predicate, Test>();

/** turns a predicate into a function once (a scenario's predicate runs on every new order) */
function compile(p: Predicate): Test {
  if ('equals' in p) {
    const pairs = Object.entries(p.equals).map(([k, v]) => [k, String(v)] as const);
    return (f) => pairs.every(([k, v]) => String(fieldValue(f, k)) === v);
  }
  if ('contains' in p) {
    const pairs = Object.entries(p.contains);
    return (f) =>
      pairs.every(([k, v]) => {
        const x = fieldValue(f, k);
        return typeof x === 'string' && x.includes(v);
      });
  }
  if ('matches' in p) {
    const pairs = Object.entries(p.matches).map(([k, v]) => [k, regex(v)] as const);
    return (f) =>
      pairs.every(([k, r]) => {
        const x = fieldValue(f, k);
        return x !== undefined && x !== null && r.test(String(x));
      });
  }
  if ('exists' in p) return (f) => p.exists.every((k) => fieldValue(f, k) !== undefined);
  if ('and' in p) return (f) => p.and.every((q) => evaluate(q, f));
  if ('or' in p) return (f) => p.or.some((q) => evaluate(q, f));
  return (f) => !evaluate(p.not, f);
}

export function evaluate(p: Predicate, fields: Record<string, unknown>): boolean {
  let test = compiled.get(p);
  if (!test) compiled.set(p, (test = compile(p)));
  return test(fields);
}

const FIELDS = 'the upstream field names, verbatim (a dotted name reaches into nested objects)';

/** what a predicate may say, as data (core/shape.ts): checked here, and in the scenario JSON Schema */
export const PREDICATE: Shape = {
  type: 'ref',
  name: 'predicate',
  shape: () => ({
    type: 'oneKey',
    description: `one test over the request's fields: ${KEYS.join(', ')}`,
    options: {
      equals: {
        type: 'map',
        values: { type: 'scalar' },
        expect: 'map field names to values',
        description: `each field equals its value, compared as text (${FIELDS})`,
      },
      contains: {
        type: 'map',
        values: { type: 'scalar' },
        expect: 'map field names to values',
        description: `each field is text containing its value (${FIELDS})`,
      },
      matches: {
        type: 'map',
        values: text(undefined, { regex: true }),
        expect: 'map field names to values',
        description: `each field matches its regular expression (JavaScript syntax; ${FIELDS})`,
      },
      exists: { type: 'list', items: text(), expect: 'a list of field names', description: 'each field is present' },
      and: { type: 'list', items: PREDICATE, nonEmpty: true, description: 'every predicate holds' },
      or: { type: 'list', items: PREDICATE, nonEmpty: true, description: 'at least one predicate holds' },
      // the predicate that must not hold
      not: PREDICATE,
    },
  }),
};

/** Checks a predicate read from a file; returns problems as "path: message". */
export function checkPredicate(p: unknown, path = 'when.match'): string[] {
  return checkShape(PREDICATE, p, path);
}
