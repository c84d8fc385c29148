/**
 * The merchant's CFCA `.sm2` file, met as a merchant configuring UnionPay's GM SDK meets it: the
 * credentials name it with the SDK properties it fills, and it opens with its password. The file
 * is read here by an independent decoder — its own DER walk, sm-crypto's SM3 for the password
 * KDF and sm-crypto's SM4-CBC (not sm-crypto-v2, which the simulator writes with) — first pinned
 * on a CFCA file that is not ours (the sample in UnionPay's GM SDK demo, GmUtil.main, password
 * cfca1234), then on the file the simulator generates: its key is the PEM key (read by OpenSSL
 * through node:crypto) and its certificate the merchant's SM2 signing certificate.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPkiSync } from '../simulators/unionpay/test-pki.ts';
import { createUnionPayHarness, type UnionPayHarness } from './support/unionpay-harness.ts';

// ---- the independent reader ------------------------------------------------------------------

interface Tlv {
  tag: number;
  value: Buffer;
}

/** the DER elements inside a constructed value, in order */
function children(der: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < der.length) {
    const tag = der[i]!;
    let len = der[i + 1]!;
    let at = i + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + der[at + k]!;
      at += n;
    }
    out.push({ tag, value: der.subarray(at, at + len) });
    i = at + len;
  }
  return out;
}

function oidText(value: Buffer): string {
  const parts = [Math.floor(value[0]! / 40), value[0]! % 40];
  let n = 0;
  for (const b of value.subarray(1)) {
    n = n * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

const SM2_DATA = '1.2.156.10197.6.1.4.2.1';
const SM4 = '1.2.156.10197.1.104';

/** opens a .sm2 file's text: the private key d (hex, 64 digits) and the certificate */
function openSm2File(text: string, password: string): { d: string; cert: X509Certificate } {
  const [top] = children(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
  expect(top!.tag).toBe(0x30);
  const [version, sealed, certificate] = children(top!.value);
  expect(version).toEqual({ tag: 0x02, value: Buffer.from([1]) });
  const [keyType, algorithm, encrypted] = children(sealed!.value);
  expect([oidText(keyType!.value), oidText(algorithm!.value), encrypted!.tag]).toEqual([SM2_DATA, SM4, 0x04]);
  const [certType, certDer] = children(certificate!.value);
  expect([oidText(certType!.value), certDer!.tag]).toEqual([SM2_DATA, 0x04]);
  // GM/T 0003 KDF, one block: SM3(password ‖ 00000001); IV is the first half, the key the second
  const k = smCrypto.sm3([...Buffer.from(password, 'utf8'), 0, 0, 0, 1]);
  const d = smCrypto.sm4.decrypt(encrypted!.value.toString('hex'), k.slice(32), {
    mode: 'cbc',
    iv: k.slice(0, 32),
    padding: 'pkcs#7',
    output: 'array',
  });
  return { d: Buffer.from(d).toString('hex').padStart(64, '0'), cert: new X509Certificate(certDer!.value) };
}

/** the uncompressed public key (04‖x‖y hex) in an SM2 certificate: the SPKI's BIT STRING, through OpenSSL */
function publicKeyOf(cert: X509Certificate): string {
  const [spki] = children(cert.publicKey.export({ format: 'der', type: 'spki' }));
  return children(spki!.value)[1]!.value.subarray(1).toString('hex');
}

/** d of a PKCS#8 SM2 key PEM, as OpenSSL reads it (PrivateKeyInfo → ECPrivateKey → privateKey) */
function privateKeyOf(pem: string): string {
  const [info] = children(createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' }));
  const [ecKey] = children(children(info!.value)[2]!.value);
  return children(ecKey!.value)[1]!.value.toString('hex').padStart(64, '0');
}

/** d is the private half of the certificate's key: what it signs, the certificate's key verifies (sm-crypto) */
function keyMatches(d: string, cert: X509Certificate): boolean {
  const sig = smCrypto.sm2.doSignature('channel-sim', d, { hash: true });
  return smCrypto.sm2.doVerifySignature('channel-sim', sig, publicKeyOf(cert), { hash: true });
}

// ---- tests -----------------------------------------------------------------------------------

/** CFCA's own sample (UnionPay GM SDK demo, GmUtil.main): a CSP-sandbox export, password cfca1234 */
const CFCA_SAMPLE = readFileSync(new URL('../simulators/unionpay/fixtures/cfca-sample.sm2', import.meta.url), 'utf8');

describe('the independent .sm2 reader', () => {
  it("opens CFCA's own sample with its password: the key is the certificate's", () => {
    const { d, cert } = openSm2File(CFCA_SAMPLE, 'cfca1234');
    // the d the demo prints for this file
    expect(d).toBe('097b5230ef27c7df0fa768289d13ad4e8a96266f0fcb8de40d5942af4293a54a');
    expect(keyMatches(d, cert)).toBe(true);
    expect(cert.subject).toContain('CN=041@Ztest@00010000:SIGN@00000001');
  });

  it('does not open it with another password', () => {
    expect(() => {
      const { d, cert } = openSm2File(CFCA_SAMPLE, '123123');
      if (!keyMatches(d, cert)) throw new Error('wrong key');
    }).toThrow();
  });
});

describe("the merchant's .sm2 file (UnionPay GM SDK: acpsdk.sm2.signCert.path / .pwd)", () => {
  let up: UnionPayHarness;
  let sm2: Record<string, { file: string; certId?: string; password?: string; sdkProperties?: Record<string, string> }>;
  beforeAll(async () => {
    up = await createUnionPayHarness();
    sm2 = up.credentials.sm2 as unknown as typeof sm2;
  });
  afterAll(() => up.close());

  it('is named in the credentials with its password and the SDK properties it fills', async () => {
    const { status, json } = await up.admin<{ sm2: typeof sm2 }>('GET', '/credentials');
    expect(status).toBe(200);
    const entry = json.sm2.merchantSm2File!;
    expect(entry.file).toMatch(/merchant-sm2-sign\.sm2$/);
    expect(entry.password).toBe('123123');
    expect(entry.certId).toBe(sm2.merchantCert!.certId);
    expect(entry.sdkProperties).toEqual({
      'acpsdk.sm2.signCert.path': entry.file,
      'acpsdk.sm2.signCert.pwd': '123123',
      'acpsdk.sm2.rootCert.path': sm2.rootCert!.file,
      'acpsdk.sm2.middleCert.path': sm2.middleCert!.file,
      'acpsdk.sm2.secureKey': up.credentials.secureKey,
    });
    // a key file: the owner's only
    expect(statSync(entry.file).mode & 0o077).toBe(0);
  });

  it('opens with the password to the PEM key and the merchant SM2 signing certificate', () => {
    const entry = sm2.merchantSm2File!;
    const { d, cert } = openSm2File(readFileSync(entry.file, 'utf8'), entry.password!);
    expect(d).toBe(privateKeyOf(readFileSync(sm2.merchantKey!.file, 'utf8')));
    const signing = new X509Certificate(readFileSync(sm2.merchantCert!.file));
    expect(cert.raw.equals(signing.raw)).toBe(true);
    expect(BigInt(`0x${cert.serialNumber}`).toString()).toBe(sm2.merchantCert!.certId);
    expect(keyMatches(d, cert)).toBe(true);
    // a key that opens with the wrong password is not the key
    let wrong: string | undefined;
    try {
      wrong = openSm2File(readFileSync(entry.file, 'utf8'), '000000').d;
    } catch {
      wrong = undefined;
    }
    expect(wrong).not.toBe(d);
  });
});

describe('a generated PKI directory from before the .sm2 file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unionpay-sm2-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gets the file on its next load, listed in its manifest', () => {
    const first = createTestPkiSync({ dir, now: Date.UTC(2026, 0, 15) });
    // 1 the directory as an older version wrote it: no .sm2 file, no manifest entry
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.files['merchant-sm2-sign.sm2'];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    rmSync(join(dir, 'merchant-sm2-sign.sm2'));
    // 2 loaded again: the file is back, for the directory's own key and certificate
    const again = createTestPkiSync({ dir, now: Date.UTC(2026, 0, 16) });
    expect(existsSync(join(dir, 'merchant-sm2-sign.sm2'))).toBe(true);
    expect(JSON.parse(readFileSync(manifestPath, 'utf8')).files['merchant-sm2-sign.sm2']).toMatchObject({
      role: 'sm2.merchant.sm2',
      password: '123123',
    });
    const { d } = openSm2File(readFileSync(join(dir, 'merchant-sm2-sign.sm2'), 'utf8'), '123123');
    expect(d).toBe(first.sm2!.merchant.privateKeyHex.padStart(64, '0'));
    expect(again.sm2!.merchant.certId).toBe(first.sm2!.merchant.certId);
  });
});
