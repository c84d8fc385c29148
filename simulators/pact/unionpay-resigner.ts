/**
 * UnionPay's part of the verifier's re-signing filter (resign-filter.ts). Every request replayed
 * from a pact is signed with its consumer's keys (its certId names the consumer's merchant
 * certificate, its 11 hash uses the consumer's secure key), which the simulator does not know; a
 * real merchant signs with the keys UnionPay issued it. So this re-signs each gateway request in
 * its own signMethod with the simulator's merchant credentials, which overwrites certId and
 * signature (and merId, when `merId` is given: a merchant's own pact carries its own merchant
 * number) and changes nothing else: orderId and txnTime stay as the pact has them (each state
 * resets the simulator, which forgets served orderIds, so they are never duplicates) and a field
 * the pact leaves out stays out. The body goes out as a form again (resign-filter.ts undoes the
 * proxy's form → JSON). Anything that is not a readable signed form passes untouched.
 */
import { signUnionPayRequest, type UnionPayCredentials } from '../../clients/unionpay.ts';
import {
  encodeFormBody,
  isUnionPaySignMethod,
  parseFormBody,
  type UnionPaySignMethod,
} from '../unionpay/wire/index.ts';
import type { Resigner } from './resign-filter.ts';

export interface UnionPayResignOptions {
  /** the gateway path (backTransPath) */
  path: string;
  credentials: (signMethod: UnionPaySignMethod) => UnionPayCredentials;
  /** the simulator's merchant number, put in place of the pact's merId */
  merId?: string;
}

export function unionPayResigner(o: UnionPayResignOptions): Resigner {
  return {
    handles: (path) => path === o.path,
    resign(body) {
      const fields = readForm(body);
      const signMethod = fields?.signMethod;
      if (!fields || !isUnionPaySignMethod(signMethod) || !fields.signature) return undefined;
      const identity = o.merId !== undefined && fields.merId !== undefined ? { merId: o.merId } : {};
      return encodeFormBody(signUnionPayRequest({ ...fields, ...identity }, o.credentials(signMethod)));
    },
  };
}

/**
 * The proxy's body-parser gives an object for a form (qs, extended) and a Buffer for other
 * content types; both are read. An object with anything but string values (a repeated key, a
 * bracketed key qs nested) is not a form this can re-sign faithfully: left alone.
 */
function readForm(body: unknown): Record<string, string> | undefined {
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const parsed = parseFormBody(body.toString());
    return parsed.ok ? parsed.fields : undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}
