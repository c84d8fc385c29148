/**
 * LFT's part of the verifier's re-signing filter (resign-filter.ts): every request replayed from a
 * pact carries the sign the consumer computed over the EXAMPLE data, but provider-state injection
 * has since rewritten that data (the real transNo), so the sign no longer verifies. This re-signs
 * each /api/protocol/* request with the app key and a fresh timestamp, the way a real merchant
 * signs at send time. It leaves any request carrying BAD_SIGN alone (the EP10002 interaction),
 * and never touches `data` itself: the string is signed exactly as it arrives.
 */
import { encodeRequest, formatTimestamp, parseEnvelope } from '../../simulators/lft/wire/index.ts';
import { BAD_SIGN } from './lft-fixtures.ts';
import type { Resigner } from './resign-filter.ts';

const API_PREFIX = '/api/protocol/';

export function lftResigner(o: { appId: string; key: string; now: () => number }): Resigner {
  return {
    handles: (path) => path.startsWith(API_PREFIX),
    resign(body) {
      const envelope = readEnvelope(body);
      if (!envelope || typeof envelope.data !== 'string' || envelope.sign === BAD_SIGN) return undefined;
      const appId = typeof envelope.appId === 'string' ? envelope.appId : o.appId;
      return encodeRequest({ appId, data: envelope.data, timestamp: formatTimestamp(o.now()) }, o.key);
    },
  };
}

/** body-parser gives an object for JSON content types and a Buffer for anything else */
function readEnvelope(body: unknown): Record<string, unknown> | undefined {
  if (Buffer.isBuffer(body)) {
    const parsed = parseEnvelope(body.toString('utf8'));
    return parsed.ok ? parsed.envelope : undefined;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}
