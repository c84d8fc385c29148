/**
 * SM2 signatures with SM3 (GB/T 32918.2, "SM3withSM2") over sm-crypto-v2 (noble-curves):
 * e = SM3(Z ‖ M) with Z = SM3(ENTL ‖ userId ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), signature raw r‖s
 * (64 bytes, the "plain" encoding UnionPay's GmUtil.signSm3WithSm2 returns), Base64 on the wire.
 * Interoperable with sm-crypto's `doSignature(msg, key, { hash: true, userId })` (hex r‖s).
 * Signers and verifiers are created once per key: the public point is precomputed and Z is
 * cached per userId, so a call costs one scalar multiplication (sign) or two (verify).
 * Pure: it must not build any signing string or know where keys and user IDs come from.
 */
import { sm2 } from 'sm-crypto-v2';
import { sm3Hex } from './sm3.ts';

/** GB/T 35276 default signer ID, used when none is agreed (certificates, most SDKs). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Curve order n of the SM2 recommended curve (GB/T 32918.5). */
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

type Point = ReturnType<typeof sm2.precomputePublicKey>;

export interface Sm2KeyPairHex {
  /** 32-byte scalar, 64 hex chars */
  privateKeyHex: string;
  /** uncompressed point 04‖x‖y, 130 hex chars */
  publicKeyHex: string;
}

export interface Sm2Signer {
  readonly publicKeyHex: string;
  /** raw r‖s, Base64 */
  sign(data: string | Uint8Array, userId?: string): string;
  /** raw r‖s, 64 bytes (certificates re-encode it as DER) */
  signBytes(data: string | Uint8Array, userId?: string): Buffer;
}

export interface Sm2Verifier {
  readonly publicKeyHex: string;
  /** true only for a 64-byte Base64 r‖s that verifies; never throws */
  verify(data: string | Uint8Array, signatureBase64: string, userId?: string): boolean;
  verifyBytes(data: string | Uint8Array, rs: Uint8Array, userId?: string): boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;
const PUBLIC_HEX = /^04[0-9a-f]{128}$/;
const BASE64_64_BYTES = /^[A-Za-z0-9+/]{86}==$/;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Uint8Array.from(Buffer.from(data, 'utf8')) : Uint8Array.from(data);
}

function normalisePrivate(hex: string): string {
  const h = hex.toLowerCase().padStart(64, '0');
  if (!HEX64.test(h)) throw new Error('SM2 private key must be 32 bytes of hex');
  const d = BigInt('0x' + h);
  // d = n-1 would make (1+d) non-invertible; GB/T 32918.1 requires 1 <= d <= n-2.
  if (d < 1n || d > N - 2n) throw new Error('SM2 private key out of range');
  return h;
}

function normalisePublic(hex: string): string {
  const h = hex.toLowerCase();
  const full = h.length === 128 ? '04' + h : h;
  let onCurve = false;
  try {
    onCurve = PUBLIC_HEX.test(full) && sm2.verifyPublicKey(full);
  } catch {
    // noble throws on an unparsable point; same answer as "not on the curve"
  }
  if (!onCurve) throw new Error('SM2 public key must be an uncompressed point on the curve');
  return full;
}

/** e = SM3(Z ‖ M) as hex; Z depends only on (userId, public key), hence the cache. */
function createDigester(publicKeyHex: string): (data: string | Uint8Array, userId: string) => string {
  const zs = new Map<string, Uint8Array>();
  return (data, userId) => {
    let z = zs.get(userId);
    if (z === undefined) {
      z = sm2.getZ(publicKeyHex, userId);
      // A handful of user IDs per key in practice (certIds); bound it anyway.
      if (zs.size >= 64) zs.clear();
      zs.set(userId, z);
    }
    return sm3Hex(Buffer.concat([z, toBytes(data)]));
  };
}

function rsToHex(rs: Uint8Array): string | undefined {
  if (rs.length !== 64) return undefined;
  const hex = Buffer.from(rs).toString('hex');
  const r = BigInt('0x' + hex.slice(0, 64));
  const s = BigInt('0x' + hex.slice(64));
  // sm-crypto-v2 does not range-check r and s (and noble throws on s >= n): do it here.
  if (r < 1n || r >= N || s < 1n || s >= N) return undefined;
  return hex;
}

export function generateSm2KeyPair(): Sm2KeyPairHex {
  // Never pass a seed: sm-crypto-v2 1.15.1 maps any seed to private key 1 (`mod(seed, 1) + 1`).
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKeyHex: normalisePrivate(privateKey), publicKeyHex: normalisePublic(publicKey) };
}

export function sm2PublicKeyFromPrivate(privateKeyHex: string): string {
  return normalisePublic(sm2.getPublicKeyFromPrivateKey(normalisePrivate(privateKeyHex)));
}

/**
 * A signer for this private key. `publicKeyHex`, when given, must be the key's own (read from a
 * certificate already checked against it): it spares deriving it, a scalar multiplication that
 * costs ~100 ms the first time in a process (the base point's precomputation), which a start-up
 * loading a known PKI need not pay before its first signature.
 */
export function createSm2Signer(privateKeyHex: string, publicKeyHex?: string): Sm2Signer {
  const privateHex = normalisePrivate(privateKeyHex);
  publicKeyHex = publicKeyHex === undefined ? sm2PublicKeyFromPrivate(privateHex) : normalisePublic(publicKeyHex);
  const digest = createDigester(publicKeyHex);
  const signBytes = (data: string | Uint8Array, userId = SM2_DEFAULT_USER_ID): Buffer => {
    const e = Buffer.from(digest(data, userId), 'hex');
    // hash: false because e is already SM3(Z ‖ M); sm-crypto-v2's default is hash: false too
    // (unlike sm-crypto's hash: true), so being explicit protects against both.
    const rsHex = sm2.doSignature(e, privateHex, { hash: false, der: false });
    return Buffer.from(rsHex, 'hex');
  };
  return {
    publicKeyHex,
    signBytes,
    sign: (data, userId) => signBytes(data, userId).toString('base64'),
  };
}

export interface Sm2VerifierOptions {
  /**
   * Precompute multiples of the public point (~75 ms once, at the first verification, then
   * verification ~2x faster). Worth it for a key that verifies many messages; not for a one-off
   * certificate check.
   */
  precompute?: boolean;
}

export function createSm2Verifier(publicKeyHex: string, opts: Sm2VerifierOptions = {}): Sm2Verifier {
  const publicHex = normalisePublic(publicKeyHex);
  // at the first verification, not here: a simulator registers certificates at start-up that
  // may never verify anything, and start-up is what a test run waits for
  let point: Point | string | undefined = opts.precompute === false ? publicHex : undefined;
  const digest = createDigester(publicHex);
  const verifyBytes = (data: string | Uint8Array, rs: Uint8Array, userId = SM2_DEFAULT_USER_ID): boolean => {
    const rsHex = rsToHex(rs);
    if (rsHex === undefined) return false;
    try {
      const e = Buffer.from(digest(data, userId), 'hex');
      point ??= sm2.precomputePublicKey(publicHex);
      return sm2.doVerifySignature(e, rsHex, point, { hash: false, der: false });
    } catch {
      return false;
    }
  };
  return {
    publicKeyHex: publicHex,
    verifyBytes,
    verify: (data, signatureBase64, userId) =>
      typeof signatureBase64 === 'string' && BASE64_64_BYTES.test(signatureBase64)
        ? verifyBytes(data, Buffer.from(signatureBase64, 'base64'), userId)
        : false,
  };
}

/** sm-crypto speaks hex r‖s; the wire speaks Base64. */
export function sm2SignatureHexToBase64(rsHex: string): string {
  if (!/^[0-9a-fA-F]{128}$/.test(rsHex)) throw new Error('SM2 r‖s must be 64 bytes of hex');
  return Buffer.from(rsHex, 'hex').toString('base64');
}

export function sm2SignatureBase64ToHex(signatureBase64: string): string {
  if (!BASE64_64_BYTES.test(signatureBase64)) throw new Error('SM2 r‖s must be 64 bytes of Base64');
  return Buffer.from(signatureBase64, 'base64').toString('hex');
}
