/**
 * The withhold (代扣) gateway's two MD5 rules (seed 003). A request's `sign` is the lower-case hex
 * MD5 of `ua + key + method + args`, where `args` is the ciphertext exactly as sent ("先将ua, 加密key,
 * method, aes加密后的(args)拼接成字符串,使用md5生成签名"); a callback's `sign` is the MD5 of the
 * ascending-key JSON of every other field, with no secret at all ("除sign字段 其他字段按key升序 转成json
 * 后md5"), so anyone can compute it. Pure: it must never re-serialise what it verifies.
 */
import { timingSafeEqual } from 'node:crypto';
import { md5Hex } from '../../core/crypto/md5.ts';
import { sortedJson } from './sorted-json.ts';

export interface WithholdSignable {
  ua: string;
  method: string;
  args: string;
}

export function withholdSignString(env: WithholdSignable, key: string): string {
  return `${env.ua}${key}${env.method}${env.args}`;
}

export function withholdSign(env: WithholdSignable, key: string): string {
  return md5Hex(withholdSignString(env, key));
}

/** `ok`: the lower-case sign matches; `upper-case`: the same digest in upper-case hex; `bad`: no match */
export type SignCheck = 'ok' | 'upper-case' | 'bad';

const MD5_HEX = /^[0-9a-fA-F]{32}$/;

function sameHex(expected: string, actual: string): boolean {
  // both are 32 ASCII characters here: equal-length buffers for timingSafeEqual
  return timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(actual, 'ascii'));
}

/** Checks a request sign over the strings as received; never throws, whatever it is given. */
export function checkWithholdSign(
  env: Partial<Record<keyof WithholdSignable | 'sign', unknown>>,
  key: string,
): SignCheck {
  const { ua, method, args, sign } = env;
  if (typeof ua !== 'string' || typeof method !== 'string' || typeof args !== 'string') return 'bad';
  if (typeof sign !== 'string' || !MD5_HEX.test(sign) || typeof key !== 'string') return 'bad';
  const expected = withholdSign({ ua, method, args }, key);
  if (sameHex(expected, sign)) return 'ok';
  return sameHex(expected, sign.toLowerCase()) ? 'upper-case' : 'bad';
}

/** the string a callback's sign is the MD5 of: every field but `sign`, keys ascending, compact JSON */
export function callbackSignString(fields: Record<string, unknown>): string {
  const { sign: _sign, ...rest } = fields;
  return sortedJson(rest);
}

export function callbackSign(fields: Record<string, unknown>): string {
  return md5Hex(callbackSignString(fields));
}

/** whether a callback's sign is the MD5 of its other fields (either hex case); never throws */
export function verifyCallbackSign(fields: unknown): boolean {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
  const sign = (fields as Record<string, unknown>).sign;
  if (typeof sign !== 'string' || !MD5_HEX.test(sign)) return false;
  return sameHex(callbackSign(fields as Record<string, unknown>), sign.toLowerCase());
}
