/**
 * The test PKI, generated once for this file (≈1 s) into a temporary directory at a fixed "now":
 * chains verify the way the UnionPay SDKs check them and fail the ways they fail, the CN rule,
 * certIds below 2^53, the PKCS#12 opening in OpenSSL (tls.createSecureContext) with 000000 and
 * holding the key that matches the certificate, and reloading from the directory.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import smCrypto from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimError } from '../core/errors.ts';
import { serialHexOf } from '../core/crypto/pki.ts';
import { UNIONPAY_CN_COMPANY, certIdOf, checkUnionPayCn, pemWithCrlf, subjectCnOf, verifyChain } from './wire/index.ts';
import {
  MANIFEST_FILE,
  TEST_PFX_PASSWORD,
  createTestPki,
  createTestPkiSync,
  loadPkiFromDir,
  type PkiManifest,
  type TestPki,
} from './test-pki.ts';
import { certificateParts } from '../core/crypto/pki-sm2.ts';
import { rsaSignSha256, rsaVerifySha256 } from '../core/crypto/rsa.ts';

const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);
const DAY = 86_400_000;
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'channel-sim-pki-'));
  pki = await createTestPki({ dir: join(dir, 'pki'), now: NOW });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const flipLastByte = (pem: string): string => {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  der[der.length - 1] = der[der.length - 1]! ^ 1;
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
};

describe('verifyChain', () => {
  it('accepts both RSA leaves and both SM2 leaves under their middle and root', () => {
    for (const chain of [pki.rsa, pki.sm2!]) {
      expect(verifyChain(chain.unionpay.certPem, chain.middlePem, chain.rootPem, NOW)).toEqual({ ok: true });
      expect(verifyChain(chain.merchant.certPem, chain.middlePem, chain.rootPem, new Date(NOW))).toEqual({ ok: true });
    }
  });

  it('makes the upstream certificate valid from a day before now for five years', () => {
    const x = new X509Certificate(pki.rsa.unionpay.certPem);
    expect(Date.parse(x.validFrom)).toBe(NOW - DAY);
    expect(Date.parse(x.validTo)).toBe(Date.UTC(2030, 5, 1, 8, 0, 0));
    expect(verifyChain(pki.rsa.unionpay.certPem, pki.rsa.middlePem, pki.rsa.rootPem, NOW - DAY - 1000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not valid/),
    });
    expect(
      verifyChain(pki.sm2!.unionpay.certPem, pki.sm2!.middlePem, pki.sm2!.rootPem, Date.UTC(2030, 5, 2)),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^leaf .*not valid/) });
  });

  it('refuses a chain in the wrong order or from the other algorithm', () => {
    expect(verifyChain(pki.rsa.unionpay.certPem, pki.rsa.rootPem, pki.rsa.middlePem, NOW).ok).toBe(false);
    expect(verifyChain(pki.rsa.unionpay.certPem, pki.sm2!.middlePem, pki.sm2!.rootPem, NOW).ok).toBe(false);
    expect(verifyChain(pki.rsa.middlePem, pki.rsa.middlePem, pki.rsa.rootPem, NOW).ok).toBe(false);
  });

  it('refuses a leaf whose signature was changed', () => {
    expect(verifyChain(flipLastByte(pki.rsa.unionpay.certPem), pki.rsa.middlePem, pki.rsa.rootPem, NOW)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature/),
    });
    expect(
      verifyChain(flipLastByte(pki.sm2!.unionpay.certPem), pki.sm2!.middlePem, pki.sm2!.rootPem, NOW),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
  });

  it('refuses what is not a certificate', () => {
    expect(verifyChain('garbage', pki.rsa.middlePem, pki.rsa.rootPem, NOW)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unreadable/),
    });
  });

  it('agrees with independent verifiers: forge for RSA, sm-crypto for SM2', () => {
    const rsa = [pki.rsa.rootPem, pki.rsa.middlePem, pki.rsa.unionpay.certPem].map((p) =>
      forge.pki.certificateFromPem(p),
    );
    const store = forge.pki.createCaStore([rsa[0]!]);
    expect(forge.pki.verifyCertificateChain(store, [rsa[2]!, rsa[1]!], { validityCheckDate: new Date(NOW) })).toBe(
      true,
    );
    const leaf = certificateParts(pki.sm2!.unionpay.certPem);
    const middleKey = certificateParts(pki.sm2!.middlePem).publicKeyHex;
    expect(
      smCrypto.sm2.doVerifySignature(Array.from(leaf.tbs), leaf.signatureValue.toString('hex'), middleKey, {
        hash: true,
        der: true,
      }),
    ).toBe(true);
  });
});

describe('certificate identity', () => {
  it('names the upstream 中国银联股份有限公司 in the third @ part of the CN, not the merchant', () => {
    expect(subjectCnOf(pki.rsa.unionpay.certPem)).toBe(`041@Z12345678@${UNIONPAY_CN_COMPANY}@00000001`);
    expect(checkUnionPayCn(pki.rsa.unionpay.certPem)).toBe(true);
    expect(checkUnionPayCn(pki.sm2!.unionpay.certPem)).toBe(true);
    expect(checkUnionPayCn(pki.rsa.merchant.certPem)).toBe(false);
    expect(checkUnionPayCn(pki.rsa.rootPem)).toBe(false);
    expect(checkUnionPayCn('garbage')).toBe(false);
  });

  it('gives decimal certIds below 2^53 that forge reads from the serial too', () => {
    const ids = [pki.rsa.unionpay, pki.rsa.merchant, pki.sm2!.unionpay, pki.sm2!.merchant].map((i) => i.certId);
    for (const id of ids) {
      expect(id).toMatch(/^[1-9][0-9]*$/);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
    }
    expect(new Set(ids).size).toBe(4);
    expect(BigInt('0x' + forge.pki.certificateFromPem(pki.rsa.merchant.certPem).serialNumber).toString()).toBe(
      pki.rsa.merchant.certId,
    );
    expect(certIdOf(pki.sm2!.unionpay.certPem)).toBe(pki.sm2!.unionpay.certId);
    // the same serial in hex, as Lakala's serial_no writes it
    expect(BigInt(`0x${serialHexOf(pki.rsa.merchant.certPem)}`).toString()).toBe(pki.rsa.merchant.certId);
  });

  it('pemWithCrlf uses CRLF only, is idempotent and still parses', () => {
    const crlf = pemWithCrlf(pki.rsa.unionpay.certPem);
    expect(crlf).toMatch(/^-----BEGIN CERTIFICATE-----\r\n/);
    expect(crlf.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(pemWithCrlf(crlf)).toBe(crlf);
    expect(certIdOf(crlf)).toBe(pki.rsa.unionpay.certId);
  });
});

describe('keys', () => {
  it('pairs each RSA certificate with its private key', () => {
    for (const id of [pki.rsa.unionpay, pki.rsa.merchant]) {
      expect(rsaVerifySha256('m', rsaSignSha256('m', id.privateKey), createPublicKey(id.certPem))).toBe(true);
    }
  });

  it('pairs each SM2 certificate with its key, signing with certId as the user ID', () => {
    for (const id of [pki.sm2!.unionpay, pki.sm2!.merchant]) {
      expect(certificateParts(id.certPem).publicKeyHex).toBe(id.publicKeyHex);
      expect(id.verifier.verify('m', id.signer.sign('m', id.certId), id.certId)).toBe(true);
    }
  });

  it('opens the merchant PKCS#12 in OpenSSL with 000000 and only with 000000', () => {
    expect(pki.rsa.merchant.pfxPassword).toBe(TEST_PFX_PASSWORD);
    expect(() => createSecureContext({ pfx: pki.rsa.merchant.pfx, passphrase: '000000' })).not.toThrow();
    expect(() => createSecureContext({ pfx: pki.rsa.merchant.pfx, passphrase: '000001' })).toThrow();
  });

  it('puts the merchant key, its certificate first and the chain in the PKCS#12', () => {
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pki.rsa.merchant.pfx.toString('binary')), '000000');
    const certs = p12
      .getBags({ bagType: forge.pki.oids.certBag! })
      [forge.pki.oids.certBag!]!.map((b) => forge.pki.certificateToPem(b.cert!).replace(/\r\n/g, '\n'));
    expect(certs).toEqual([pki.rsa.merchant.certPem, pki.rsa.middlePem, pki.rsa.rootPem]);
    const key = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]![0]!;
    expect(key.attributes.friendlyName).toEqual(['channel-sim merchant']);
    const md = forge.md.sha256.create().update('m');
    const sig = (key.key as forge.pki.rsa.PrivateKey).sign(md);
    expect(rsaVerifySha256('m', Buffer.from(sig, 'binary').toString('base64'), pki.rsa.merchant.publicKey)).toBe(true);
  });
});

describe('persistence', () => {
  it('writes every file named in the manifest, with roles, certIds and the PKCS#12 password', () => {
    const manifest = JSON.parse(readFileSync(join(pki.dir!, MANIFEST_FILE), 'utf8')) as PkiManifest;
    expect(Object.keys(manifest.files)).toHaveLength(13);
    for (const file of Object.keys(manifest.files)) expect(statSync(join(pki.dir!, file)).size).toBeGreaterThan(0);
    const byRole = Object.fromEntries(Object.values(manifest.files).map((e) => [e.role, e]));
    expect(byRole['rsa.merchant.pfx']).toMatchObject({ password: '000000', certId: pki.rsa.merchant.certId });
    expect(byRole['rsa.unionpay.cert']?.certId).toBe(pki.rsa.unionpay.certId);
    expect(byRole['sm2.unionpay.cert']?.certId).toBe(pki.sm2!.unionpay.certId);
    expect(byRole['sm2.merchant.sm2']).toMatchObject({ password: '123123', certId: pki.sm2!.merchant.certId });
  });

  it('reloads the same certificates and keys instead of generating new ones', async () => {
    const again = await createTestPki({ dir: pki.dir!, now: NOW + 365 * DAY });
    const loaded = loadPkiFromDir(pki.dir!);
    for (const p of [again, loaded]) {
      expect(p.manifest.generatedAt).toBe(new Date(NOW).toISOString());
      expect(p.rsa.unionpay.certId).toBe(pki.rsa.unionpay.certId);
      expect(p.rsa.merchant.certPem).toBe(pki.rsa.merchant.certPem);
      expect(p.sm2!.merchant.certId).toBe(pki.sm2!.merchant.certId);
      expect(p.sm2!.unionpay.privateKeyHex).toBe(pki.sm2!.unionpay.privateKeyHex);
      expect(rsaVerifySha256('m', rsaSignSha256('m', p.rsa.unionpay.privateKey), pki.rsa.unionpay.publicKey)).toBe(
        true,
      );
    }
  });

  it('createTestPkiSync reloads the same directory, or generates a chain as good without one', () => {
    expect(createTestPkiSync({ dir: pki.dir!, now: NOW }).rsa.unionpay.certId).toBe(pki.rsa.unionpay.certId);
    const fresh = createTestPkiSync({ now: NOW });
    expect(fresh.dir).toBeUndefined();
    expect(verifyChain(fresh.rsa.unionpay.certPem, fresh.rsa.middlePem, fresh.rsa.rootPem, NOW)).toEqual({ ok: true });
    expect(verifyChain(fresh.sm2!.unionpay.certPem, fresh.sm2!.middlePem, fresh.sm2!.rootPem, NOW)).toEqual({
      ok: true,
    });
    expect(checkUnionPayCn(fresh.rsa.unionpay.certPem)).toBe(true);
    expect(Number(fresh.rsa.merchant.certId)).toBeLessThan(2 ** 53);
  });

  describe('user-supplied directories', () => {
    const copy = (edit: (m: PkiManifest, d: string) => void): string => {
      const d = mkdtempSync(join(dir, 'supplied-'));
      cpSync(pki.dir!, d, { recursive: true });
      const m = JSON.parse(readFileSync(join(d, MANIFEST_FILE), 'utf8')) as PkiManifest;
      edit(m, d);
      writeFileSync(join(d, MANIFEST_FILE), JSON.stringify(m));
      return d;
    };
    const bootError = (d: string): SimError => {
      try {
        loadPkiFromDir(d);
      } catch (e) {
        return e as SimError;
      }
      throw new Error('expected loadPkiFromDir to fail');
    };
    const dropRole = (m: PkiManifest, role: string) => {
      for (const [f, e] of Object.entries(m.files)) if (e.role === role) delete m.files[f];
    };

    it('loads without the SM2 files and without the merchant certificate (taken from the PKCS#12)', () => {
      const d = copy((m) => {
        for (const r of [
          'sm2.root',
          'sm2.middle',
          'sm2.unionpay.cert',
          'sm2.unionpay.key',
          'sm2.merchant.cert',
          'sm2.merchant.key',
          'rsa.merchant.cert',
        ])
          dropRole(m, r);
      });
      const p = loadPkiFromDir(d);
      expect(p.sm2).toBeUndefined();
      expect(p.rsa.merchant.certId).toBe(pki.rsa.merchant.certId);
    });

    it('reads certificates shipped as DER and names a file that is not one', () => {
      const d = copy((m, d) => {
        const root = Object.entries(m.files).find(([, e]) => e.role === 'rsa.root')![0];
        writeFileSync(join(d, root), new X509Certificate(pki.rsa.rootPem).raw);
      });
      expect(loadPkiFromDir(d).rsa.rootPem).toBe(pki.rsa.rootPem);
      const broken = copy((_m, d) => writeFileSync(join(d, 'rsa-middle.cer'), 'not a certificate'));
      expect(bootError(broken)).toMatchObject({ code: 'SIM_ERR_BOOT_CONFIG', field: 'rsa-middle.cer' });
    });

    it('names the missing role, the wrong password and the mismatched key', () => {
      const missing = bootError(copy((m) => dropRole(m, 'rsa.middle')));
      expect(missing).toBeInstanceOf(SimError);
      expect(missing).toMatchObject({ code: 'SIM_ERR_BOOT_CONFIG', field: 'rsa.middle' });
      const halfSm2 = bootError(copy((m) => dropRole(m, 'sm2.merchant.key')));
      expect(halfSm2.message).toMatch(/sm2\.merchant\.key/);
      const password = bootError(
        copy((m) => {
          for (const e of Object.values(m.files)) if (e.role === 'rsa.merchant.pfx') e.password = '123456';
        }),
      );
      expect(password.message).toMatch(/merchant-rsa-sign\.pfx.*password/);
      const swapped = bootError(
        copy((m) => {
          for (const e of Object.values(m.files)) {
            if (e.role === 'rsa.unionpay.cert') e.role = 'rsa.merchant.cert';
            else if (e.role === 'rsa.merchant.cert') e.role = 'rsa.unionpay.cert';
          }
        }),
      );
      expect(swapped.message).toMatch(/does not match/);
    });
  });
});
