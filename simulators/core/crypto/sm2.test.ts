/**
 * SM2/SM3 signatures: verification of signatures made by OpenSSL 3
 * (`openssl pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:<id>`, DER turned into raw r‖s),
 * and interoperability both ways with sm-crypto (`doSignature(msg, key, { hash: true, userId })`,
 * an independent implementation on jsbn). SM2 is randomised, so signing is checked by verifying.
 */
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import {
  SM2_DEFAULT_USER_ID,
  createSm2Signer,
  createSm2Verifier,
  generateSm2KeyPair,
  sm2PublicKeyFromPrivate,
  sm2SignatureBase64ToHex,
  sm2SignatureHexToBase64,
} from './sm2.ts';

// `openssl genpkey -algorithm SM2`, then `openssl pkey -text`
const OSSL_PRIVATE = '859c08a160ddcb0f8ccd896217ce317965ba3528f61bbbe6d5dc9e24a76530a0';
const OSSL_PUBLIC =
  '048cc773e39b7fbb62009ae45d4409a7b8d361e942229a80b2f4745f8f646255edcb686198a6125dc967d77a32c5558dac13fd4f7d8201ee0ada35087277ff05cd';
const OSSL_VECTORS = [
  {
    msg: 'message digest',
    userId: SM2_DEFAULT_USER_ID,
    sig: 'vqf0nu9P8e4AuZwpuSskZiJIAz5bhXNRlTn4YkhHroWUFSpl3YpJ9hbPmUetpkDvZoUWSGxBkIeadx7FDOqX7w==',
  },
  {
    msg: '3fae3ba7167a410c7b14e0af32831ecbf1b71cd04da55fbcadd48d077941b313',
    userId: '69629715601',
    sig: '8D1JSXWTDdF257m73/gAOd0rLcvmAxkE/iS3aWi+iNanGzOT1+8V+WwcBeG/y7RGNHzb+OIENZv4tv4x+uwAZA==',
  },
];

const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
const rsBase64 = (r: bigint, s: bigint) =>
  Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex').toString('base64');

describe('SM2 against OpenSSL', () => {
  const verifier = createSm2Verifier(OSSL_PUBLIC);

  it('derives the public key OpenSSL printed', () => {
    expect(sm2PublicKeyFromPrivate(OSSL_PRIVATE)).toBe(OSSL_PUBLIC);
  });

  it.each(OSSL_VECTORS)("verifies OpenSSL's signature of $msg with user ID $userId", ({ msg, userId, sig }) => {
    expect(verifier.verify(msg, sig, userId)).toBe(true);
    expect(createSm2Verifier(OSSL_PUBLIC, { precompute: false }).verify(msg, sig, userId)).toBe(true);
  });

  it('rejects them under another user ID, for other data, or another key', () => {
    const [a, b] = OSSL_VECTORS as [(typeof OSSL_VECTORS)[0], (typeof OSSL_VECTORS)[0]];
    expect(verifier.verify(a.msg, a.sig, '1234567812345679')).toBe(false);
    expect(verifier.verify(b.msg, b.sig)).toBe(false);
    expect(verifier.verify(a.msg + ' ', a.sig, a.userId)).toBe(false);
    expect(createSm2Verifier(generateSm2KeyPair().publicKeyHex).verify(a.msg, a.sig, a.userId)).toBe(false);
  });

  it("signs what this key's verifier accepts (OpenSSL accepts it too: see the fixtures README)", () => {
    const signer = createSm2Signer(OSSL_PRIVATE);
    const sig = signer.sign('message digest', '69629715601');
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(verifier.verify('message digest', sig, '69629715601')).toBe(true);
  });
});

describe('SM2 interop with sm-crypto', () => {
  const { privateKeyHex, publicKeyHex } = generateSm2KeyPair();
  const signer = createSm2Signer(privateKeyHex);
  const verifier = createSm2Verifier(publicKeyHex);
  const cases = [
    { msg: 'a'.repeat(64), userId: '69629715601' },
    { msg: '中国银联 signMethod=21', userId: SM2_DEFAULT_USER_ID },
    { msg: 'x', userId: '' },
  ];

  it.each(cases)('sm-crypto verifies ours ($userId)', ({ msg, userId }) => {
    for (let i = 0; i < 2; i++) {
      const sig = signer.sign(msg, userId);
      expect(
        smCrypto.sm2.doVerifySignature(msg, sm2SignatureBase64ToHex(sig), publicKeyHex, { hash: true, userId }),
      ).toBe(true);
    }
  });

  it.each(cases)("we verify sm-crypto's ($userId)", ({ msg, userId }) => {
    for (let i = 0; i < 2; i++) {
      const hex = smCrypto.sm2.doSignature(msg, privateKeyHex, { hash: true, userId, der: false });
      expect(verifier.verify(msg, sm2SignatureHexToBase64(hex), userId)).toBe(true);
    }
  });

  it('uses 1234567812345678 when no user ID is given, like sm-crypto', () => {
    const hex = smCrypto.sm2.doSignature('m', privateKeyHex, { hash: true, der: false });
    expect(verifier.verify('m', sm2SignatureHexToBase64(hex))).toBe(true);
    expect(
      smCrypto.sm2.doVerifySignature('m', sm2SignatureBase64ToHex(signer.sign('m')), publicKeyHex, { hash: true }),
    ).toBe(true);
  });
});

describe('SM2 verifier input checks', () => {
  const { privateKeyHex, publicKeyHex } = generateSm2KeyPair();
  const verifier = createSm2Verifier(publicKeyHex);
  const sig = createSm2Signer(privateKeyHex).sign('m');
  const rs = Buffer.from(sig, 'base64');

  it.each([
    ['empty', ''],
    ['garbage', 'not base64'],
    ['a space for +', sig.replace(/\+/g, ' ').replace(/^(.)/, ' ')],
    ['63 bytes', rs.subarray(1).toString('base64')],
    [
      'DER instead of r‖s',
      Buffer.concat([
        Buffer.from([0x30, 0x44, 0x02, 0x20]),
        rs.subarray(0, 32),
        Buffer.from([0x02, 0x20]),
        rs.subarray(32),
      ]).toString('base64'),
    ],
    ['r = 0', rsBase64(0n, 1n)],
    ['s = n', rsBase64(1n, N)],
    ['r, s all ones', Buffer.alloc(64, 0xff).toString('base64')],
  ])('rejects %s without throwing', (_label, bad) => {
    expect(verifier.verify('m', bad)).toBe(false);
  });

  it('still accepts the good one', () => {
    expect(verifier.verify('m', sig)).toBe(true);
    expect(verifier.verifyBytes('m', rs)).toBe(true);
  });

  it('refuses keys that are not keys', () => {
    expect(() => createSm2Signer('00'.repeat(32))).toThrow();
    expect(() => createSm2Signer('zz')).toThrow();
    expect(() => createSm2Verifier('04' + '11'.repeat(64))).toThrow();
    expect(() => createSm2Verifier('1234')).toThrow();
  });

  it('accepts a public key without the 04 prefix and upper-case hex', () => {
    expect(createSm2Verifier(publicKeyHex.slice(2).toUpperCase()).verify('m', sig)).toBe(true);
  });

  it('converts between sm-crypto hex and wire Base64', () => {
    expect(sm2SignatureHexToBase64(sm2SignatureBase64ToHex(sig))).toBe(sig);
    expect(() => sm2SignatureHexToBase64('abc')).toThrow();
  });
});
