/**
 * SHA256withRSA (RSASSA-PKCS1-v1_5), Base64-encoded, over node:crypto: the primitive behind
 * UnionPay's signMethod 01 (which feeds it the hex of a SHA-256, not the raw string — that
 * rule lives in the channel's signer, not here). Keys are KeyObjects parsed once by the caller
 * (see `loadRsaPrivateKey` / `loadRsaPublicKey`), never PEM text per call. Pure: it must not
 * build any signing string or know where keys come from.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

export function rsaSignSha256(data: string | Uint8Array, key: KeyObject): string {
  // PKCS#1 v1.5 is node's default padding for RSA keys; deterministic, hence known answers.
  return sign('sha256', toBytes(data), key).toString('base64');
}

/** Strict Base64 (standard alphabet, padded): anything else is not a signature we accept. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * True only for a well-formed Base64 signature that verifies; never throws. Node's Base64
 * decoder skips characters it does not know, so a signature whose `+` became a space in a
 * carelessly decoded form body is rejected here instead of silently "repaired".
 */
export function rsaVerifySha256(data: string | Uint8Array, signatureBase64: string, key: KeyObject): boolean {
  if (typeof signatureBase64 !== 'string' || signatureBase64 === '' || !BASE64.test(signatureBase64)) return false;
  try {
    return verify('sha256', toBytes(data), key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** PKCS#8 or PKCS#1 PEM (or DER) private key → KeyObject, once at start-up. */
export function loadRsaPrivateKey(pem: string | Buffer, passphrase?: string): KeyObject {
  return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
}

/** SPKI / PKCS#1 public key PEM, or a certificate PEM (its public key) → KeyObject. */
export function loadRsaPublicKey(pem: string | Buffer): KeyObject {
  return createPublicKey(pem);
}
