/**
 * The withhold gateway's part of the verifier's re-signing filter (resign-filter.ts): a request
 * replayed from the pact carries args the consumer encrypted over EXAMPLE values (a unique_code,
 * an SMS code, a protocol_no the provider makes up itself). This decrypts args with the contract
 * key, puts in the values the provider state made, encrypts them again, re-signs md5(ua + key +
 * method + args) and re-stamps the timestamp, as a merchant does at send time. It leaves alone
 * what it cannot read and the bad-sign interaction, and never changes ua, method or requestId.
 */
import { decryptArgs, encodeRequest, parseJsonObject, unixSeconds } from '../../simulators/withhold/wire/index.ts';
import { BAD_SIGN, WITHHOLD_MERCHANT } from './withhold-fixtures.ts';
import type { Resigner } from './resign-filter.ts';

function substitute(value: unknown, current: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return current.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, current));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, current)]));
  return value;
}

export function withholdResigner(o: { current: ReadonlyMap<string, string>; now: () => number }): Resigner {
  return {
    // the gateway listens on every path; the verifier's own calls and the admin API are not its
    handles: (path) => !path.startsWith('/_pact') && !path.startsWith('/__admin'),
    resign(body) {
      const env = Buffer.isBuffer(body)
        ? (() => {
            const parsed = parseJsonObject(body.toString('utf8'), 'body');
            return parsed.ok ? parsed.value : undefined;
          })()
        : (body as Record<string, unknown> | undefined);
      if (!env || typeof env !== 'object' || env.sign === BAD_SIGN || typeof env.args !== 'string') return undefined;
      const args = decryptArgs(env.args, WITHHOLD_MERCHANT.aesKey);
      if (!args.ok) return undefined;
      return encodeRequest(
        {
          ua: String(env.ua),
          method: String(env.method),
          requestId: String(env.requestId),
          timestamp: unixSeconds(o.now()),
          fields: substitute(args.fields, o.current) as object,
        },
        WITHHOLD_MERCHANT.aesKey,
      );
    },
  };
}
