/**
 * UnionPay signatures against the known answers in ../fixtures/vectors.json, which Python,
 * sha256sum and the OpenSSL 3 CLI computed (see ../fixtures/README.md): the signing string,
 * the digests, the RSA signature byte for byte, the 11/12 keyed hashes, and an OpenSSL SM2
 * signature with user ID = certId; plus sm-crypto verifying our signMethod 21 output.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { canonicalString } from '../../core/crypto/canonical.ts';
import { sm2PrivateKeyFromPem, sm2PublicKeyFromPem } from '../../core/crypto/pki-sm2.ts';
import { rsaSignSha256, rsaVerifySha256 } from '../../core/crypto/rsa.ts';
import { createSm2Signer, createSm2Verifier, sm2SignatureBase64ToHex } from '../../core/crypto/sm2.ts';
import { signUnionPay, unionPayDigestHex, unionPaySecureKeySignature, verifyUnionPay } from './signer.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

interface Vector {
  fields: Record<string, string>;
  canonical: string;
  signature: string;
  digestHex?: string;
  secureKey?: string;
  userId?: string;
}
const vectors = JSON.parse(fixture('vectors.json')) as {
  rsa01: Vector;
  secureKey11: Vector;
  secureKey12: Vector;
  sm2_21: Vector;
  sm2Key: { privateKeyHex: string; publicKeyHex: string };
};
const rsaKey = createPrivateKey(fixture('rsa-test.key.pem'));
const rsaPublicKey = createPublicKey(fixture('rsa-test.pub.pem'));
const sm2PublicKeyHex = sm2PublicKeyFromPem(fixture('sm2-test.pub.pem'));
const sm2 = createSm2Signer(sm2PrivateKeyFromPem(fixture('sm2-test.key.pem')));

/** A vector's request as a client would hand it over: no signature, no certId yet. */
const unsigned = (v: Vector): Record<string, string> => {
  const { signature: _s, certId: _c, ...rest } = v.fields;
  return rest;
};
const signed = (v: Vector): Record<string, string> => ({ ...v.fields, signature: v.signature });

describe('the fixtures themselves', () => {
  it('read back the keys OpenSSL wrote', () => {
    expect(sm2.publicKeyHex).toBe(vectors.sm2Key.publicKeyHex);
    expect(sm2PublicKeyHex).toBe(vectors.sm2Key.publicKeyHex);
  });

  it.each(['rsa01', 'secureKey11', 'secureKey12', 'sm2_21'] as const)("%s: our signing string is Python's", (name) => {
    expect(canonicalString(vectors[name].fields)).toBe(vectors[name].canonical);
  });
});

describe('signMethod 01 (SHA256withRSA over the SHA-256 hex)', () => {
  const v = vectors.rsa01;

  it('signs byte for byte like `openssl dgst -sha256 -sign` over the hex digest, and sets certId', () => {
    const out = signUnionPay(unsigned(v), { signMethod: '01', certId: v.fields.certId!, rsaKey });
    expect(out.certId).toBe(v.fields.certId);
    expect(unionPayDigestHex(out, '01')).toBe(v.digestHex);
    expect(out.signature).toBe(v.signature);
  });

  it('verifies the OpenSSL signature, and nothing else', () => {
    expect(verifyUnionPay(signed(v), { rsaPublicKey })).toBe(true);
    expect(verifyUnionPay({ ...signed(v), orderId: '20240101120000002' }, { rsaPublicKey })).toBe(false);
    expect(verifyUnionPay({ ...signed(v), certId: '1' }, { rsaPublicKey })).toBe(false);
    expect(v.signature).toContain('+'); // a form decoder that turns + into a space breaks it:
    expect(verifyUnionPay({ ...signed(v), signature: v.signature.replace(/\+/g, ' ') }, { rsaPublicKey })).toBe(false);
    expect(verifyUnionPay(signed(v), { rsaPublicKey: createPublicKey(fixture('rsa-test.key.pem')) })).toBe(true);
    expect(verifyUnionPay(signed(v), { rsaPublicKey: fixture('rsa-test.pub.pem') })).toBe(true);
    expect(verifyUnionPay(signed(v), { rsaPublicKey: 'not a PEM' })).toBe(false);
    expect(verifyUnionPay(signed(v), {})).toBe(false);
  });

  it('is not SHA256withRSA over the raw string (a common client mistake)', () => {
    expect(rsaVerifySha256(v.canonical, v.signature, rsaPublicKey)).toBe(false);
    const mistaken = { ...v.fields, signature: rsaSignSha256(v.canonical, rsaKey) };
    expect(verifyUnionPay(mistaken, { rsaPublicKey })).toBe(false);
  });
});

describe('signMethod 21 (SM2 over the SM3 hex, user ID = certId)', () => {
  const v = vectors.sm2_21;

  it("verifies OpenSSL's signature made with distid = certId", () => {
    expect(unionPayDigestHex(v.fields, '21')).toBe(v.digestHex);
    expect(verifyUnionPay(signed(v), { sm2PublicKey: sm2PublicKeyHex })).toBe(true);
    expect(verifyUnionPay(signed(v), { sm2PublicKey: createSm2Verifier(sm2PublicKeyHex) })).toBe(true);
  });

  it('needs the same user ID: certId by default, or the one given', () => {
    expect(verifyUnionPay(signed(v), { sm2PublicKey: sm2PublicKeyHex, sm2UserId: '1234567812345678' })).toBe(false);
    expect(verifyUnionPay(signed(v), { sm2PublicKey: sm2PublicKeyHex, sm2UserId: v.userId! })).toBe(true);
    const { certId: _c, ...noCertId } = signed(v);
    expect(verifyUnionPay(noCertId, { sm2PublicKey: sm2PublicKeyHex })).toBe(false);
  });

  it("signs what OpenSSL's key verifies and sm-crypto accepts (hash: true, userId: certId)", () => {
    const out = signUnionPay(unsigned(v), { signMethod: '21', certId: v.userId!, sm2 });
    expect(out.certId).toBe(v.userId);
    expect(Buffer.from(out.signature!, 'base64')).toHaveLength(64);
    expect(verifyUnionPay(out, { sm2PublicKey: sm2PublicKeyHex })).toBe(true);
    expect(
      smCrypto.sm2.doVerifySignature(v.digestHex!, sm2SignatureBase64ToHex(out.signature!), sm2PublicKeyHex, {
        hash: true,
        userId: v.userId!,
        der: false,
      }),
    ).toBe(true);
  });

  it('rejects a changed field or another key', () => {
    expect(verifyUnionPay({ ...signed(v), planId: 'P0002' }, { sm2PublicKey: sm2PublicKeyHex })).toBe(false);
    expect(verifyUnionPay(signed(v), { sm2PublicKey: createSm2Signer('1'.padStart(64, '0')).publicKeyHex })).toBe(
      false,
    );
  });
});

describe.each([
  ['11', vectors.secureKey11],
  ['12', vectors.secureKey12],
] as const)('signMethod %s (keyed hash)', (signMethod, v) => {
  it('equals the value sha256sum / openssl dgst -sm3 gave', () => {
    expect(unionPaySecureKeySignature(v.fields, signMethod, v.secureKey!)).toBe(v.signature);
    const out = signUnionPay(unsigned(v), { signMethod, secureKey: v.secureKey! });
    expect(out.signature).toBe(v.signature);
    expect(out.certId).toBeUndefined();
  });

  it('verifies only with the same key and exact lower-case hex', () => {
    expect(verifyUnionPay(signed(v), { secureKey: v.secureKey! })).toBe(true);
    expect(verifyUnionPay(signed(v), { secureKey: '12345678' })).toBe(false);
    expect(verifyUnionPay({ ...signed(v), signature: v.signature.toUpperCase() }, { secureKey: v.secureKey! })).toBe(
      false,
    );
    expect(verifyUnionPay({ ...signed(v), signature: v.signature.slice(1) }, { secureKey: v.secureKey! })).toBe(false);
    expect(verifyUnionPay({ ...signed(v), txnTime: '20240101120001' }, { secureKey: v.secureKey! })).toBe(false);
    expect(verifyUnionPay(signed(v), {})).toBe(false);
  });
});

describe('signUnionPay', () => {
  const v = vectors.secureKey11;

  it("drops blank fields from what it returns (the SDKs' filterBlank) and replaces a stale signature", () => {
    const out = signUnionPay(
      { ...unsigned(v), signature: 'stale', reqReserved: undefined },
      { signMethod: '11', secureKey: v.secureKey! },
    );
    expect(out).not.toHaveProperty('acqInsCode');
    expect(out).not.toHaveProperty('reqReserved');
    expect(out.signature).toBe(v.signature);
  });

  it('fills in signMethod and refuses a conflicting one', () => {
    const { signMethod: _m, ...noMethod } = unsigned(v);
    expect(signUnionPay(noMethod, { signMethod: '11', secureKey: v.secureKey! }).signature).toBe(v.signature);
    expect(() => signUnionPay(unsigned(v), { signMethod: '12', secureKey: v.secureKey! })).toThrow(/signMethod 11/);
  });

  it('refuses to sign without the key material of the method', () => {
    expect(() => signUnionPay({}, { signMethod: '01', certId: '1' })).toThrow(/rsaKey/);
    expect(() => signUnionPay({}, { signMethod: '01', rsaKey })).toThrow(/certId/);
    expect(() => signUnionPay({}, { signMethod: '21', certId: '1' })).toThrow(/sm2/);
    expect(() => signUnionPay({}, { signMethod: '11' })).toThrow(/secureKey/);
  });

  it('does not touch the fields it was given', () => {
    const input = unsigned(v);
    const copy = { ...input };
    signUnionPay(input, { signMethod: '11', secureKey: v.secureKey! });
    expect(input).toEqual(copy);
  });
});

describe('verifyUnionPay refuses without throwing', () => {
  const all = { rsaPublicKey, sm2PublicKey: sm2PublicKeyHex, secureKey: '88888888' };

  it.each([
    ['no signMethod', { ...signed(vectors.rsa01), signMethod: undefined }],
    ['an unknown signMethod', { ...signed(vectors.rsa01), signMethod: '02' }],
    ['no signature', { ...vectors.rsa01.fields, signature: '' }],
    ['a signature of the wrong shape (01)', { ...vectors.rsa01.fields, signature: 'abc' }],
    ['a signature of the wrong shape (21)', { ...vectors.sm2_21.fields, signature: 'abc' }],
    ['an SM2 key that is not a point', { ...signed(vectors.sm2_21) }],
  ])('%s', (label, fields) => {
    const opts = label.startsWith('an SM2 key') ? { ...all, sm2PublicKey: '04' + '00'.repeat(64) } : all;
    expect(verifyUnionPay(fields, opts)).toBe(false);
  });
});
