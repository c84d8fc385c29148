/**
 * The gateway's "按key升序 转成json": JSON.stringify of the value with every object's keys in
 * ascending order (UTF-16 code unit order, Java's TreeMap / fastjson's SortField), compact (no
 * spaces), non-ASCII as raw characters, `/` not escaped, empty strings kept. Arrays keep their
 * order. Pure; used for `args` before encryption and for the callback sign.
 */

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties: a key "__proto__" stays a key, never the prototype
  return Object.fromEntries(
    Object.keys(value)
      .sort(byCodeUnit)
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
