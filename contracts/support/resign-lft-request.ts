/**
 * The verifier's request filter for LFT: every request replayed from a pact carries the sign the
 * consumer computed over the EXAMPLE data, but provider-state injection has since rewritten that
 * data (the real transNo), so the sign no longer verifies. This filter re-signs each API request
 * with the app key and a fresh timestamp, the way a real merchant signs at send time. It leaves
 * the state-setup and message calls and any request carrying BAD_SIGN alone, and never touches
 * `data` itself: the string is signed exactly as it arrives.
 */
import { encodeRequest, formatTimestamp, parseEnvelope } from '../../simulators/lft/wire/index.ts';
import { BAD_SIGN } from './lft-fixtures.ts';

/** the parts of an Express request the filter uses (pact-js runs Express; its types are not installed) */
interface ProxiedRequest {
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}
type Next = (err?: unknown) => void;

export function createLftResignFilter(o: { appId: string; key: string; now: () => number; pathPrefix?: string }) {
  const prefix = o.pathPrefix ?? '/api/protocol/';
  return (req: ProxiedRequest, _res: unknown, next: Next): void => {
    if (!req.path.startsWith(prefix)) return next();
    const envelope = readEnvelope(req.body);
    if (!envelope || typeof envelope.data !== 'string' || envelope.sign === BAD_SIGN) return next();
    const body = encodeRequest({ appId: typeof envelope.appId === 'string' ? envelope.appId : o.appId, data: envelope.data, timestamp: formatTimestamp(o.now()) }, o.key);
    // The proxy re-serialises req.body with JSON.stringify and forwards the ORIGINAL
    // content-length: a body that changed length would be cut short or hang the provider.
    req.body = JSON.parse(body) as unknown;
    req.headers['content-length'] = String(Buffer.byteLength(JSON.stringify(req.body)));
    next();
  };
}

/** body-parser gives an object for JSON content types and a Buffer for anything else */
function readEnvelope(body: unknown): Record<string, unknown> | undefined {
  if (Buffer.isBuffer(body)) {
    const parsed = parseEnvelope(body.toString('utf8'));
    return parsed.ok ? parsed.envelope : undefined;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}
