/**
 * UnionPay ACP 5.1.0 signatures (spec 002, 签名方法 signMethod), as the official SDKs compute
 * them over the key=value signing string S (core/crypto/canonical.ts):
 *   01  signature = Base64(SHA256withRSA(ascii(sha256hex(S))))  — RSA over the 64-char hex, not S
 *   21  signature = Base64(r‖s of SM2(ascii(sm3hex(S)), userId = certId))  (GmSDKUtil.signSm2)
 *   11  signature = sha256hex(S + "&" + sha256hex(secureKey))
 *   12  signature = sm3hex(S + "&" + sm3hex(secureKey))
 * 01/21 also set certId (the signing certificate's decimal serial) before S is built, so certId
 * is itself signed. The same rules sign requests, responses and notifications. Pure: no I/O,
 * no certificate chain policy (core/crypto/pki.ts) and no HTTP or form decoding here.
 */
import { createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { canonicalString } from '../../core/crypto/canonical.ts';
import { rsaSignSha256, rsaVerifySha256 } from '../../core/crypto/rsa.ts';
import { sha256Hex } from '../../core/crypto/sha256.ts';
import { type Sm2Signer, type Sm2Verifier, createSm2Verifier } from '../../core/crypto/sm2.ts';
import { sm3Hex } from '../../core/crypto/sm3.ts';

export type UnionPaySignMethod = '01' | '11' | '12' | '21';
export const UNIONPAY_SIGN_METHODS: readonly UnionPaySignMethod[] = ['01', '11', '12', '21'];

export type UnionPayFields = Readonly<Record<string, string | undefined>>;

export interface UnionPaySignOptions {
  signMethod: UnionPaySignMethod;
  /** 01/21: the signing certificate's certId; written into the fields before signing */
  certId?: string;
  /** 01: the private key of the certificate named by certId */
  rsaKey?: KeyObject;
  /** 21: the SM2 key of the certificate named by certId */
  sm2?: Sm2Signer;
  /** 11/12: the shared secret (测试环境 88888888 in UnionPay's samples) */
  secureKey?: string;
}

export interface UnionPayVerifyOptions {
  /**
   * 01: public key of the certificate that signed (signPubKeyCert once its chain is checked, or
   * the merchant's certificate found by certId): a KeyObject, or a certificate / key PEM
   */
  rsaPublicKey?: KeyObject | string;
  /** 21: a verifier built once per key, or the public key 04‖x‖y hex (verifier cached here) */
  sm2PublicKey?: Sm2Verifier | string;
  /** 21: SM2 user ID; default the fields' certId (what the SDKs use) */
  sm2UserId?: string;
  /** 11/12 */
  secureKey?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isUnionPaySignMethod(value: unknown): value is UnionPaySignMethod {
  return typeof value === 'string' && (UNIONPAY_SIGN_METHODS as readonly string[]).includes(value);
}

/** S → the hex digest the 01/21 signature covers (the SDKs log it as "摘要"). */
export function unionPayDigestHex(fields: UnionPayFields, signMethod: '01' | '21'): string {
  const s = canonicalString(fields);
  return signMethod === '01' ? sha256Hex(s) : sm3Hex(s);
}

/**
 * The string an 11/12 signature hashes: S + "&" + the hash of the secure key. `hashedKey` is
 * that hash, or a placeholder where the string is shown (a log line never carries the key).
 */
export function unionPaySecureKeyString(fields: UnionPayFields, hashedKey: string): string {
  return `${canonicalString(fields)}&${hashedKey}`;
}

/** The whole 11/12 signature: a keyed hash, no asymmetric step. */
export function unionPaySecureKeySignature(fields: UnionPayFields, signMethod: '11' | '12', secureKey: string): string {
  const hash = signMethod === '11' ? sha256Hex : sm3Hex;
  return hash(unionPaySecureKeyString(fields, hash(secureKey)));
}

/** Blank fields are dropped like the SDKs' filterBlank: they are neither signed nor sent. */
function withoutBlanks(fields: UnionPayFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/**
 * Returns a copy of `fields` with signMethod, certId (01/21) and signature set. Throws when the
 * method's key material is missing or the fields already name a different signMethod: those are
 * programming errors, not wire conditions.
 */
export function signUnionPay(fields: UnionPayFields, opts: UnionPaySignOptions): Record<string, string> {
  const { signMethod } = opts;
  if (fields.signMethod !== undefined && fields.signMethod !== '' && fields.signMethod !== signMethod) {
    throw new Error(`fields say signMethod ${fields.signMethod} but signing with ${signMethod}`);
  }
  const out = withoutBlanks({ ...fields, signMethod });
  delete out.signature;
  if (signMethod === '11' || signMethod === '12') {
    if (opts.secureKey === undefined || opts.secureKey === '')
      throw new Error(`signMethod ${signMethod} needs secureKey`);
    out.signature = unionPaySecureKeySignature(out, signMethod, opts.secureKey);
    return out;
  }
  if (opts.certId === undefined || opts.certId === '') throw new Error(`signMethod ${signMethod} needs certId`);
  out.certId = opts.certId;
  const digest = unionPayDigestHex(out, signMethod);
  if (signMethod === '01') {
    if (opts.rsaKey === undefined) throw new Error('signMethod 01 needs rsaKey');
    out.signature = rsaSignSha256(digest, opts.rsaKey); // the ASCII hex string is what is signed
  } else {
    if (opts.sm2 === undefined) throw new Error('signMethod 21 needs sm2');
    out.signature = opts.sm2.sign(digest, opts.certId);
  }
  return out;
}

/**
 * Verifiers for public keys given as hex, kept because building one (point precomputation,
 * ~75 ms) is what makes verification fast (~5x); a few keys per process in practice.
 */
const verifiers = new Map<string, Sm2Verifier>();
function verifierFor(publicKeyHex: string): Sm2Verifier {
  let v = verifiers.get(publicKeyHex);
  if (v === undefined) {
    v = createSm2Verifier(publicKeyHex);
    if (verifiers.size >= 32) verifiers.clear();
    verifiers.set(publicKeyHex, v);
  }
  return v;
}

/** Constant-time equality of two lower-case hex digests. */
function sameHex(expected: string, actual: string): boolean {
  // Strict lower case, as the SDKs compare (Java String.equals, PHP ==) against lower-case hex.
  if (!HEX64.test(actual)) return false;
  return timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(actual, 'ascii'));
}

/**
 * Verifies `fields` by their own signMethod. False, never an exception, for anything wrong:
 * unknown or missing signMethod, missing signature, missing key material for that method,
 * a signature that does not verify.
 */
export function verifyUnionPay(fields: UnionPayFields, opts: UnionPayVerifyOptions): boolean {
  const { signMethod, signature } = fields;
  if (!isUnionPaySignMethod(signMethod) || typeof signature !== 'string' || signature === '') return false;
  try {
    switch (signMethod) {
      case '11':
      case '12':
        if (opts.secureKey === undefined || opts.secureKey === '') return false;
        return sameHex(unionPaySecureKeySignature(fields, signMethod, opts.secureKey), signature);
      case '01': {
        if (opts.rsaPublicKey === undefined) return false;
        const key = typeof opts.rsaPublicKey === 'string' ? createPublicKey(opts.rsaPublicKey) : opts.rsaPublicKey;
        return rsaVerifySha256(unionPayDigestHex(fields, '01'), signature, key);
      }
      case '21': {
        if (opts.sm2PublicKey === undefined) return false;
        const userId = opts.sm2UserId ?? fields.certId;
        if (userId === undefined || userId === '') return false;
        const verifier = typeof opts.sm2PublicKey === 'string' ? verifierFor(opts.sm2PublicKey) : opts.sm2PublicKey;
        return verifier.verify(unionPayDigestHex(fields, '21'), signature, userId);
      }
    }
  } catch {
    return false;
  }
}
