/**
 * The withhold gateway's part of the verifier's re-signing filter (resign-filter.ts): a request
 * replayed from a pact carries args its consumer encrypted with its own AES key over EXAMPLE
 * values (a unique_code, an SMS code, a protocol_no the provider makes up itself), signed as its
 * own ua. This decrypts args with the pact's key, puts in the values the provider state made
 * (`current`: example → actual; `fields`: by the name of the field they replace, at any depth, for
 * a merchant's pact whose examples this repository does not know), encrypts them again with the
 * simulator's key, and re-signs md5(ua + key + method + args) at a fresh timestamp, as a merchant
 * does at send time; with `ua`
 * the simulator's ua replaces the pact's. It leaves alone what it cannot read and a request whose
 * sign is `keepSign`, and never changes method or requestId.
 */
import { decryptArgs, encodeRequest, parseJsonObject, unixSeconds } from '../withhold/wire/index.ts';
import type { Resigner } from './resign-filter.ts';

export interface WithholdResignOptions {
  /** the AES key the pact's args were encrypted with */
  pactKey: string;
  /** the simulator's AES key */
  key: string;
  /** the simulator's ua, put in place of the pact's */
  ua?: string;
  current?: ReadonlyMap<string, string>;
  /** field name → the value a provider state made for it (verify-pact's state values) */
  fields?: ReadonlyMap<string, unknown>;
  keepSign?: string;
  now(): number;
  /** told why a request goes on untouched although it is the gateway's (args that do not decrypt) */
  note?(why: string): void;
  /** pactKey came from the user (--pact-key), not from the simulator's credentials: the note says which */
  pactKeyGiven?: boolean;
}

function substitute(
  value: unknown,
  current: ReadonlyMap<string, string>,
  fields: ReadonlyMap<string, unknown>,
): unknown {
  if (typeof value === 'string') return current.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, current, fields));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        fields.has(k) && typeof v !== 'object' ? fields.get(k) : substitute(v, current, fields),
      ]),
    );
  return value;
}

export function withholdResigner(o: WithholdResignOptions): Resigner {
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
      if (!env || typeof env !== 'object' || typeof env.args !== 'string') return undefined;
      if (o.keepSign !== undefined && env.sign === o.keepSign) return undefined;
      const args = decryptArgs(env.args, o.pactKey);
      if (!args.ok) {
        o.note?.(
          `the args of a ${String(env.method)} request do not decrypt with ${o.pactKeyGiven ? 'the --pact-key given' : "the simulator's own aesKey (no --pact-key given)"}: sent on as they are, and refused (give the AES key your pact was encrypted with)`,
        );
        return undefined;
      }
      return encodeRequest(
        {
          ua: o.ua ?? String(env.ua),
          method: String(env.method),
          requestId: String(env.requestId),
          timestamp: unixSeconds(o.now()),
          fields: substitute(args.fields, o.current ?? new Map(), o.fields ?? new Map()) as object,
        },
        o.key,
      );
    },
  };
}
