/**
 * LFT (理房通) signature: hex(md5(appId&data&timestamp&Md5-KEY)), lower case (spec 004, "签名与验签方式";
 * the document's `appId&data×tamp` is an HTML-entity accident for `appId&data&timestamp`).
 * The same rule signs requests, responses and notifications; `code` and `msg` are not signed.
 * Pure: the `data` STRING is signed exactly as sent and must never be re-serialised here.
 */
import { timingSafeEqual } from 'node:crypto';
import { md5Hex } from '../../core/crypto/md5.ts';

export interface LftSignable {
  appId: string;
  data: string;
  timestamp: string;
}

/** What a verifier may be handed: anything decoded from a body, so every field is unknown. */
export interface LftVerifiable {
  appId?: unknown;
  data?: unknown;
  timestamp?: unknown;
  sign?: unknown;
}

export function lftSignString(env: LftSignable, key: string): string {
  return `${env.appId}&${env.data}&${env.timestamp}&${key}`;
}

export function lftSign(env: LftSignable, key: string): string {
  return md5Hex(lftSignString(env, key));
}

const MD5_HEX = /^[0-9a-f]{32}$/i;

/** True only for a well-formed sign matching the envelope; never throws, whatever it is given. */
export function lftVerify(env: LftVerifiable | null | undefined, key: string): boolean {
  if (typeof env !== 'object' || env === null) return false;
  const { appId, data, timestamp, sign } = env;
  if (typeof appId !== 'string' || typeof data !== 'string' || typeof timestamp !== 'string') return false;
  if (typeof sign !== 'string' || typeof key !== 'string' || !MD5_HEX.test(sign)) return false;
  // Upper-case hex from a Java client is the same digest; both sides are 32 ASCII bytes here,
  // so timingSafeEqual gets equal-length buffers.
  const expected = Buffer.from(lftSign({ appId, data, timestamp }, key), 'ascii');
  const actual = Buffer.from(sign.toLowerCase(), 'ascii');
  return timingSafeEqual(expected, actual);
}
