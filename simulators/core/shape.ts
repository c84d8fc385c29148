/**
 * A data format written once, as data: each member's type, range, allowed values, whether it is
 * required and what it means. Two readings of one description: `checkShape` (every problem of a
 * parsed document in one pass, as "path: message" in the simulator's words, with "did you mean"
 * for a mistyped key) and `jsonSchemaOf` (the same rules as a JSON Schema, draft-07, which editors
 * read to complete and check a file). Scenario files and their predicates are described with it,
 * so what start-up refuses and what an editor underlines cannot drift apart.
 */

interface Described {
  /** what it means: the editor's hover text */
  description?: string;
}

export type Shape =
  TextShape | WholeShape | ScalarShape | ObjectShape | ListShape | MapShape | OneKeyShape | RefShape | NeverShape;

/** a string; with `values`, one of them */
export interface TextShape extends Described {
  type: 'text';
  values?: readonly string[];
  /** how a value outside `values` is named: `"PAID" is not <label> (…)`; absent: `must be one of …` */
  label?: string;
  /** not empty, not only spaces */
  nonEmpty?: boolean;
  /** a JavaScript regular expression (the checker compiles it) */
  regex?: boolean;
  /** what a value of another type is told it must be ("a state name"); default "a string" */
  expect?: string;
}

/** a whole number ≥ min */
export interface WholeShape extends Described {
  type: 'whole';
  min: number;
}

/** a string, number or boolean (compared as text) */
export interface ScalarShape extends Described {
  type: 'scalar';
}

/** a mapping with these members and no others */
export interface ObjectShape extends Described {
  type: 'object';
  fields: Record<string, Shape>;
  /** required members, each with what it is ("required (a callback event name)") */
  required?: Record<string, string>;
  /** how an unknown member is named: `<key>: unknown <word>` (default "field") */
  word?: string;
  /** instead of `unknown <word>`: `<key>: <unknown>` ("not an operation or event of lft") */
  unknown?: string;
  /** a member required only when another has a value */
  requiredWhen?: Array<{ field: string; when: string; equals: string }>;
  /** a member needs at least one member (an empty mapping says nothing) */
  nonEmpty?: boolean;
}

/** a list of items */
export interface ListShape extends Described {
  type: 'list';
  items: Shape;
  nonEmpty?: boolean;
  /** what it must be when it is not ("a non-empty list of steps"); default "a list" / "a non-empty list" */
  expect?: string;
}

/** a mapping of any keys (field names, operation names) to values of one shape */
export interface MapShape extends Described {
  type: 'map';
  values: Shape;
  /** what it must be when it is not ("map field names to values": "must map …") */
  expect?: string;
}

/** a mapping with exactly one of these keys (a predicate: equals | contains | …) */
export interface OneKeyShape extends Described {
  type: 'oneKey';
  options: Record<string, Shape>;
}

/** a named shape, for recursion (a predicate's and/or/not hold predicates) */
export interface RefShape {
  type: 'ref';
  name: string;
  shape: () => Shape;
}

/** nothing is allowed here, and `message` says why */
export interface NeverShape extends Described {
  type: 'never';
  message: string;
}

export const text = (description?: string, more: Omit<TextShape, 'type' | 'description'> = {}): TextShape => ({
  type: 'text',
  ...(description ? { description } : {}),
  ...more,
});
export const whole = (min: number, description?: string): WholeShape => ({
  type: 'whole',
  min,
  ...(description ? { description } : {}),
});

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));

/** edit distance, for "did you mean": a typo (aftrMs) is one or two edits from the key meant */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function unknownKey(shape: ObjectShape, key: string, path: string): string {
  const allowed = Object.keys(shape.fields);
  const near = allowed.find((a) => distance(key.toLowerCase(), a.toLowerCase()) <= 2);
  const what = shape.unknown ?? `unknown ${shape.word ?? 'field'}`;
  return `${at(path, key)}: ${what}${near ? ` (did you mean ${near}?)` : ''} (allowed: ${allowed.join(', ')})`;
}

/** every problem of `value` against `shape`, each "path: message" (`path` names where it sits) */
export function checkShape(shape: Shape, value: unknown, path: string): string[] {
  const where = path || '(file)';
  switch (shape.type) {
    case 'ref':
      return checkShape(shape.shape(), value, path);
    case 'never':
      return [`${where}: ${shape.message}`];
    case 'text': {
      if (typeof value !== 'string') return [`${where}: must be ${shape.expect ?? 'a string'}`];
      if (shape.nonEmpty && !value.trim()) return [`${where}: must not be empty`];
      if (shape.values && !shape.values.includes(value))
        return [
          shape.label
            ? `${where}: ${shown(value)} is not ${shape.label} (${shape.values.join(', ')})`
            : `${where}: must be one of ${shape.values.join(', ')}`,
        ];
      if (shape.regex) {
        try {
          new RegExp(value);
        } catch (e) {
          return [`${where}: bad regular expression (${(e as Error).message})`];
        }
      }
      return [];
    }
    case 'whole':
      return Number.isInteger(value) && (value as number) >= shape.min
        ? []
        : [`${where}: must be a whole number ≥ ${shape.min}`];
    case 'scalar':
      return ['string', 'number', 'boolean'].includes(typeof value)
        ? []
        : [`${where}: must be a string, a number or true/false`];
    case 'list': {
      const expect = shape.expect ?? (shape.nonEmpty ? 'a non-empty list' : 'a list');
      if (!Array.isArray(value) || (shape.nonEmpty && value.length === 0)) return [`${where}: must be ${expect}`];
      return value.flatMap((v, i) => checkShape(shape.items, v, `${path}[${i}]`));
    }
    case 'map':
      if (!isObj(value)) return [`${where}: must ${shape.expect ?? 'be a mapping'}`];
      return Object.entries(value).flatMap(([k, v]) => checkShape(shape.values, v, at(path, k)));
    case 'oneKey': {
      const keys = Object.keys(shape.options);
      if (!isObj(value)) return [`${where}: must be an object`];
      const got = Object.keys(value);
      if (got.length !== 1 || !keys.includes(got[0]!))
        return [`${where}: must have exactly one of ${keys.join(', ')} (got ${got.join(', ') || 'nothing'})`];
      return checkShape(shape.options[got[0]!]!, value[got[0]!], at(path, got[0]!));
    }
    case 'object': {
      if (!isObj(value)) return [`${where}: must be an object`];
      const out: string[] = [];
      for (const k of Object.keys(value)) if (!(k in shape.fields)) out.push(unknownKey(shape, k, path));
      if (shape.nonEmpty && Object.keys(value).length === 0) out.push(`${where}: must not be empty`);
      for (const [k, s] of Object.entries(shape.fields)) {
        const what = shape.required?.[k];
        if (value[k] === undefined) {
          if (what !== undefined) out.push(`${at(path, k)}: required (${what})`);
          continue;
        }
        out.push(...checkShape(s, value[k], at(path, k)));
      }
      for (const r of shape.requiredWhen ?? [])
        if (value[r.when] === r.equals && value[r.field] === undefined)
          out.push(`${at(path, r.field)}: required when ${r.when} is ${r.equals}`);
      return out;
    }
  }
}

type JsonSchema = Record<string, unknown>;

/**
 * `shape` as a JSON Schema (draft-07: what yaml-language-server and JetBrains read best), named
 * shapes under `definitions`. It says what checkShape checks, in JSON Schema's terms; the
 * messages are the checker's own.
 */
export function jsonSchemaOf(shape: Shape, top: { title: string; description?: string }): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const of = (s: Shape): JsonSchema => {
    const d = 'description' in s && s.description ? { description: s.description } : {};
    switch (s.type) {
      case 'ref':
        if (!(s.name in definitions)) {
          definitions[s.name] = {};
          definitions[s.name] = of(s.shape());
        }
        return { $ref: `#/definitions/${s.name}` };
      case 'never':
        return { not: {}, description: s.message };
      case 'text':
        return {
          type: 'string',
          ...d,
          ...(s.values ? { enum: [...s.values] } : {}),
          ...(s.nonEmpty ? { pattern: '\\S' } : {}),
          ...(s.regex ? { format: 'regex' } : {}),
        };
      case 'whole':
        return { type: 'integer', minimum: s.min, ...d };
      case 'scalar':
        return { type: ['string', 'number', 'boolean'], ...d };
      case 'list':
        return { type: 'array', items: of(s.items), ...(s.nonEmpty ? { minItems: 1 } : {}), ...d };
      case 'map':
        return { type: 'object', additionalProperties: of(s.values), ...d };
      case 'oneKey':
        return {
          type: 'object',
          properties: Object.fromEntries(Object.entries(s.options).map(([k, o]) => [k, of(o)])),
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          ...d,
        };
      case 'object': {
        const required = Object.keys(s.required ?? {});
        const conditions = (s.requiredWhen ?? []).map((r) => ({
          if: { properties: { [r.when]: { const: r.equals } }, required: [r.when] },
          then: { required: [r.field] },
        }));
        return {
          type: 'object',
          ...d,
          properties: Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, of(f)])),
          ...(required.length ? { required } : {}),
          additionalProperties: false,
          ...(s.nonEmpty ? { minProperties: 1 } : {}),
          ...(conditions.length === 1 ? conditions[0] : conditions.length ? { allOf: conditions } : {}),
        };
      }
    }
  };
  const root = of(shape);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...root,
    title: top.title,
    ...(top.description ? { description: top.description } : {}),
    ...(Object.keys(definitions).length ? { definitions } : {}),
  };
}
