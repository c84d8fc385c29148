/**
 * The field reference of a channel README, rendered from the same field schemas the simulator
 * validates with (field-schema.ts), so the documentation cannot drift from what is refused: per
 * operation its path (and route, for operations that share one), a table of every request field
 * (required or when, format, the document's description), an example body and the answer's
 * fields. Channel-agnostic and pure: the channel supplies its schemas, examples and words; this
 * turns them into Markdown. `replaceFieldReference` rewrites the marked section of a README
 * (scripts/field-reference.ts, `npm run docs`).
 */
import type { Predicate } from '../predicates.ts';
import type { FieldRule, FieldSchema } from './field-schema.ts';

export const FIELD_REFERENCE_START = '<!-- field-reference:start -->';
export const FIELD_REFERENCE_END = '<!-- field-reference:end -->';

export interface OperationReference {
  name: string;
  description: string;
  /** wire path(s); several are listed, `*` is "any path" */
  path: string | readonly string[];
  method?: string;
  /** which requests on the path are this operation (a channel's `route`) */
  route?: Predicate;
  /** the request's own fields, in the order they are checked */
  fields: FieldSchema;
  /** what the table is of, e.g. "`data` fields"; default "request fields" */
  fieldsTitle?: string;
  /** per field, more words for this operation only (tolerances, where a value comes from) */
  notes?: Record<string, string>;
  /** an example request (the fields as the merchant sets them), then e.g. the bytes that carry it */
  examples: readonly { caption: string; language: string; text: string }[];
  /** the answer's fields → their description; absent when the channel has none as data */
  response?: Record<string, string>;
  responseTitle?: string;
}

export interface ChannelFieldReference {
  /** a paragraph under the heading: how requests are sent, signed and answered */
  intro: string;
  /** fields every request carries (an envelope), checked before the operation's */
  common?: { title: string; fields: FieldSchema; notes?: Record<string, string>; text?: string };
  operations: readonly OperationReference[];
  /** the command that regenerates the section, named in its header comment */
  command: string;
}

/** `|` ends a table cell even inside a code span (GFM), and a cell is one line */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (s: string) => (s === '' ? '`""`' : `\`${s}\``);
const list = (values: readonly string[], last: string) =>
  values.length <= 1
    ? values.map(code).join('')
    : `${values.slice(0, -1).map(code).join(', ')} ${last} ${code(values.at(-1)!)}`;

/** "yes", "no", or when (a conditional requirement with the values that make it so) */
export function requiredInWords(rule: FieldRule): string {
  if (rule.required) return 'yes';
  const when = rule.requiredWhen;
  if (!when) return 'no';
  // a note that is a function words one value at a time: the condition itself already says it
  const note = typeof when.note === 'string' ? ` (${when.note})` : '';
  return `when ${code(when.field)} is ${list(when.in, 'or')}${note}`;
}

/** every constraint of the rule, in the order the schema checks them */
export function formatInWords(rule: FieldRule): string {
  const parts: string[] = [];
  if (rule.maxLength !== undefined) parts.push(`at most ${rule.maxLength} character${rule.maxLength === 1 ? '' : 's'}`);
  if (rule.fixed !== undefined) parts.push(`fixed ${code(rule.fixed)}`);
  if (rule.enum) parts.push(rule.enum.length === 1 ? `only ${code(rule.enum[0]!)}` : `one of ${list(rule.enum, 'or')}`);
  if (rule.pattern) parts.push(rule.patternHint?.trim() || `matches ${code(rule.pattern.source)}`);
  if (rule.check) parts.push(rule.checkHint?.trim() || 'passes a check of its own (see the error it answers)');
  return parts.length === 0 ? 'any string' : parts.join('; ');
}

export function fieldTable(schema: FieldSchema, notes: Record<string, string> = {}): string {
  const rows = Object.entries(schema).map(([field, rule]) => {
    const more = [rule.doc, notes[field]].filter((w): w is string => w !== undefined && w !== '').join('; ');
    const words = rule.label && more ? `${rule.label}: ${more}` : (rule.label ?? more);
    return `| ${[code(field), requiredInWords(rule), formatInWords(rule), words].map(cell).join(' | ')} |`;
  });
  return ['| field | required | format | description |', '|---|---|---|---|', ...rows].join('\n');
}

/** a route predicate as a sentence: `txnType` is `78` and `txnSubType` is `20` */
export function predicateInWords(p: Predicate): string {
  const pairs = (o: Record<string, unknown>, verb: string, show: (v: string) => string = code) =>
    Object.entries(o)
      .map(([k, v]) => `${code(k)} ${verb} ${show(String(v))}`)
      .join(' and ');
  const nested = (q: Predicate) => ('and' in q || 'or' in q ? `(${predicateInWords(q)})` : predicateInWords(q));
  if ('equals' in p) return pairs(p.equals, 'is');
  if ('contains' in p) return pairs(p.contains, 'contains');
  if ('matches' in p) return pairs(p.matches, 'matches', (v) => code(`/${v}/`));
  if ('exists' in p) return p.exists.map((k) => `${code(k)} is present`).join(' and ');
  if ('and' in p) return p.and.map(nested).join(' and ');
  if ('or' in p) return p.or.map(nested).join(' or ');
  return `not (${predicateInWords(p.not)})`;
}

function operationSection(op: OperationReference): string {
  const paths = typeof op.path === 'string' ? [op.path] : op.path;
  const where = paths.map((p) => (p === '*' ? 'any path' : code(p))).join(', ');
  const lines = [
    `### ${code(op.name)} — ${op.description}`,
    '',
    `${op.method ?? 'POST'} ${where}${op.route ? `, when ${predicateInWords(op.route)}` : ''}.`,
    '',
    `${op.fieldsTitle ?? 'Request fields'}:`,
    '',
    Object.keys(op.fields).length === 0 ? '(none)' : fieldTable(op.fields, op.notes),
  ];
  for (const ex of op.examples)
    lines.push('', `${ex.caption}:`, '', '```' + ex.language, ex.text.replace(/\n+$/, ''), '```');
  if (op.response) {
    const rows = Object.entries(op.response).map(([f, d]) => `| ${cell(code(f))} | ${cell(d)} |`);
    lines.push('', `${op.responseTitle ?? 'Answer fields'}:`, '', '| field | description |', '|---|---|', ...rows);
  }
  return lines.join('\n');
}

/** the whole marked section, markers included */
export function renderFieldReference(ref: ChannelFieldReference): string {
  const parts = [
    FIELD_REFERENCE_START,
    `<!-- generated from the field schemas by \`${ref.command}\`: edit the schemas or the reference data, not this section -->`,
    '',
    '## Field reference',
    '',
    ref.intro,
  ];
  if (ref.common) {
    parts.push('', `### ${ref.common.title}`, '', fieldTable(ref.common.fields, ref.common.notes));
    if (ref.common.text) parts.push('', ref.common.text);
  }
  for (const op of ref.operations) parts.push('', operationSection(op));
  parts.push(FIELD_REFERENCE_END);
  return parts.join('\n');
}

/**
 * `text` with its marked section replaced by `section` (which carries the markers); a text without
 * the markers gets the section at its end. Throws when the markers are out of order or repeated.
 */
export function replaceFieldReference(text: string, section: string): string {
  const start = text.indexOf(FIELD_REFERENCE_START);
  const end = text.indexOf(FIELD_REFERENCE_END);
  if (start < 0 && end < 0) return `${text.replace(/\n*$/, '')}\n\n${section}\n`;
  const markers = `the ${FIELD_REFERENCE_START} … ${FIELD_REFERENCE_END} markers`;
  if (start < 0 || end < 0) throw new Error(`${markers}: one is missing`);
  if (text.indexOf(FIELD_REFERENCE_START, start + 1) >= 0 || text.indexOf(FIELD_REFERENCE_END, end + 1) >= 0)
    throw new Error(`${markers}: one is repeated`);
  if (end < start) throw new Error(`${markers}: out of order`);
  return text.slice(0, start) + section + text.slice(end + FIELD_REFERENCE_END.length);
}
