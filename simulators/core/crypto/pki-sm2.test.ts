/**
 * SM2 key files and certificates against OpenSSL 3: keys written by `openssl genpkey -algorithm
 * SM2` / `openssl ec` / `openssl pkey -pubout` must read back to the values OpenSSL printed, and
 * our certificates' signatures must verify with sm-crypto (an independent SM2 and DER decoder).
 * (OpenSSL itself verified a certificate made here with `openssl pkeyutl -verify -rawin -digest
 * sm3 -pkeyopt distid:1234567812345678` over its TBSCertificate; `openssl verify` cannot check
 * SM2 chains in 3.0.x, even OpenSSL's own.)
 */
import { X509Certificate } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import {
  certificateParts,
  createSm2Certificate,
  isSm2Certificate,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPem,
  sm2PublicKeyToPem,
  verifySm2CertificateSignature,
  type NameAttribute,
} from './pki-sm2.ts';
import { createSm2Signer, generateSm2KeyPair } from './sm2.ts';

const OSSL_PRIVATE = '859c08a160ddcb0f8ccd896217ce317965ba3528f61bbbe6d5dc9e24a76530a0';
const OSSL_PUBLIC =
  '048cc773e39b7fbb62009ae45d4409a7b8d361e942229a80b2f4745f8f646255edcb686198a6125dc967d77a32c5558dac13fd4f7d8201ee0ada35087277ff05cd';
const PKCS8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQghZwIoWDdyw+MzYli
F84xeWW6NSj2G7vm1dyeJKdlMKChRANCAASMx3Pjm3+7YgCa5F1ECae402HpQiKa
gLL0dF+PZGJV7ctoYZimEl3JZ9d6MsVVjawT/U99ggHuCto1CHJ3/wXN
-----END PRIVATE KEY-----
`;
const SEC1 = `-----BEGIN SM2 PRIVATE KEY-----
MHcCAQEEIIWcCKFg3csPjM2JYhfOMXllujUo9hu75tXcniSnZTCgoAoGCCqBHM9V
AYItoUQDQgAEjMdz45t/u2IAmuRdRAmnuNNh6UIimoCy9HRfj2RiVe3LaGGYphJd
yWfXejLFVY2sE/1PfYIB7graNQhyd/8FzQ==
-----END SM2 PRIVATE KEY-----
`;
const SPKI = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEjMdz45t/u2IAmuRdRAmnuNNh6UIi
moCy9HRfj2RiVe3LaGGYphJdyWfXejLFVY2sE/1PfYIB7graNQhyd/8FzQ==
-----END PUBLIC KEY-----
`;

describe('SM2 key files', () => {
  it("reads OpenSSL's PKCS#8, SEC1 and SPKI PEMs", () => {
    expect(sm2PrivateKeyFromPem(PKCS8)).toBe(OSSL_PRIVATE);
    expect(sm2PrivateKeyFromPem(SEC1)).toBe(OSSL_PRIVATE);
    expect(sm2PublicKeyFromPem(SPKI)).toBe(OSSL_PUBLIC);
  });

  it('writes what OpenSSL writes (PKCS#8 with the public key, SPKI)', () => {
    expect(sm2PrivateKeyToPem(OSSL_PRIVATE)).toBe(PKCS8);
    expect(sm2PublicKeyToPem(OSSL_PUBLIC)).toBe(SPKI);
  });

  it('reads CRLF PEMs and refuses RSA keys', () => {
    expect(sm2PrivateKeyFromPem(PKCS8.replace(/\n/g, '\r\n'))).toBe(OSSL_PRIVATE);
    // rsa.test.ts's OpenSSL RSA key
    const rsaSpki =
      '-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDe5qdWx5IdY8w0JWvQCHYZa3YK\nNdqMrDnRldtolTVGbCGXe5Z7Rtw/EaDkSehqHTumDQzeWayYRozVcqcKGWc9A0bL\n3S8kj39NBrFyTtnz7qSJjsxc9irEaO/gqgJLYowqnSA2RbZ4KGfimZTZfCB+EiU9\nkcRA9a301/vhAJLXSQIDAQAB\n-----END PUBLIC KEY-----\n';
    expect(() => sm2PublicKeyFromPem(rsaSpki)).toThrow(/not an SM2/);
  });
});

describe('SM2 certificates', () => {
  const rootKey = generateSm2KeyPair();
  const leafKey = generateSm2KeyPair();
  const rootSigner = createSm2Signer(rootKey.privateKeyHex);
  const rootName: NameAttribute[] = [
    { type: 'C', value: 'CN' },
    { type: 'CN', value: 'test root' },
  ];
  const leafName: NameAttribute[] = [
    { type: 'C', value: 'CN' },
    { type: 'CN', value: '041@Z1@中国银联股份有限公司@00000001' },
  ];
  const notBefore = new Date(Date.UTC(2025, 0, 1));
  const root = createSm2Certificate({
    serial: 1n,
    subject: rootName,
    issuer: rootName,
    notBefore,
    notAfter: new Date(Date.UTC(2055, 0, 1)),
    publicKeyHex: rootKey.publicKeyHex,
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    issuerSigner: rootSigner,
  });
  const leaf = createSm2Certificate({
    serial: 9_007_199_254_740_991n,
    subject: leafName,
    issuer: rootName,
    notBefore,
    notAfter: new Date(Date.UTC(2030, 0, 1)),
    publicKeyHex: leafKey.publicKeyHex,
    ca: false,
    keyUsage: ['digitalSignature'],
    issuerSigner: rootSigner,
  });

  it('parse in node:crypto (OpenSSL) with the fields we put in', () => {
    const x = new X509Certificate(leaf);
    expect(x.subject).toBe('C=CN\nCN=041@Z1@中国银联股份有限公司@00000001');
    expect(BigInt('0x' + x.serialNumber)).toBe(9_007_199_254_740_991n);
    expect(x.ca).toBe(false);
    expect(new X509Certificate(root).ca).toBe(true);
    expect(x.checkIssued(new X509Certificate(root))).toBe(true);
    expect(new Date(x.validFrom).getTime()).toBe(notBefore.getTime());
    expect(new X509Certificate(root).validTo).toBe('Jan  1 00:00:00 2055 GMT'); // GeneralizedTime from 2050
  });

  it('carry SM2 keys and SM3withSM2 signatures', () => {
    const parts = certificateParts(leaf);
    expect(parts.signatureAlgorithm).toBe('1.2.156.10197.1.501');
    expect(parts.publicKeyAlgorithm).toBe('1.2.840.10045.2.1');
    expect(parts.publicKeyCurve).toBe('1.2.156.10197.1.301');
    expect(parts.publicKeyHex).toBe(leafKey.publicKeyHex);
    expect(isSm2Certificate(leaf)).toBe(true);
    expect(sm2PublicKeyFromPem(leaf)).toBe(leafKey.publicKeyHex);
  });

  it('verify with the issuer key, and sm-crypto agrees (default user ID, DER signature)', () => {
    expect(verifySm2CertificateSignature(leaf, rootKey.publicKeyHex)).toBe(true);
    expect(verifySm2CertificateSignature(root, rootKey.publicKeyHex)).toBe(true);
    const parts = certificateParts(leaf);
    expect(
      smCrypto.sm2.doVerifySignature(
        Array.from(parts.tbs),
        parts.signatureValue.toString('hex'),
        rootKey.publicKeyHex,
        { hash: true, der: true },
      ),
    ).toBe(true);
  });

  it('fail with another key or a changed byte', () => {
    expect(verifySm2CertificateSignature(leaf, leafKey.publicKeyHex)).toBe(false);
    const der = Buffer.from(leaf.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('中国银联', 'utf8'));
    der[at] = der[at]! ^ 1;
    expect(verifySm2CertificateSignature(der, rootKey.publicKeyHex)).toBe(false);
    expect(verifySm2CertificateSignature('not a certificate', rootKey.publicKeyHex)).toBe(false);
  });
});
