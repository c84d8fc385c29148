/**
 * What the UnionPay simulator holds besides contracts: its PKI (generated once into
 * `<dataDir>/unionpay/`, or loaded from a directory the user supplies as credentials.pkiDir),
 * parsed once into key objects and SM2 signers/verifiers; the default merchant (UnionPay's public
 * test merId 777290058110048) with its secure key for signMethod 11/12; the registry certId →
 * merchant public key that requests are verified with (the generated merchant certificates, the
 * files in `merchant-certs/`, and those registered through the admin API). The merId+orderId+
 * txnTime of requests already served (duplicates answer 12) are the core's (ports.once). No
 * request is ever answered by generating or parsing a key.
 */
import { X509Certificate, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelConfig } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';
import { SimError } from '../core/errors.ts';
import { loadCertDir } from '../core/cert-dir.ts';
import { certIdOf, pemWithCrlf } from './wire/index.ts';
import { isSm2Certificate, sm2PublicKeyFromPem } from '../core/crypto/pki-sm2.ts';
import { createSm2Verifier, type Sm2Signer, type Sm2Verifier } from '../core/crypto/sm2.ts';
import { createTestPkiSync, ensureTestPki, loadPkiFromDir, type PkiRole, type TestPki } from './test-pki.ts';

/** UnionPay's public test merchant number (its SDK samples and test kit use it) */
export const DEFAULT_MER_ID = '777290058110048';

export interface MerchantCert {
  certId: string;
  kind: 'rsa' | 'sm2';
  certPem: string;
  /** the merchant it belongs to: only this merId may sign with it (the default merchant unless told) */
  merId: string;
  source: 'generated' | 'pki-dir' | 'merchant-certs-dir' | 'admin';
  file?: string;
  subject: string;
  validFrom: string;
  validTo: string;
  rsaPublicKey?: KeyObject;
  /** built when the certificate is registered; its point precomputation at the first verification */
  sm2Verifier?: Sm2Verifier;
}

/** a configured merchant: its merId and the secure key of its signMethod 11/12 */
export interface UnionPayMerchant {
  merId: string;
  secureKey: string;
  source: 'default' | 'credentials' | 'admin' | 'certificate';
}

export interface UnionPaySigningKeys {
  rsa: { certId: string; key: KeyObject; signPubKeyCert: string };
  /** absent when a supplied PKI directory has no SM2 files */
  sm2?: { certId: string; signer: Sm2Signer; signPubKeyCert: string };
}

export interface UnionPayCredentials {
  /** a PKI directory with a manifest.json (see core/crypto/test-pki.ts) instead of the generated one */
  pkiDir?: string;
  merId?: string;
  secureKey?: string;
  /** more merchants, each with its secure key for 11/12: merId → secure key */
  secureKeys?: Record<string, string>;
  /** more merchants (a secure key is generated for those without one) */
  merchants?: { merId: string; secureKey?: string }[];
  merchantCertsDir?: string;
}

export interface UnionPayRuntime {
  clock: Clock;
  pki: TestPki;
  pkiDir: string;
  pkiGenerated: boolean;
  merId: string;
  secureKey: string;
  secureKeyFile?: string;
  merchantCertsDir: string;
  publicUrl?: string;
  signing: UnionPaySigningKeys;
  certs: Map<string, MerchantCert>;
  /** the configured merchants by merId; any other merId is unknown (31 商户状态不正确) */
  merchants: Map<string, UnionPayMerchant>;
  /** a merchant configured (or its secure key replaced when one is given) */
  addMerchant(merId: string, opts: { secureKey?: string; source: UnionPayMerchant['source'] }): UnionPayMerchant;
  /** the secure key for 11/12 of this merId, undefined for an unknown merchant */
  secureKeyOf(merId: string): string | undefined;
  registerMerchantCert(
    cert: string | Buffer,
    opts: { merId?: string; source: MerchantCert['source']; file?: string },
  ): MerchantCert;
}

function bootError(message: string, field?: string): SimError {
  return new SimError('SIM_ERR_BOOT_CONFIG', message, field === undefined ? {} : { field });
}

/** A certificate (PEM or DER) → a registry entry. Throws a plain Error saying what is wrong. */
export function parseMerchantCert(
  cert: string | Buffer,
  opts: { merId: string; source: MerchantCert['source']; file?: string },
): MerchantCert {
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`not an X.509 certificate (PEM or DER): ${(e as Error).message}`);
  }
  const pem = x.toString();
  const base = {
    certId: certIdOf(pem),
    certPem: pem,
    source: opts.source,
    subject: x.subject.replace(/\n/g, ', '),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    merId: opts.merId,
    ...(opts.file ? { file: opts.file } : {}),
  };
  if (isSm2Certificate(pem)) return { ...base, kind: 'sm2', sm2Verifier: createSm2Verifier(sm2PublicKeyFromPem(pem)) };
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error(
      `a ${key.asymmetricKeyType ?? 'unknown'} key: only RSA (signMethod 01) and SM2 (signMethod 21) certificates can sign`,
    );
  return { ...base, kind: 'rsa', rsaPublicKey: key };
}

function loadOrCreateMerchant(dir: string): { merId: string; secureKey: string; file: string } {
  const file = join(dir, 'merchant.json');
  if (existsSync(file)) {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { merId?: unknown; secureKey?: unknown };
    if (typeof m.merId !== 'string' || typeof m.secureKey !== 'string')
      throw bootError(`${file}: needs "merId" and "secureKey" strings`, 'merchant.json');
    return { merId: m.merId, secureKey: m.secureKey, file };
  }
  const created = { merId: DEFAULT_MER_ID, secureKey: randomBytes(16).toString('hex') };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
  return { ...created, file };
}

export function pkiFile(pki: TestPki, role: PkiRole): string | undefined {
  const found = Object.entries(pki.manifest.files).find(([, e]) => e.role === role);
  return found && pki.dir ? join(pki.dir, found[0]) : undefined;
}

/** where the simulator keeps what it generated for UnionPay (the PKI, merchant.json, merchant-certs/) */
const unionPayHome = (config: ChannelConfig) => join(config.dataDir, 'unionpay');

/** Channel.prepare: the generated PKI made on the thread pool before the runtime loads it (unless one is supplied) */
export async function prepareUnionPay(config: ChannelConfig, env: { now: number }): Promise<void> {
  const supplied = (config.credentials ?? {}) as UnionPayCredentials;
  if (supplied.pkiDir === undefined) await ensureTestPki({ dir: unionPayHome(config), now: env.now });
}

export function createUnionPayRuntime(config: ChannelConfig, env: { clock: Clock }): UnionPayRuntime {
  const supplied = (config.credentials ?? {}) as UnionPayCredentials;
  const home = unionPayHome(config);
  const pkiGenerated = supplied.pkiDir === undefined;
  const pkiDir = supplied.pkiDir ?? home;
  const pki = pkiGenerated ? createTestPkiSync({ dir: pkiDir, now: env.clock.now() }) : loadPkiFromDir(pkiDir);
  const merchant =
    supplied.merId !== undefined && supplied.secureKey !== undefined ? undefined : loadOrCreateMerchant(home);
  const merId = supplied.merId ?? merchant!.merId;
  const secureKey = supplied.secureKey ?? merchant!.secureKey;
  const merchants = new Map<string, UnionPayMerchant>();
  const addMerchant: UnionPayRuntime['addMerchant'] = (m, opts) => {
    const known = merchants.get(m);
    if (known && opts.secureKey === undefined) return known;
    const entry = { merId: m, secureKey: opts.secureKey ?? randomBytes(16).toString('hex'), source: opts.source };
    merchants.set(m, entry);
    return entry;
  };
  addMerchant(merId, { secureKey, source: 'default' });
  for (const [m, key] of Object.entries(supplied.secureKeys ?? {}))
    addMerchant(m, { secureKey: key, source: 'credentials' });
  for (const m of supplied.merchants ?? [])
    addMerchant(m.merId, { ...(m.secureKey ? { secureKey: m.secureKey } : {}), source: 'credentials' });
  const merchantCertsDir = supplied.merchantCertsDir ?? join(home, 'merchant-certs');

  const certs = new Map<string, MerchantCert>();
  const register: UnionPayRuntime['registerMerchantCert'] = (cert, opts) => {
    // a certificate belongs to its merchant: the default one unless told, configured if new
    const entry = parseMerchantCert(cert, { ...opts, merId: opts.merId ?? merId });
    addMerchant(entry.merId, { source: 'certificate' });
    certs.set(entry.certId, entry);
    return entry;
  };
  const own = pkiGenerated ? 'generated' : 'pki-dir';
  register(pki.rsa.merchant.certPem, {
    source: own,
    file: pkiFile(pki, 'rsa.merchant.cert') ?? pkiFile(pki, 'rsa.merchant.pfx'),
  });
  if (pki.sm2) register(pki.sm2.merchant.certPem, { source: own, file: pkiFile(pki, 'sm2.merchant.cert') });
  loadCertDir(merchantCertsDir, register);

  return {
    clock: env.clock,
    pki,
    pkiDir,
    pkiGenerated,
    merId,
    secureKey,
    secureKeyFile: merchant?.file,
    merchantCertsDir,
    publicUrl: config.publicUrl,
    signing: {
      rsa: {
        certId: pki.rsa.unionpay.certId,
        key: pki.rsa.unionpay.privateKey,
        signPubKeyCert: pemWithCrlf(pki.rsa.unionpay.certPem),
      },
      ...(pki.sm2
        ? {
            sm2: {
              certId: pki.sm2.unionpay.certId,
              signer: pki.sm2.unionpay.signer,
              signPubKeyCert: pemWithCrlf(pki.sm2.unionpay.certPem),
            },
          }
        : {}),
    },
    certs,
    merchants,
    addMerchant,
    secureKeyOf: (m) => merchants.get(m)?.secureKey,
    registerMerchantCert: register,
  };
}
