/**
 * Lakala's part of the verifier's re-signing filter (resign-filter.ts). Every request replayed from
 * a pact carries the Authorization its consumer computed with its own key, over the body it sent,
 * at its own clock; the simulator knows neither that key's certificate nor would it accept a
 * signature over other bytes. A real merchant signs with the key Lakala issued it, so this writes
 * a new Authorization (the SDK's key order, a fresh nonce, the simulator's clock) signed with the
 * simulator's merchant key over the exact body it sends on. With `merchantNo` (a merchant's own
 * pact names its own 商户号) req_data.merchant_no is replaced by the simulator's; nothing else
 * changes. The proxy's body-parser hands JSON over as an object: it goes on as JSON.stringify of
 * it, which is the byte string signed. Anything that is not a JSON object passes untouched.
 */
import type { KeyObject } from 'node:crypto';
import { formatAuthorization, lakalaSign, unixSeconds } from '../lakala/wire/index.ts';
import type { Resigner } from './resign-filter.ts';

export interface LakalaResignOptions {
  paths: readonly string[];
  appid: string;
  serialNo: string;
  key: KeyObject;
  now(): number;
  /** the simulator's merchant number, put in place of req_data.merchant_no */
  merchantNo?: string;
}

export function lakalaResigner(o: LakalaResignOptions): Resigner {
  let n = 0;
  return {
    handles: (path) => o.paths.includes(path),
    resign(body) {
      if (typeof body === 'object' && (body === null || Array.isArray(body))) return undefined;
      const text =
        Buffer.isBuffer(body) || typeof body === 'string'
          ? body.toString()
          : JSON.stringify(withMerchant(body, o.merchantNo));
      const parts = { appid: o.appid, serial: o.serialNo, timestamp: unixSeconds(o.now()), nonce: `resign${++n}` };
      const signature = lakalaSign(parts, text, o.key);
      const authorization = formatAuthorization({
        appid: parts.appid,
        serial_no: parts.serial,
        timestamp: parts.timestamp,
        nonce_str: parts.nonce,
        signature,
      });
      return { body: text, headers: { authorization } };
    },
  };
}

function withMerchant(body: unknown, merchantNo: string | undefined): unknown {
  const req = (body as { req_data?: unknown }).req_data;
  if (merchantNo === undefined || typeof req !== 'object' || req === null || !('merchant_no' in req)) return body;
  return { ...(body as object), req_data: { ...req, merchant_no: merchantNo } };
}
