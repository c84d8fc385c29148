/**
 * LFT's part of the verifier's re-signing filter (resign-filter.ts). A request replayed from a pact
 * carries the sign its consumer computed over the EXAMPLE data with its own app key, and the
 * consumer's own appId; provider-state injection may since have rewritten that data (a real
 * transNo). So every /api/protocol/* request goes on with the simulator's appId in place of the
 * pact's and a sign computed with the simulator's key at a fresh timestamp, the way a merchant
 * signs at send time. `data` is signed exactly as it arrives, with one change when the pact's
 * appId is not the simulator's: LFT requires outReqNo to begin with the appId, so a leading pact
 * appId there becomes the simulator's (the answers then echo that outReqNo).
 * A request whose sign is `keepSign` goes on untouched (a pact's deliberate bad-sign interaction).
 */
import { encodeRequest, formatTimestamp, parseEnvelope } from '../lft/wire/index.ts';
import type { Resigner } from './resign-filter.ts';

const API_PREFIX = '/api/protocol/';

export interface LftResignOptions {
  /** the simulator's app: what the request is signed as */
  appId: string;
  key: string;
  now(): number;
  keepSign?: string;
}

export function lftResigner(o: LftResignOptions): Resigner {
  return {
    handles: (path) => path.startsWith(API_PREFIX),
    resign(body) {
      const envelope = readEnvelope(body);
      if (!envelope || typeof envelope.data !== 'string') return undefined;
      if (o.keepSign !== undefined && envelope.sign === o.keepSign) return undefined;
      const theirs = typeof envelope.appId === 'string' ? envelope.appId : o.appId;
      const data =
        theirs === o.appId
          ? envelope.data
          : envelope.data.split(`"outReqNo":"${theirs}`).join(`"outReqNo":"${o.appId}`);
      return encodeRequest({ appId: o.appId, data, timestamp: formatTimestamp(o.now()) }, o.key);
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
