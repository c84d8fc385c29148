/**
 * Lakala open platform v3 signatures (the `LKLAPI-SHA256withRSA` family): the message every
 * request, answer and notification is signed over — `appid\nserial\ntimestamp\nnonce\nbody\n`,
 * every line ending in `\n`, the last one too — built over the body's exact bytes, and
 * SHA256withRSA (PKCS#1 v1.5, Base64) over it. Also the certificate serial rule of the SDKs:
 * serials are hex and compared as numbers (`new BigInteger(serial, 16)`), so case and leading
 * zeros do not matter. Pure: no keys are loaded here, no header is parsed (authorization.ts),
 * no JSON is read (codec.ts).
 */
import type { KeyObject } from 'node:crypto';
import { rsaSignSha256, rsaVerifySha256 } from '../../core/crypto/rsa.ts';

/** who signed, when, and with which certificate: the four lines before the body */
export interface LakalaSignedParts {
  appid: string;
  /** the signing certificate's serial in hex */
  serial: string;
  /** Unix seconds */
  timestamp: string;
  nonce: string;
}

const NL = Buffer.from('\n');

/**
 * The bytes that are signed: the four header values and the body, each followed by `\n`.
 * The body goes in as the bytes received or sent, never a re-serialisation of its JSON.
 */
export function lakalaSignMessage(parts: LakalaSignedParts, body: Buffer | string): Buffer {
  const head = Buffer.from(`${parts.appid}\n${parts.serial}\n${parts.timestamp}\n${parts.nonce}\n`, 'utf8');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, NL]);
}

/** SHA256withRSA over the message, Base64 */
export function lakalaSign(parts: LakalaSignedParts, body: Buffer | string, key: KeyObject): string {
  return rsaSignSha256(lakalaSignMessage(parts, body), key);
}

/** true only for a well-formed Base64 signature that verifies; never throws */
export function lakalaVerify(
  parts: LakalaSignedParts,
  body: Buffer | string,
  signature: string,
  key: KeyObject,
): boolean {
  return rsaVerifySha256(lakalaSignMessage(parts, body), signature, key);
}

const HEX = /^[0-9A-Fa-f]{1,64}$/;

/** a serial as the SDKs compare it (a hex number): lower case, no leading zeros; undefined if not hex */
export function normaliseSerial(serial: string): string | undefined {
  return HEX.test(serial) ? BigInt(`0x${serial}`).toString(16) : undefined;
}

/** whether two hex serials are the same number */
export function sameSerial(a: string, b: string): boolean {
  const x = normaliseSerial(a);
  return x !== undefined && x === normaliseSerial(b);
}
