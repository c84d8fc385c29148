/**
 * Pact matchers for a JSON document carried as a STRING: LFT's `data` field. Pact cannot look
 * inside a string, so the contract is a set of regexes, all of which must match (Pact combines
 * several matchers on one path with AND): one for the shape, one per field. Each field regex
 * finds `"name":"value"` anywhere at the top level, so field order never matters, and responses
 * may carry fields the consumer does not name (requests must carry exactly the named ones).
 * Values are literal unless a pattern is given for a value the provider chooses (ids, times).
 * Pact regexes match the WHOLE string, hence every regex here is anchored and padded with `.*`.
 * This module only builds matcher JSON; it must not know LFT's fields or call Pact.
 */

/** regexes for values the provider chooses; each matches the text between the quotes */
export const VALUE = {
  /** any non-empty id the platform hands out */
  id: '[^"]+',
  any: '[^"]*',
  /** yyyy-MM-dd HH:mm:ss (spec 004 createTime, payFinishTime, …) */
  dateTime: '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}',
  /** the POS six-digit code */
  posCode: '\\d{6}',
  cardNum: '\\d{12,19}',
  url: 'https?://[^"]+',
  /** a 12-digit 联行号 */
  cnaps: '\\d{12}',
} as const;

export interface DataMatcherOptions {
  /** field → regex for a value the provider chooses (see VALUE) */
  patterns?: Record<string, string>;
  /**
   * field → provider-state key, for values the provider state creates (transNo): at verification
   * the verifier writes the state's value into the request (Pact's ProviderState generator).
   */
  fromProviderState?: Record<string, string>;
  /** true for requests: no field beyond the example's */
  exact?: boolean;
}

/** Pact FFI "integration JSON": a value with its matchers, and optionally a generator */
export interface StringMatcher {
  value: string;
  'pact:matcher:type': Array<{ 'pact:matcher:type': 'regex'; regex: string }>;
  'pact:generator:type'?: 'ProviderState';
  expression?: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a JSON string literal, escapes included */
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';

function fieldRegex(name: string, value: string, pattern: string | undefined): string {
  const text = pattern === undefined ? escapeRegex(JSON.stringify(value)) : `"${pattern}"`;
  return `^\\{(?:.*,)?${escapeRegex(JSON.stringify(name))}:${text}[,}].*$`;
}

function stringFields(example: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(example).map(([k, v]) => {
    if (typeof v !== 'string')
      throw new TypeError(`json-data-matcher: field ${k} is not a string (LFT data holds only strings)`);
    return [k, v];
  });
}

/** Matches a JSON object text such as LFT's `data`: every field of `example`, in any order. */
export function jsonObjectText(example: Record<string, unknown>, opts: DataMatcherOptions = {}): StringMatcher {
  const fields = stringFields(example);
  const patterns = { ...opts.patterns };
  for (const field of Object.keys(opts.fromProviderState ?? {})) patterns[field] ??= VALUE.id;
  const pair = `${JSON_STRING}:${JSON_STRING}`;
  const shape = opts.exact ? `^\\{${pair}(?:,${pair}){${fields.length - 1}}\\}$` : '^\\{.*\\}$';
  const regexes = [shape, ...fields.map(([k, v]) => fieldRegex(k, v, patterns[k]))];
  const matcher = build(JSON.stringify(example), regexes);
  if (opts.fromProviderState) {
    const template = { ...example };
    for (const [field, key] of Object.entries(opts.fromProviderState)) template[field] = `\${${key}}`;
    matcher['pact:generator:type'] = 'ProviderState';
    matcher.expression = JSON.stringify(template);
  }
  return matcher;
}

/**
 * Matches a JSON array text of objects shaped like `item` (querybankcnaps' List<…>): at least one
 * element, each with exactly these fields in this order. A regex cannot check "every element has
 * field X anywhere", so arrays are strict about order.
 */
export function jsonArrayText(
  items: Array<Record<string, unknown>>,
  patterns: Record<string, string> = {},
): StringMatcher {
  const first = items[0];
  if (!first) throw new TypeError('json-data-matcher: an array example needs at least one element');
  const element = `\\{${stringFields(first)
    .map(
      ([k, v]) =>
        `${escapeRegex(JSON.stringify(k))}:${patterns[k] === undefined ? escapeRegex(JSON.stringify(v)) : `"${patterns[k]}"`}`,
    )
    .join(',')}\\}`;
  return build(JSON.stringify(items), [`^\\[${element}(?:,${element})*\\]$`]);
}

function build(value: string, regexes: string[]): StringMatcher {
  // An example its own matchers reject would pass on the consumer side and fail only at
  // verification, far from the mistake: refuse it here.
  for (const regex of regexes) {
    if (!new RegExp(regex).test(value))
      throw new Error(`json-data-matcher: example ${value} does not match its own regex ${regex}`);
  }
  return { value, 'pact:matcher:type': regexes.map((regex) => ({ 'pact:matcher:type': 'regex' as const, regex })) };
}
