/**
 * The one field schema of the simulator: a declarative validator for string-valued wire fields,
 * compiled once per schema and run per request. A schema is an ordered record (the order is the
 * order problems are looked for: the first problem is the one an upstream reports). A rule may
 * say: required (always, or when another field has one of some values), maxLength in characters,
 * a fixed value, an enum, a pattern with a human hint, and a last check of its own (a real date).
 * Channel-agnostic and pure (a `<channel>/wire` may import it): it knows no upstream's field names,
 * codes or error format; the words of its messages come from a Wording the channel may supply
 * (each upstream phrases "missing" its own way). It must not coerce, trim or rewrite values, and
 * must not throw on odd input. `problemToSimError` in ../field-problems.ts maps a problem to the
 * core's error; only the first problem is usually reported.
 */

export interface FieldRule {
  /** The upstream document's (Chinese) description; shown in messages next to the field name. */
  label?: string;
  required?: boolean;
  /** required only when another field has one of these values (UnionPay's 按条件必填) */
  requiredWhen?: { field: string; in: readonly string[]; note?: string | ((value: string) => string) };
  /** Counted in Unicode code points (characters), not bytes or UTF-16 units. */
  maxLength?: number;
  /** the only value allowed (a document's 默认值 / 固定值 column) */
  fixed?: string;
  enum?: readonly string[];
  pattern?: RegExp;
  /** What the pattern means, for humans, e.g. '两位小数的元金额 (如 100.00)'. */
  patternHint?: string;
  /** a last check on a value that passed the others; returns what is wrong, or undefined */
  check?: (value: string) => string | undefined;
  /** What `check` requires, for humans (the field reference shows it; never checked). */
  checkHint?: string;
  /** The document's 取值说明 or the simulator's reading of it (what it tolerates, what it
   *  defaults), shown by the field reference (field-reference.ts) next to the label; never checked. */
  doc?: string;
}

export type FieldSchema = Record<string, FieldRule>;

export type FieldProblemKind = 'missing' | 'type' | 'too_long' | 'fixed' | 'enum' | 'format';

export interface FieldProblem {
  field: string;
  problem: FieldProblemKind;
  message: string;
}

/** How an upstream words each problem; `name` is `field (label)`, `shown` the quoted value. */
export interface Wording {
  missing(name: string, note?: string): string;
  type(name: string, actual: string): string;
  tooLong(name: string, length: number, max: number): string;
  fixed(name: string, shown: string, fixed: string): string;
  enum(name: string, shown: string, allowed: readonly string[]): string;
  format(name: string, shown: string, expected: string): string;
  /** a value quoted in a message */
  show(value: string): string;
}

/** Longest value echoed back in a message; longer ones are cut so logs stay readable. */
const MAX_ECHO = 64;

export const DEFAULT_WORDING: Wording = {
  missing: (name, note) => `${name} 不能为空${note ? ` (${note})` : ''}`,
  type: (name, actual) => `${name} 类型错误: 应为字符串, 实际为 ${actual}`,
  tooLong: (name, length, max) => `${name} 超长: ${length} > ${max}`,
  fixed: (name, shown, fixed) => `${name} 取值错误: ${shown}, 应固定为 ${fixed}`,
  enum: (name, shown, allowed) => `${name} 取值错误: ${shown}, 应为 ${allowed.join('|')}`,
  format: (name, shown, expected) => `${name} 格式错误: ${shown} ${expected}`,
  show(value) {
    const chars = [...value];
    return JSON.stringify(chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : value);
  },
};

export type CompiledSchema = (fields: Record<string, unknown>) => FieldProblem[];

export function compileSchema(schema: FieldSchema, wording: Wording = DEFAULT_WORDING): CompiledSchema {
  const checks = Object.entries(schema).map(([field, rule]) => compileRule(field, rule, wording));
  return (fields) => {
    const problems: FieldProblem[] = [];
    const source: Record<string, unknown> = isRecord(fields) ? fields : {};
    for (const check of checks) {
      const problem = check(source);
      if (problem) problems.push(problem);
    }
    return problems;
  };
}

type ValueCheck = (fields: Record<string, unknown>) => FieldProblem | undefined;
/** compiled once per rule, wording and field: a value checked on every request must not recompile each time */
const valueChecks = new WeakMap<FieldRule, WeakMap<Wording, Map<string, ValueCheck>>>();

/** one rule against one present string value (for a field checked outside a schema) */
export function checkValue(
  field: string,
  rule: FieldRule,
  value: string,
  wording: Wording = DEFAULT_WORDING,
): FieldProblem | undefined {
  let byWording = valueChecks.get(rule);
  if (!byWording) valueChecks.set(rule, (byWording = new WeakMap()));
  let byField = byWording.get(wording);
  if (!byField) byWording.set(wording, (byField = new Map()));
  let check = byField.get(field);
  // the value is there: never "required", whatever the rule says in its schema
  if (!check)
    byField.set(field, (check = compileRule(field, { ...rule, required: false, requiredWhen: undefined }, wording)));
  return check({ [field]: value });
}

const own = (fields: Record<string, unknown>, field: string) =>
  Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;

function compileRule(
  field: string,
  rule: FieldRule,
  w: Wording,
): (fields: Record<string, unknown>) => FieldProblem | undefined {
  const name = rule.label ? `${field} (${rule.label})` : field;
  // A global or sticky RegExp keeps lastIndex between test() calls; strip those flags so a
  // compiled schema gives the same answer on every request.
  const pattern = rule.pattern ? new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gy]/g, '')) : undefined;
  const allowed = rule.enum ? new Set(rule.enum) : undefined;
  const when = rule.requiredWhen;
  const problem = (kind: FieldProblemKind, message: string): FieldProblem => ({ field, problem: kind, message });

  const required = (fields: Record<string, unknown>): { yes: boolean; note?: string } => {
    if (rule.required) return { yes: true };
    if (!when) return { yes: false };
    const v = own(fields, when.field);
    if (typeof v !== 'string' || !when.in.includes(v)) return { yes: false };
    return { yes: true, note: typeof when.note === 'function' ? when.note(v) : when.note };
  };

  const checkString = (value: string): FieldProblem | undefined => {
    // code points ≤ UTF-16 units: only a value longer in units than the limit needs counting
    // (spreading every value into an array of characters was most of a request's validation)
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      const length = [...value].length;
      if (length > rule.maxLength) return problem('too_long', w.tooLong(name, length, rule.maxLength));
    }
    if (rule.fixed !== undefined && value !== rule.fixed)
      return problem('fixed', w.fixed(name, w.show(value), rule.fixed));
    if (allowed && !allowed.has(value)) return problem('enum', w.enum(name, w.show(value), [...allowed]));
    if (pattern && !pattern.test(value)) {
      return problem(
        'format',
        w.format(name, w.show(value), rule.patternHint ? `不是${rule.patternHint}` : `不匹配 ${pattern.toString()}`),
      );
    }
    const custom = rule.check?.(value);
    return custom === undefined ? undefined : problem('format', w.format(name, w.show(value), custom));
  };

  return (fields) => {
    // Own properties only: a field called "constructor" or "toString" must not be found on the prototype.
    const value = own(fields, field);
    // JSON null is treated like an absent field (Java upstreams deserialise both to null).
    if (value === undefined || value === null || value === '') {
      const r = required(fields);
      return r.yes ? problem('missing', w.missing(name, r.note)) : undefined;
    }
    if (typeof value !== 'string') return problem('type', w.type(name, Array.isArray(value) ? 'array' : typeof value));
    return checkString(value);
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
