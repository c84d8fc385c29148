/**
 * A small declarative validator for flat string-valued wire fields, compiled once per schema
 * and run per request. Channel-agnostic: it knows no upstream's field names, codes or error
 * format; it only reports neutral problems with human messages that channels render in their
 * own wire format. It must not coerce, trim or rewrite values, and must not throw on odd input.
 */

export interface FieldRule {
  /** The upstream document's (Chinese) description; shown in messages next to the field name. */
  label?: string;
  required?: boolean;
  /** Counted in Unicode code points (characters), not bytes or UTF-16 units. */
  maxLength?: number;
  pattern?: RegExp;
  /** What the pattern means, for humans, e.g. '两位小数的元金额 (如 100.00)'. */
  patternHint?: string;
  enum?: readonly string[];
}

export type FieldSchema = Record<string, FieldRule>;

export interface FieldProblem {
  field: string;
  problem: 'missing' | 'type' | 'too_long' | 'format' | 'enum';
  message: string;
}

type FieldCheck = (value: unknown) => FieldProblem | undefined;

/** Longest value echoed back in a message; longer ones are cut so logs stay readable. */
const MAX_ECHO = 64;

export function compileSchema(schema: FieldSchema): (fields: Record<string, unknown>) => FieldProblem[] {
  const checks = Object.entries(schema).map(([field, rule]) => compileRule(field, rule));
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

function compileRule(field: string, rule: FieldRule): (fields: Record<string, unknown>) => FieldProblem | undefined {
  const name = rule.label ? `${field} (${rule.label})` : field;
  // A global or sticky RegExp keeps lastIndex between test() calls; strip those flags so a
  // compiled schema gives the same answer on every request.
  const pattern = rule.pattern ? new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gy]/g, '')) : undefined;
  const allowed = rule.enum ? new Set(rule.enum) : undefined;
  const problem = (kind: FieldProblem['problem'], message: string): FieldProblem => ({ field, problem: kind, message });

  const checkValue: FieldCheck = (value) => {
    if (typeof value !== 'string') return problem('type', `${name} 类型错误: 应为字符串, 实际为 ${describeType(value)}`);
    if (value === '') return rule.required ? problem('missing', `${name} 不能为空`) : undefined;
    if (rule.maxLength !== undefined) {
      const length = [...value].length;
      if (length > rule.maxLength) return problem('too_long', `${name} 超长: ${length} > ${rule.maxLength}`);
    }
    if (allowed && !allowed.has(value)) {
      return problem('enum', `${name} 取值错误: ${echo(value)}, 应为 ${[...allowed].join('|')}`);
    }
    if (pattern && !pattern.test(value)) {
      const expected = rule.patternHint ? `不是${rule.patternHint}` : `不匹配 ${pattern.toString()}`;
      return problem('format', `${name} 格式错误: ${echo(value)} ${expected}`);
    }
    return undefined;
  };

  return (fields) => {
    // Own properties only: a field called "constructor" or "toString" must not be found on the prototype.
    const value = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
    // JSON null is treated like an absent field (Java upstreams deserialise both to null).
    if (value === undefined || value === null) return rule.required ? problem('missing', `${name} 不能为空`) : undefined;
    return checkValue(value);
  };
}

function echo(value: string): string {
  const chars = [...value];
  const shown = chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO).join('')}…` : value;
  return JSON.stringify(shown);
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
