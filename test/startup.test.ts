/**
 * What start-up speed rests on, as behaviour (the timings are the bench's: bench/suites/startup.ts):
 * the light descriptors the CLI's help and the config read agree with the channels they stand
 * for, and UnionPay's generated PKI, reloaded without its key/certificate checks while its bytes
 * are those that passed them, still refuses a key that does not match once a byte changed — as a
 * supplied PKI directory always does.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../simulators/channels.ts';
import { sm2PrivateKeyToPem, sm2PublicKeyFromPem } from '../simulators/core/crypto/pki-sm2.ts';
import { rsaSignSha256, rsaVerifySha256 } from '../simulators/core/crypto/rsa.ts';
import { createSm2Verifier, generateSm2KeyPair } from '../simulators/core/crypto/sm2.ts';
import { eventNames } from '../simulators/core/sim.ts';
import { channelNames, descriptors } from '../simulators/descriptors.ts';
import { CHECKED_FILE, createTestPkiSync, loadPkiFromDir, type TestPki } from '../simulators/unionpay/test-pki.ts';

describe('channel descriptors', () => {
  it('name every channel, with its title, port and events', () => {
    expect(Object.keys(descriptors).sort()).toEqual(Object.keys(channels).sort());
    for (const name of channelNames) {
      const c = channels[name]!;
      expect(descriptors[name]).toEqual({
        name: c.name,
        title: c.title,
        defaultPort: c.defaultPort,
        events: eventNames(c),
      });
    }
  });
});

describe("UnionPay's generated PKI, reloaded", () => {
  const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);
  let root: string;
  let dir: string;
  let first: TestPki;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'channel-sim-startup-'));
    dir = join(root, 'pki');
    first = createTestPkiSync({ dir, now: NOW });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** a copy of the generated directory with the merchant's SM2 key replaced by another one */
  const withForeignSm2Key = (): string => {
    const d = mkdtempSync(join(root, 'tampered-'));
    cpSync(dir, d, { recursive: true });
    writeFileSync(join(d, 'merchant-sm2-sign.key.pem'), sm2PrivateKeyToPem(generateSm2KeyPair().privateKeyHex));
    return d;
  };

  it('keeps a record of the checked bytes and, loaded from it, signs and verifies as before', () => {
    expect(existsSync(join(dir, CHECKED_FILE))).toBe(true);
    const again = createTestPkiSync({ dir, now: NOW });
    expect(again.sm2!.unionpay.publicKeyHex).toBe(first.sm2!.unionpay.publicKeyHex);
    const signature = again.sm2!.unionpay.signer.sign('k=v', again.sm2!.unionpay.certId);
    const verifier = createSm2Verifier(sm2PublicKeyFromPem(first.sm2!.unionpay.certPem));
    expect(verifier.verify('k=v', signature, first.sm2!.unionpay.certId)).toBe(true);
    expect(again.sm2!.merchant.verifier.verify('m', first.sm2!.merchant.signer.sign('m'))).toBe(true);
    // the merchant's RSA key, out of the PKCS#12 only when asked for, is the certificate's
    const merchant = again.rsa.merchant;
    expect(rsaVerifySha256('m', rsaSignSha256('m', merchant.privateKey), merchant.publicKey)).toBe(true);
  });

  it('checks again, and refuses, a generated directory whose key was changed', () => {
    const d = withForeignSm2Key();
    expect(existsSync(join(d, CHECKED_FILE))).toBe(true);
    expect(() => createTestPkiSync({ dir: d, now: NOW })).toThrow(
      /merchant-sm2-sign\.key\.pem: the key does not match the sm2\.merchant\.cert certificate/,
    );
  });

  it('always checks a supplied directory, a record beside it or not', () => {
    expect(() => loadPkiFromDir(withForeignSm2Key())).toThrow(/the key does not match the sm2\.merchant\.cert/);
  });
});
