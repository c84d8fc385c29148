/**
 * One attempt of a callback, built from the channel's three declared steps — fields(event,
 * order) → sign(fields) → encode(signed) — with a scenario's tampering applied here, the same way
 * for every channel: `sign` keeps the content and puts in the signature of different content (it
 * looks right and does not verify); `body` changes the content after signing, as a man in the
 * middle would; `unreachable` is the dispatcher's (the address). It knows no channel's fields: the
 * signature fields are the ones sign() added or changed.
 */
import type { ChannelCallbacks, Fields, OutboundRequest } from './channel.ts';
import type { Order } from './order-store.ts';
import type { Tamper } from '../../scenarios/schema.ts';

export type BuildCallback<R> = (
  event: string,
  order: Order,
  runtime: R,
  opts: { now: number; tamper?: Tamper },
) => OutboundRequest | undefined;

/** the default body tamper: the last character of the last string field changes */
function alterLastString(fields: Fields): Fields {
  const key = Object.keys(fields)
    .filter((k) => typeof fields[k] === 'string' && fields[k] !== '')
    .at(-1);
  if (key === undefined) return { ...fields, tampered: '1' };
  const v = fields[key] as string;
  const last = v.at(-1)!;
  return { ...fields, [key]: v.slice(0, -1) + (last === '0' ? '1' : /\d/.test(last) ? '0' : last === 'x' ? 'y' : 'x') };
}

/** the names of the fields sign() added or changed: the signature */
function signatureKeys(signed: Fields, unsigned: Fields): string[] {
  return Object.keys(signed).filter((k) => unsigned[k] !== signed[k]);
}

export function createCallbackBuilder<R>(cb: ChannelCallbacks<R>): BuildCallback<R> {
  const alter = cb.alter ?? alterLastString;
  return (event, order, runtime, { now, tamper }) => {
    const made = cb.fields(event, order, runtime, { now });
    if (!made) return undefined;
    let signed = cb.sign(made.fields, order, runtime);
    if (tamper === 'sign') {
      // the signature of other content over the real content: verifies wrong, looks right
      const other = cb.sign(alter(made.fields), order, runtime);
      signed = { ...signed, ...Object.fromEntries(signatureKeys(signed, made.fields).map((k) => [k, other[k]])) };
    } else if (tamper === 'body') {
      const unsignedKeys = new Set(Object.keys(made.fields));
      const changed = alter(made.fields);
      signed = { ...signed, ...Object.fromEntries(Object.entries(changed).filter(([k]) => unsignedKeys.has(k))) };
    }
    const { headers, body } = cb.encode(signed, order, runtime);
    return { url: made.url, method: 'POST', headers, body };
  };
}
