/**
 * One top-level field of a JSON object body as text, or undefined when the body is not a JSON
 * object or the field is not a string or a number: what a log line shows of an answer (an
 * upstream's result code) without a channel's codec. Never throws.
 */
export function jsonField(body: Buffer, name: string): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const f = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
  return typeof f === 'string' || typeof f === 'number' ? String(f) : undefined;
}
