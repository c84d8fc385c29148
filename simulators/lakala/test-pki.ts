/**
 * The Lakala simulator's test PKI: the merchant's RSA key (PKCS#8 PEM, what the SDK's
 * `priKeyPath` reads) and certificate (its hex serial is the `serial_no` requests carry),
 * Lakala's platform certificate and key (`lklCerPath`; the simulator signs answers with the key),
 * Lakala's notify certificate and key (`lklNotifyCerPath`; only a credential here: this channel
 * sends no notifications), and the 1024-bit key `verify_code` is signed with, with its
 * certificate. Every certificate is PEM text even when named `.cer` (the SDK reads them as UTF-8)
 * and valid now (the SDK calls checkValidity() at start-up). Generated once into
 * `<dataDir>/lakala/` with a manifest.json of roles, and reloaded from there. The certificate
 * machinery is the core's (core/crypto/pki.ts); it must not sign wire messages.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimError } from '../core/errors.ts';
import {
  DAY_MS,
  forgePem,
  newRsaKeys,
  newRsaKeysSync,
  rsaCertificate,
  rsaKeysMatch,
  serialFactory,
  serialHexOf,
  yearsAfter,
  type NameAttribute,
  type RsaKeys,
} from '../core/crypto/pki.ts';

export type LakalaPkiRole = 'merchant' | 'platform' | 'notify' | 'verify-code';
export const PKI_ROLES: readonly LakalaPkiRole[] = ['merchant', 'platform', 'notify', 'verify-code'];

export interface LakalaIdentity {
  certPem: string;
  /** the certificate serial in lower-case hex without leading zeros (what the SDKs send and compare) */
  serialNo: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certFile?: string;
  keyFile?: string;
}

export type LakalaPki = Record<LakalaPkiRole, LakalaIdentity> & { dir: string; generatedAt?: string };

interface ManifestEntry {
  role: `${LakalaPkiRole}.cert` | `${LakalaPkiRole}.key`;
  description: string;
  serialNo?: string;
}
interface Manifest {
  version: 1;
  generatedAt?: string;
  files: Record<string, ManifestEntry>;
}

export const MANIFEST_FILE = 'manifest.json';

/** file names, as Lakala's own test kit names them where it has a name for them */
const FILES: Record<LakalaPkiRole, { cert: string; key: string; cn: string; what: string; bits: number }> = {
  merchant: {
    cert: 'merchant_cert.cer',
    key: 'merchant_private_key.pem',
    cn: 'channel-sim 测试商户 OP00000003',
    what: "merchant's API certificate: its hex serial is serial_no",
    bits: 2048,
  },
  platform: {
    cert: 'lkl-apigw-v2.cer',
    key: 'lkl-apigw-v2.key.pem',
    cn: 'channel-sim TEST lkl-apigw-v2',
    what: "Lakala's platform certificate: answers are signed with its key (Lklapi-Serial)",
    bits: 2048,
  },
  notify: {
    cert: 'lkl-notify.cer',
    key: 'lkl-notify.key.pem',
    cn: 'channel-sim TEST lkl-notify',
    what: "Lakala's notify certificate (notifications would be signed with its key; none are sent here)",
    bits: 2048,
  },
  'verify-code': {
    cert: 'verify-code.cer',
    key: 'verify-code.key.pem',
    cn: 'channel-sim TEST verify-code',
    what: 'the 1024-bit key resp_data.verify_code is signed with',
    bits: 1024,
  },
};

const bootError = (message: string, field?: string) =>
  new SimError('SIM_ERR_BOOT_CONFIG', message, field === undefined ? {} : { field });

function selfSigned(cn: string, keys: RsaKeys, serial: bigint, at: number): string {
  const name: NameAttribute[] = [
    { type: 'C', value: 'CN' },
    { type: 'O', value: 'channel-sim' },
    { type: 'CN', value: cn },
  ];
  return forgePem(
    rsaCertificate({
      serial,
      subject: name,
      issuer: name,
      notBefore: new Date(at - DAY_MS),
      notAfter: yearsAfter(at, 5),
      publicKey: keys.forgePublic,
      ca: false,
      usage: { digitalSignature: true, nonRepudiation: true },
      signingKey: keys.privateKey,
    }),
  );
}

/** the PKI written into `dir` with these keys, one per role in PKI_ROLES order */
function generate(dir: string, at: number, roleKeys: RsaKeys[]): LakalaPki {
  const serial = serialFactory();
  const manifest: Manifest = { version: 1, generatedAt: new Date(at).toISOString(), files: {} };
  const out: Partial<Record<LakalaPkiRole, LakalaIdentity>> = {};
  mkdirSync(dir, { recursive: true });
  for (const [i, role] of PKI_ROLES.entries()) {
    const f = FILES[role];
    const keys = roleKeys[i]!;
    const certPem = selfSigned(f.cn, keys, serial(), at);
    const serialNo = serialHexOf(certPem);
    const keyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, f.key), keyPem, { mode: 0o600 });
    writeFileSync(join(dir, f.cert), certPem, { mode: 0o644 });
    manifest.files[f.cert] = { role: `${role}.cert`, description: f.what, serialNo };
    manifest.files[f.key] = { role: `${role}.key`, description: `private key (PKCS#8 PEM) of ${f.cert}` };
    out[role] = {
      certPem,
      serialNo,
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      certFile: join(dir, f.cert),
      keyFile: join(dir, f.key),
    };
  }
  // last, so an interrupted generation is redone rather than half-loaded
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return { ...(out as Record<LakalaPkiRole, LakalaIdentity>), dir, generatedAt: manifest.generatedAt };
}

/** a PKI directory through its manifest.json (roles, not names, say what each file is); errors name the file */
export function loadLakalaPki(dir: string): LakalaPki {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    throw bootError(`${manifestPath}: ${(e as Error).message}`, MANIFEST_FILE);
  }
  const entries = Object.entries(manifest?.files ?? {});
  const fileOf = (role: ManifestEntry['role']) => {
    const found = entries.find(([, e]) => e?.role === role);
    if (!found) throw bootError(`${manifestPath}: no file with role ${role}`, role);
    return join(dir, found[0]);
  };
  const out: Partial<Record<LakalaPkiRole, LakalaIdentity>> = {};
  for (const role of PKI_ROLES) {
    const certFile = fileOf(`${role}.cert`);
    const keyFile = fileOf(`${role}.key`);
    try {
      const certPem = new X509Certificate(readFileSync(certFile)).toString();
      const privateKey = createPrivateKey(readFileSync(keyFile));
      const publicKey = createPublicKey(certPem);
      if (!rsaKeysMatch(privateKey, publicKey)) throw new Error(`the key in ${keyFile} does not match ${certFile}`);
      out[role] = { certPem, serialNo: serialHexOf(certPem), privateKey, publicKey, certFile, keyFile };
    } catch (e) {
      if (e instanceof SimError) throw e;
      throw bootError(`${certFile}: ${(e as Error).message}`, role);
    }
  }
  return {
    ...(out as Record<LakalaPkiRole, LakalaIdentity>),
    dir,
    ...(manifest.generatedAt ? { generatedAt: manifest.generatedAt } : {}),
  };
}

/** the PKI in `dir` if there is one (a manifest.json), else a new one written there (≈0.5 s on this thread, once) */
export function loadOrCreateLakalaPki(dir: string, now: number): LakalaPki {
  if (existsSync(join(dir, MANIFEST_FILE))) return loadLakalaPki(dir);
  return generate(
    dir,
    now,
    PKI_ROLES.map((r) => newRsaKeysSync(FILES[r].bits)),
  );
}

/** a new PKI written into `dir` unless it holds one, its keys made on the thread pool all at once (for prepare) */
export async function createLakalaPki(dir: string, now: number): Promise<void> {
  if (existsSync(join(dir, MANIFEST_FILE))) return;
  const keys = await Promise.all(PKI_ROLES.map((r) => newRsaKeys(FILES[r].bits)));
  // another start may have written one meanwhile: the first one stays
  if (!existsSync(join(dir, MANIFEST_FILE))) generate(dir, now, keys);
}

export const PKI_FILES = FILES;
