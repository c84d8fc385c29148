/**
 * The UnionPay simulator's test PKI: an RSA root → middle CA → UnionPay signing certificate
 * (subject CN `041@Z…@中国银联股份有限公司@…`, the third `@` part is what the SDKs check) and a
 * merchant certificate + key in a PKCS#12 (password 000000, like UnionPay's public test kit), plus
 * the same chain in SM2, the merchant's SM2 key both as PKCS#8 PEM and as the CFCA `.sm2` file
 * UnionPay's GM SDK reads (password 123123). Generated once into a directory with a manifest.json whose roles say
 * what each file is, and reloaded on the next start; `loadPkiFromDir` reads user-supplied files
 * through the same manifest. certIds are decimal serials below 2^53 (clients that parse certId
 * into a JS number stay exact). `createTestPkiSync` exists because channel runtimes are built
 * synchronously (buildServer, `channel-sim credentials`); it blocks for about a second, once per
 * data directory. The certificate machinery (keys, CAs, PKCS#12, chains) is the core's
 * (core/crypto/pki.ts); the roles, names and manifest are UnionPay's and live here.
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimError } from '../core/errors.ts';
import {
  DAY_MS,
  certIdOf,
  forgePem,
  newRsaKeys,
  newRsaKeysSync,
  openPkcs12,
  rsaCertificate,
  rsaKeysMatch,
  rsaPkcs12,
  serialFactory,
  sm2Identity,
  testCaName,
  testLeafName,
  yearsAfter,
  type NameAttribute,
  type RsaKeys,
  type Sm2Identity,
} from '../core/crypto/pki.ts';
import {
  createSm2Certificate,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyToPem,
  sm2PublicKeyFromPem,
} from '../core/crypto/pki-sm2.ts';
import { createSm2Signer, generateSm2KeyPair } from '../core/crypto/sm2.ts';
import { cfcaSm2File } from '../core/crypto/cfca-sm2-file.ts';
import { UNIONPAY_CN_COMPANY } from './wire/index.ts';

export type { Sm2Identity } from '../core/crypto/pki.ts';

export const TEST_PFX_PASSWORD = '000000';
/** the password of the generated CFCA .sm2 file (acpsdk.sm2.signCert.pwd): the simulator's choice */
export const TEST_SM2_FILE_PASSWORD = '123123';
/** the merchant's SM2 key and certificate as UnionPay's GM SDK reads them (acpsdk.sm2.signCert.path) */
const SM2_FILE = 'merchant-sm2-sign.sm2';

export interface RsaIdentity {
  certPem: string;
  certId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}
export interface MerchantRsaIdentity extends RsaIdentity {
  /** PKCS#12 with key, certificate and chain, for reference clients and SDKs */
  pfx: Buffer;
  pfxPassword: string;
}
export interface RsaPki {
  rootPem: string;
  middlePem: string;
  unionpay: RsaIdentity;
  merchant: MerchantRsaIdentity;
}
export interface Sm2Pki {
  rootPem: string;
  middlePem: string;
  unionpay: Sm2Identity;
  merchant: Sm2Identity;
}
export interface TestPki {
  dir?: string;
  manifest: PkiManifest;
  rsa: RsaPki;
  /** always present when generated; absent when a supplied directory has no SM2 files */
  sm2?: Sm2Pki;
}

export type PkiRole =
  | 'rsa.root'
  | 'rsa.middle'
  | 'rsa.unionpay.cert'
  | 'rsa.unionpay.key'
  | 'rsa.merchant.pfx'
  | 'rsa.merchant.cert'
  | 'sm2.root'
  | 'sm2.middle'
  | 'sm2.unionpay.cert'
  | 'sm2.unionpay.key'
  | 'sm2.merchant.cert'
  | 'sm2.merchant.key'
  | 'sm2.merchant.sm2';

export interface ManifestEntry {
  role: PkiRole;
  description: string;
  /** informational; the certificate's own serial is what counts */
  certId?: string;
  /** PKCS#12 password, the passphrase of an encrypted RSA key PEM, or a CFCA .sm2 file's password */
  password?: string;
  friendlyName?: string;
}
export interface PkiManifest {
  version: 1;
  generatedAt?: string;
  files: Record<string, ManifestEntry>;
}

export const MANIFEST_FILE = 'manifest.json';
const rootName = (alg: string) => testCaName(alg, 'ROOT');
const middleName = (alg: string) => testCaName(alg, 'OCA1');
const leafName = testLeafName;
const UNIONPAY_CN = `041@Z12345678@${UNIONPAY_CN_COMPANY}@00000001`;
const MERCHANT_CN = '041@Z00000000@channel-sim 测试商户@00000002';

// ---- RSA (node:crypto keys, node-forge certificates and PKCS#12) ------------------------------

function generateRsa(
  at: number,
  serial: () => bigint,
  [rootKeys, middleKeys, unionpayKeys, merchantKeys]: RsaKeys[],
): { pki: RsaPki; unionpayKeyPem: string } {
  if (!rootKeys || !middleKeys || !unionpayKeys || !merchantKeys) throw new Error('generateRsa needs four key pairs');
  const notBefore = new Date(at - DAY_MS);
  const caUsage = { keyCertSign: true, cRLSign: true };
  const root = rsaCertificate({
    serial: serial(),
    subject: rootName('RSA'),
    issuer: rootName('RSA'),
    notBefore,
    notAfter: yearsAfter(at, 20),
    publicKey: rootKeys.forgePublic,
    ca: true,
    usage: caUsage,
    signingKey: rootKeys.privateKey,
  });
  const middle = rsaCertificate({
    serial: serial(),
    subject: middleName('RSA'),
    issuer: rootName('RSA'),
    notBefore,
    notAfter: yearsAfter(at, 10),
    publicKey: middleKeys.forgePublic,
    ca: true,
    usage: caUsage,
    signingKey: rootKeys.privateKey,
    issuerCert: root,
  });
  const leaf = (cn: string, keys: RsaKeys, usage: Record<string, boolean>) =>
    rsaCertificate({
      serial: serial(),
      subject: leafName('RSA', cn),
      issuer: middleName('RSA'),
      notBefore,
      notAfter: yearsAfter(at, 5),
      publicKey: keys.forgePublic,
      ca: false,
      usage,
      signingKey: middleKeys.privateKey,
      issuerCert: middle,
    });
  const unionpay = leaf(UNIONPAY_CN, unionpayKeys, { digitalSignature: true });
  const merchant = leaf(MERCHANT_CN, merchantKeys, {
    digitalSignature: true,
    nonRepudiation: true,
    keyEncipherment: true,
  });
  const pfx = rsaPkcs12(merchantKeys.forgePrivate, [merchant, middle, root], TEST_PFX_PASSWORD, 'channel-sim merchant');
  const pem = forgePem;
  const identity = (c: Parameters<typeof forgePem>[0], k: RsaKeys): RsaIdentity => ({
    certPem: pem(c),
    certId: certIdOf(pem(c)),
    privateKey: k.privateKey,
    publicKey: k.publicKey,
  });
  return {
    pki: {
      rootPem: pem(root),
      middlePem: pem(middle),
      unionpay: identity(unionpay, unionpayKeys),
      merchant: { ...identity(merchant, merchantKeys), pfx, pfxPassword: TEST_PFX_PASSWORD },
    },
    unionpayKeyPem: unionpayKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

// ---- SM2 ----------------------------------------------------------------------------------------

function generateSm2(at: number, serial: () => bigint): Sm2Pki {
  const notBefore = new Date(at - DAY_MS);
  const [rootKey, middleKey, unionpayKey, merchantKey] = [
    generateSm2KeyPair(),
    generateSm2KeyPair(),
    generateSm2KeyPair(),
    generateSm2KeyPair(),
  ];
  const rootSigner = createSm2Signer(rootKey.privateKeyHex);
  const middleSigner = createSm2Signer(middleKey.privateKeyHex);
  const ca = (subject: NameAttribute[], publicKeyHex: string, years: number) =>
    createSm2Certificate({
      serial: serial(),
      subject,
      issuer: rootName('SM2'),
      notBefore,
      notAfter: yearsAfter(at, years),
      publicKeyHex,
      ca: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
      issuerSigner: rootSigner,
    });
  const leaf = (cn: string, privateKeyHex: string, publicKeyHex: string) =>
    sm2Identity(
      createSm2Certificate({
        serial: serial(),
        subject: leafName('SM2', cn),
        issuer: middleName('SM2'),
        notBefore,
        notAfter: yearsAfter(at, 5),
        publicKeyHex,
        ca: false,
        keyUsage: ['digitalSignature', 'nonRepudiation'],
        issuerSigner: middleSigner,
      }),
      privateKeyHex,
    );
  return {
    rootPem: ca(rootName('SM2'), rootKey.publicKeyHex, 20),
    middlePem: ca(middleName('SM2'), middleKey.publicKeyHex, 10),
    unionpay: leaf(UNIONPAY_CN, unionpayKey.privateKeyHex, unionpayKey.publicKeyHex),
    merchant: leaf(MERCHANT_CN, merchantKey.privateKeyHex, merchantKey.publicKeyHex),
  };
}

// ---- files ------------------------------------------------------------------------------------

type FileBody = string | Buffer;

function filesOf(rsa: RsaPki, unionpayKeyPem: string, sm2: Sm2Pki): Array<[string, ManifestEntry, FileBody]> {
  return [
    [
      'rsa-root.cer',
      { role: 'rsa.root', description: 'RSA root CA certificate (PEM), the trust anchor clients configure' },
      rsa.rootPem,
    ],
    [
      'rsa-middle.cer',
      { role: 'rsa.middle', description: 'RSA middle CA certificate (PEM), issuer of both signing certificates' },
      rsa.middlePem,
    ],
    [
      'unionpay-rsa-sign.cer',
      {
        role: 'rsa.unionpay.cert',
        description: 'upstream RSA signing certificate (PEM), sent as signPubKeyCert (signMethod 01)',
        certId: rsa.unionpay.certId,
      },
      rsa.unionpay.certPem,
    ],
    [
      'unionpay-rsa-sign.key.pem',
      {
        role: 'rsa.unionpay.key',
        description: 'upstream RSA signing private key (PKCS#8 PEM), the simulator signs responses with it',
      },
      unionpayKeyPem,
    ],
    [
      'merchant-rsa-sign.pfx',
      {
        role: 'rsa.merchant.pfx',
        description: 'merchant RSA signing key + certificate + chain (PKCS#12), for clients (signMethod 01)',
        certId: rsa.merchant.certId,
        password: rsa.merchant.pfxPassword,
        friendlyName: 'channel-sim merchant',
      },
      rsa.merchant.pfx,
    ],
    [
      'merchant-rsa-sign.cer',
      {
        role: 'rsa.merchant.cert',
        description: 'merchant RSA certificate (PEM), the simulator verifies requests with it',
        certId: rsa.merchant.certId,
      },
      rsa.merchant.certPem,
    ],
    ['sm2-root.cer', { role: 'sm2.root', description: 'SM2 root CA certificate (PEM, SM3withSM2)' }, sm2.rootPem],
    [
      'sm2-middle.cer',
      { role: 'sm2.middle', description: 'SM2 middle CA certificate (PEM, SM3withSM2)' },
      sm2.middlePem,
    ],
    [
      'unionpay-sm2-sign.cer',
      {
        role: 'sm2.unionpay.cert',
        description:
          'upstream SM2 signing certificate (PEM), sent as signPubKeyCert (signMethod 21); SM2 user ID = certId',
        certId: sm2.unionpay.certId,
      },
      sm2.unionpay.certPem,
    ],
    [
      'unionpay-sm2-sign.key.pem',
      { role: 'sm2.unionpay.key', description: 'upstream SM2 private key (PKCS#8 PEM, curve sm2p256v1)' },
      sm2PrivateKeyToPem(sm2.unionpay.privateKeyHex),
    ],
    [
      'merchant-sm2-sign.cer',
      {
        role: 'sm2.merchant.cert',
        description: 'merchant SM2 certificate (PEM); SM2 user ID = certId',
        certId: sm2.merchant.certId,
      },
      sm2.merchant.certPem,
    ],
    [
      'merchant-sm2-sign.key.pem',
      {
        role: 'sm2.merchant.key',
        description: 'merchant SM2 private key (PKCS#8 PEM, curve sm2p256v1), for clients (signMethod 21)',
      },
      sm2PrivateKeyToPem(sm2.merchant.privateKeyHex),
    ],
    sm2FileOf(sm2),
  ];
}

/** the merchant's SM2 key and certificate in CFCA's .sm2 form, beside the PEM files */
function sm2FileOf(sm2: Sm2Pki): [string, ManifestEntry, FileBody] {
  return [
    SM2_FILE,
    {
      role: 'sm2.merchant.sm2',
      description:
        "merchant SM2 key + certificate in CFCA's .sm2 format (Base64; the key SM4-CBC encrypted under the password), for UnionPay's GM SDK: acpsdk.sm2.signCert.path + acpsdk.sm2.signCert.pwd",
      certId: sm2.merchant.certId,
      password: TEST_SM2_FILE_PASSWORD,
    },
    cfcaSm2File(sm2.merchant.privateKeyHex, sm2.merchant.certPem, TEST_SM2_FILE_PASSWORD),
  ];
}

const secretMode = (role: PkiRole) => (/\.(key|pfx|sm2)$/.test(role) ? 0o600 : 0o644);

/**
 * A generated directory from before the .sm2 file existed gets it on load (the key and the
 * certificate are the directory's own); the manifest is rewritten last, as at generation.
 */
function withSm2File(pki: TestPki): TestPki {
  const dir = pki.dir;
  if (dir === undefined || !pki.sm2 || Object.values(pki.manifest.files).some((e) => e.role === 'sm2.merchant.sm2'))
    return pki;
  const [file, entry, body] = sm2FileOf(pki.sm2);
  writeFileSync(join(dir, file), body, { mode: secretMode(entry.role) });
  const manifest: PkiManifest = { ...pki.manifest, files: { ...pki.manifest.files, [file]: entry } };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return { ...pki, manifest };
}

export interface CreateTestPkiOptions {
  /** where the files live; reused if it holds a manifest.json, written otherwise */
  dir?: string;
  /** validity starts one day before this (the simulator clock's now) */
  now: number | Date;
}

/** Loads the PKI in `dir` if there is one, else generates it (and writes it when `dir` is set). */
export async function createTestPki(opts: CreateTestPkiOptions): Promise<TestPki> {
  if (opts.dir !== undefined && existsSync(join(opts.dir, MANIFEST_FILE))) return loadGenerated(opts.dir);
  return assemble(opts, await Promise.all([newRsaKeys(), newRsaKeys(), newRsaKeys(), newRsaKeys()]));
}

/**
 * A start's first step (the channel's prepare): the PKI generated into `dir` on the thread pool
 * unless it holds one. Nothing is loaded here: the runtime loads the directory once, after.
 */
export async function ensureTestPki(opts: CreateTestPkiOptions & { dir: string }): Promise<void> {
  if (!existsSync(join(opts.dir, MANIFEST_FILE))) await createTestPki(opts);
}

/** createTestPki without a promise: the RSA keys are generated on this thread (≈1 s, once). */
export function createTestPkiSync(opts: CreateTestPkiOptions): TestPki {
  if (opts.dir !== undefined && existsSync(join(opts.dir, MANIFEST_FILE))) return loadGenerated(opts.dir);
  return assemble(opts, [newRsaKeysSync(), newRsaKeysSync(), newRsaKeysSync(), newRsaKeysSync()]);
}

// ---- the record of a checked directory --------------------------------------------------------

/**
 * Beside the manifest of a directory the simulator generated: the SHA-256 of manifest.json and
 * of every file it names, as they were when generated or last fully checked. While it matches,
 * loading skips the checks that each key belongs to its certificate (SM2 public key derivation,
 * opening the PKCS#12: about a third of a second of a start) — the bytes are those that passed.
 * Any changed byte, a file added to the manifest or a missing record means the full checks, and
 * a new record once they pass. A supplied PKI directory (credentials.pkiDir) is always checked.
 */
export const CHECKED_FILE = 'checked.json';

/** the digest of the manifest and the files it names; undefined when one cannot be read */
function digestOf(dir: string): string | undefined {
  try {
    const manifestBytes = readFileSync(join(dir, MANIFEST_FILE));
    const { files } = JSON.parse(manifestBytes.toString('utf8')) as PkiManifest;
    const hash = createHash('sha256').update(manifestBytes);
    for (const file of Object.keys(files).sort()) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

function recordChecked(dir: string): void {
  const sha256 = digestOf(dir);
  if (sha256 === undefined) return;
  const what = `SHA-256 of ${MANIFEST_FILE} and the files it names, once they passed the key/certificate checks; while it matches, start-up skips them`;
  try {
    writeFileSync(join(dir, CHECKED_FILE), JSON.stringify({ sha256, what }, null, 2) + '\n');
  } catch {
    // a read-only directory only costs the checks at the next start
  }
}

function isChecked(dir: string): boolean {
  try {
    const { sha256 } = JSON.parse(readFileSync(join(dir, CHECKED_FILE), 'utf8')) as { sha256?: unknown };
    return typeof sha256 === 'string' && sha256 === digestOf(dir);
  } catch {
    return false;
  }
}

/** a generated directory, loaded again: the checks only when its bytes changed since they passed */
function loadGenerated(dir: string): TestPki {
  const checked = isChecked(dir);
  const loaded = readPkiDir(dir, checked);
  const pki = withSm2File(loaded);
  if (!checked || pki !== loaded) recordChecked(dir);
  return pki;
}

function assemble(opts: CreateTestPkiOptions, keys: RsaKeys[]): TestPki {
  const at = typeof opts.now === 'number' ? opts.now : opts.now.getTime();
  const serial = serialFactory();
  const { pki: rsa, unionpayKeyPem } = generateRsa(at, serial, keys);
  const sm2 = generateSm2(at, serial);
  const files = filesOf(rsa, unionpayKeyPem, sm2);
  const manifest: PkiManifest = {
    version: 1,
    generatedAt: new Date(at).toISOString(),
    files: Object.fromEntries(files.map(([f, e]) => [f, e])),
  };
  if (opts.dir !== undefined) {
    mkdirSync(opts.dir, { recursive: true });
    for (const [file, entry, body] of files) {
      writeFileSync(join(opts.dir, file), body, { mode: secretMode(entry.role) });
    }
    // Last, so an interrupted generation is redone rather than half-loaded.
    writeFileSync(join(opts.dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    recordChecked(opts.dir);
  }
  return { ...(opts.dir !== undefined ? { dir: opts.dir } : {}), manifest, rsa, sm2 };
}

// ---- loading ----------------------------------------------------------------------------------

function bootError(message: string, field?: string): SimError {
  return new SimError('SIM_ERR_BOOT_CONFIG', message, field === undefined ? {} : { field });
}

/** The merchant's key and certificate out of a PKCS#12, errors naming the file. */
function openPfx(pfx: Buffer, password: string, file: string): { certPem: string; privateKey: KeyObject } {
  try {
    return openPkcs12(pfx, password);
  } catch (e) {
    throw bootError(`${file}: ${(e as Error).message}`, file);
  }
}

/**
 * Reads a PKI directory through its manifest.json (roles, not file names, say what each file is,
 * so user-supplied files keep their names). RSA roles are required except rsa.merchant.cert
 * (taken from the PKCS#12); SM2 roles are all-or-nothing. Keys are checked against certificates.
 */
export function loadPkiFromDir(dir: string): TestPki {
  return readPkiDir(dir, false);
}

/** `checked`: the bytes are those that passed the key/certificate checks (CHECKED_FILE) */
function readPkiDir(dir: string, checked: boolean): TestPki {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: PkiManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PkiManifest;
  } catch (e) {
    throw bootError(`${manifestPath}: ${(e as Error).message}`, MANIFEST_FILE);
  }
  if (manifest === null || typeof manifest.files !== 'object' || manifest.files === null) {
    throw bootError(`${manifestPath}: "files" must map file names to { role, description }`, 'files');
  }
  const entries = Object.entries(manifest.files);
  const find = (role: PkiRole) => entries.find(([, e]) => e?.role === role);
  const need = (role: PkiRole): [string, ManifestEntry] => {
    const found = find(role);
    if (found === undefined) throw bootError(`${manifestPath}: no file with role ${role}`, role);
    return found;
  };
  const read = (file: string): Buffer => {
    try {
      return readFileSync(join(dir, file));
    } catch (e) {
      throw bootError(`${join(dir, file)}: ${(e as Error).message}`, file);
    }
  };
  const text = (role: PkiRole) => read(need(role)[0]).toString('utf8');
  /** Parse errors name the file they came from. */
  const parsing = <T>(role: PkiRole, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof SimError) throw e;
      const file = need(role)[0];
      throw bootError(`${join(dir, file)}: ${(e as Error).message}`, file);
    }
  };
  /** A certificate file as PEM: some kits ship .cer files as DER. */
  const certificate = (role: PkiRole): string => {
    const bytes = read(need(role)[0]);
    return parsing(role, () => {
      const x = new X509Certificate(bytes);
      return bytes.includes('-----BEGIN CERTIFICATE-----') ? bytes.toString('utf8') : x.toString();
    });
  };
  const matches = (key: KeyObject, pub: KeyObject) => checked || rsaKeysMatch(key, pub);

  // RSA
  const [upKeyFile, upKeyEntry] = need('rsa.unionpay.key');
  const unionpayKey = parsing('rsa.unionpay.key', () =>
    createPrivateKey(
      upKeyEntry.password === undefined ? read(upKeyFile) : { key: read(upKeyFile), passphrase: upKeyEntry.password },
    ),
  );
  const unionpayCert = certificate('rsa.unionpay.cert');
  const unionpayPublic = parsing('rsa.unionpay.cert', () => createPublicKey(unionpayCert));
  const unionpayCertId = parsing('rsa.unionpay.cert', () => certIdOf(unionpayCert));
  if (!matches(unionpayKey, unionpayPublic))
    throw bootError(`${upKeyFile}: the key does not match the rsa.unionpay.cert certificate`, upKeyFile);
  const [pfxFile, pfxEntry] = need('rsa.merchant.pfx');
  const pfx = read(pfxFile);
  const pfxPassword = pfxEntry.password ?? TEST_PFX_PASSWORD;
  const merchantCertRole: PkiRole = find('rsa.merchant.cert') !== undefined ? 'rsa.merchant.cert' : 'rsa.merchant.pfx';
  // The simulator verifies with the certificate and never signs as the merchant: a checked
  // directory's PKCS#12 (forge's pure-JS key derivation, the slowest step) is opened on first use.
  let merchant = checked && merchantCertRole === 'rsa.merchant.cert' ? undefined : openPfx(pfx, pfxPassword, pfxFile);
  const opened = () => (merchant ??= openPfx(pfx, pfxPassword, pfxFile));
  const merchantCertPem =
    merchantCertRole === 'rsa.merchant.cert' ? certificate('rsa.merchant.cert') : opened().certPem;
  const merchantPublic = parsing(merchantCertRole, () => createPublicKey(merchantCertPem));
  const merchantCertId = parsing(merchantCertRole, () => certIdOf(merchantCertPem));
  if (!checked && !matches(opened().privateKey, merchantPublic))
    throw bootError(`${pfxFile}: the key does not match the rsa.merchant.cert certificate`, pfxFile);
  const rsa: RsaPki = {
    rootPem: certificate('rsa.root'),
    middlePem: certificate('rsa.middle'),
    unionpay: { certPem: unionpayCert, certId: unionpayCertId, privateKey: unionpayKey, publicKey: unionpayPublic },
    merchant: {
      certPem: merchantCertPem,
      certId: merchantCertId,
      get privateKey() {
        return opened().privateKey;
      },
      publicKey: merchantPublic,
      pfx,
      pfxPassword,
    },
  };

  // SM2: all or nothing
  const sm2Roles: PkiRole[] = [
    'sm2.root',
    'sm2.middle',
    'sm2.unionpay.cert',
    'sm2.unionpay.key',
    'sm2.merchant.cert',
    'sm2.merchant.key',
  ];
  const present = sm2Roles.filter((r) => find(r) !== undefined);
  let sm2: Sm2Pki | undefined;
  if (present.length > 0) {
    const loadSm2Identity = (certRole: PkiRole, keyRole: PkiRole): Sm2Identity => {
      const key = parsing(keyRole, () => sm2PrivateKeyFromPem(text(keyRole)));
      const certPem = certificate(certRole);
      const certKey = parsing(certRole, () => sm2PublicKeyFromPem(certPem));
      // checked: the certificate's key is the private key's (no derivation); else derived and compared
      const id = parsing(certRole, () => sm2Identity(certPem, key, checked ? certKey : undefined));
      if (certKey !== id.publicKeyHex) {
        throw bootError(`${need(keyRole)[0]}: the key does not match the ${certRole} certificate`, need(keyRole)[0]);
      }
      return id;
    };
    sm2 = {
      rootPem: certificate('sm2.root'),
      middlePem: certificate('sm2.middle'),
      unionpay: loadSm2Identity('sm2.unionpay.cert', 'sm2.unionpay.key'),
      merchant: loadSm2Identity('sm2.merchant.cert', 'sm2.merchant.key'),
    };
  }
  return { dir, manifest, rsa, ...(sm2 !== undefined ? { sm2 } : {}) };
}
