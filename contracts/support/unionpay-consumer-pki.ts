/**
 * The consumer side's key material and signed examples. The PKI (root → middle → UnionPay signing
 * certificate and the merchant's PKCS#12, in RSA and SM2) is generated once by createTestPki into
 * the committed fixtures/unionpay/pki directory and loaded from there afterwards, so examples are
 * the same on every run: 01 (PKCS#1 v1.5) and 11 are deterministic; SM2 is not, so each SM2
 * signature an example needs is recorded once in fixtures/unionpay/sm2-signatures.json, keyed by
 * certId and digest (a changed example gets a new entry, never a stale signature), like a
 * snapshot — and with CI set a missing one is an error, not a write. Responses are signed the
 * way the simulator signs them (signPubKeyCert, no certId) so the client's checks run for real.
 * Nothing here calls Pact or starts a server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnionPayClientOptions } from '../../clients/unionpay.ts';
import { pemWithCrlf } from '../../simulators/unionpay/wire/index.ts';
import { rsaSignSha256 } from '../../simulators/core/crypto/rsa.ts';
import type { Sm2Signer } from '../../simulators/core/crypto/sm2.ts';
import { createTestPki, type Sm2Pki, type TestPki } from '../../simulators/unionpay/test-pki.ts';
import {
  UNIONPAY_VERSION,
  signUnionPay,
  unionPayDigestHex,
  unionPaySecureKeySignature,
  type UnionPaySignMethod,
} from '../../simulators/unionpay/wire/index.ts';
import { MER_ID, UNIONPAY_CONTRACT_NOW, UNIONPAY_FIXTURE_DIR } from './unionpay-fixtures.ts';

/** the consumer's secure key for 11/12: deliberately not the simulator's (re-signing replaces it) */
export const CONSUMER_SECURE_KEY = 'contract-secure-key-0001';

const PKI_DIR = join(UNIONPAY_FIXTURE_DIR, 'pki');
const SM2_BOOK = join(UNIONPAY_FIXTURE_DIR, 'sm2-signatures.json');

export interface ConsumerPki {
  pki: TestPki;
  sm2: Sm2Pki;
}

/** Loads the committed PKI (generating it on the very first run; validity starts a day before the contract clock). */
export async function loadConsumerPki(): Promise<ConsumerPki> {
  const pki = await createTestPki({ dir: PKI_DIR, now: UNIONPAY_CONTRACT_NOW });
  if (!pki.sm2)
    throw new Error(`${PKI_DIR}: the consumer fixtures need the SM2 files too (delete the directory to regenerate)`);
  return { pki, sm2: pki.sm2 };
}

/** The reference client configured with the fixture credentials of one signature family. */
export function consumerClientOptions(
  c: ConsumerPki,
  signMethod: UnionPaySignMethod,
  backTransUrl: string,
): UnionPayClientOptions {
  const common = {
    backTransUrl,
    merId: MER_ID,
    rootCertPem: c.pki.rsa.rootPem,
    middleCertPem: c.pki.rsa.middlePem,
    sm2RootCertPem: c.sm2.rootPem,
    sm2MiddleCertPem: c.sm2.middlePem,
    now: () => UNIONPAY_CONTRACT_NOW,
  };
  switch (signMethod) {
    case '01':
      return { ...common, signMethod, pfx: c.pki.rsa.merchant.pfx, password: c.pki.rsa.merchant.pfxPassword };
    case '21':
      return { ...common, signMethod, privateKeyHex: c.sm2.merchant.privateKeyHex, certPem: c.sm2.merchant.certPem };
    default:
      return { ...common, signMethod, secureKey: CONSUMER_SECURE_KEY };
  }
}

// ---- SM2 signatures recorded once ----------------------------------------------------------------

function readBook(): Record<string, string> {
  return existsSync(SM2_BOOK) ? (JSON.parse(readFileSync(SM2_BOOK, 'utf8')) as Record<string, string>) : {};
}

function recordedSm2(signer: Sm2Signer, digest: string, userId: string): string {
  const key = `${userId}:${digest}`;
  const book = readBook();
  const known = book[key];
  if (known !== undefined) return known;
  if (process.env.CI) {
    throw new Error(
      `${SM2_BOOK} has no SM2 signature for ${key}: run the UnionPay consumer contract locally and commit the file (CI never records)`,
    );
  }
  book[key] = signer.sign(digest, userId);
  const sorted = Object.fromEntries(Object.entries(book).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(SM2_BOOK, JSON.stringify(sorted, null, 2) + '\n');
  return book[key];
}

// ---- examples -----------------------------------------------------------------------------------

/** A request as the merchant signs it (certId of the merchant certificate, signature last). */
export function signedRequestExample(
  c: ConsumerPki,
  fields: Record<string, string>,
  signMethod: UnionPaySignMethod,
): Record<string, string> {
  switch (signMethod) {
    case '01':
      return signUnionPay(fields, {
        signMethod,
        certId: c.pki.rsa.merchant.certId,
        rsaKey: c.pki.rsa.merchant.privateKey,
      });
    case '21': {
      const { certId, signer } = c.sm2.merchant;
      const out: Record<string, string> = { ...fields, signMethod, certId };
      return { ...out, signature: recordedSm2(signer, unionPayDigestHex(out, '21'), certId) };
    }
    default:
      return signUnionPay(fields, { signMethod, secureKey: CONSUMER_SECURE_KEY });
  }
}

/**
 * A response as UnionPay signs it: version and encoding added, 01/21 with signPubKeyCert (CRLF
 * PEM, part of the signed string) and no certId, SM2 user ID = the signing certificate's certId.
 */
export function signedResponseExample(
  c: ConsumerPki,
  fields: Record<string, string>,
  signMethod: UnionPaySignMethod,
): Record<string, string> {
  const out: Record<string, string> = { ...fields, version: UNIONPAY_VERSION, encoding: 'UTF-8', signMethod };
  switch (signMethod) {
    case '01': {
      out.signPubKeyCert = pemWithCrlf(c.pki.rsa.unionpay.certPem);
      return { ...out, signature: rsaSignSha256(unionPayDigestHex(out, '01'), c.pki.rsa.unionpay.privateKey) };
    }
    case '21': {
      const { certId, certPem, signer } = c.sm2.unionpay;
      out.signPubKeyCert = pemWithCrlf(certPem);
      return { ...out, signature: recordedSm2(signer, unionPayDigestHex(out, '21'), certId) };
    }
    default:
      return { ...out, signature: unionPaySecureKeySignature(out, signMethod, CONSUMER_SECURE_KEY) };
  }
}
