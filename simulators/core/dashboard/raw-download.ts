/**
 * A journal entry's body as a file: the bytes exactly as they came or went (a GBK request stays
 * GBK, a signature can be checked against it), with the content type the wire recorded (its
 * charset included) and a file name saying channel, entry and part. Sandboxed and attachment-only:
 * a recorded text/html answer is downloaded, never rendered on the dashboard's origin.
 */
import type { Sibling } from './siblings.ts';

const EXTENSIONS: [RegExp, string][] = [
  [/json/i, 'json'],
  [/xml/i, 'xml'],
  [/html/i, 'html'],
  [/^text\/|x-www-form-urlencoded/i, 'txt'],
];

function headerOf(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.toLowerCase() === name && v !== undefined) return Array.isArray(v) ? String(v[0]) : String(v);
  return undefined;
}

export function rawDownload(
  s: Sibling,
  id: number,
  part: 'request' | 'response',
): { body: Buffer; headers: Record<string, string> } | undefined {
  const body = s.sim.journal.bytes(id, part);
  if (!body) return undefined;
  const entry = s.sim.journal.get(id);
  const type = headerOf(entry?.[part]?.headers, 'content-type') ?? 'application/octet-stream';
  const ext = EXTENSIONS.find(([re]) => re.test(type))?.[1] ?? 'bin';
  return {
    body,
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${s.channel}-journal-${id}-${part}.${ext}"`,
      'content-security-policy': "sandbox; default-src 'none'",
    },
  };
}
