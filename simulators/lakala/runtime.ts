/**
 * What the Lakala simulator holds besides agreements: its PKI (generated once into
 * `<dataDir>/lakala/`, parsed once into key objects), the apps it knows (appid → the merchants
 * configured for it, each with the enterprise_num and corp_bank_code values valid for it: from
 * the credentials file the core keeps, and the admin API), the merchant certificates requests are
 * verified with (by hex serial: the generated one, the files in `merchant-certs/`, and those
 * registered through the admin API), and strict mode. No request is answered by generating or
 * parsing a key.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { ChannelConfig, CredentialsSpec } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';
import { loadCertDir } from '../core/cert-dir.ts';
import { createLakalaPki, loadLakalaPki, loadOrCreateLakalaPki, type LakalaPki } from './test-pki.ts';
import { normaliseSerial, serialHexOf } from './wire/index.ts';

/** Lakala's documented test appid (its SDK samples use it) */
export const DEFAULT_APPID = 'OP00000003';
/** the seed's merchant_no; both of the seed's examples are valid for it */
export const DEFAULT_MERCHANT_NO = '4002024052370293947';

export interface LakalaMerchant {
  merchant_no: string;
  /** the enterprise_num values valid for this merchant (empty or absent: any) */
  enterprise_num?: string[];
  /** the corp_bank_code values valid for this merchant (empty or absent: any) */
  corp_bank_code?: string[];
}

export interface LakalaApp {
  appid: string;
  merchants: LakalaMerchant[];
}

export interface LakalaCredentials extends LakalaApp {
  /** more apps, for multi-tenant tests */
  apps?: LakalaApp[];
  /** a PKI directory with a manifest.json (test-pki.ts) instead of the one generated into <dataDir>/lakala/ */
  pkiDir?: string;
  /** refuse what is otherwise a journal warning: a stale timestamp, an enterprise_num over String(10) */
  strict?: boolean;
}

export interface MerchantCert {
  serialNo: string;
  certPem: string;
  publicKey: KeyObject;
  /** only this appid may sign with it; absent: any configured appid */
  appid?: string;
  source: 'generated' | 'merchant-certs-dir' | 'admin';
  file?: string;
  subject: string;
  validFrom: string;
  validTo: string;
}

export interface LakalaRuntime {
  clock: Clock;
  pki: LakalaPki;
  /** the PKI is the one the simulator generated (no credentials.pkiDir) */
  pkiGenerated: boolean;
  primaryAppid: string;
  apps: Map<string, Map<string, LakalaMerchant>>;
  strict: boolean;
  credentialsFile?: string;
  merchantCertsDir: string;
  publicUrl?: string;
  /** by normalised hex serial */
  certs: Map<string, MerchantCert>;
  /** verify_code by the message it signs (verify-code.ts) */
  verifyCodes: Map<string, string>;
  registerMerchantCert(cert: string | Buffer, opts: Pick<MerchantCert, 'appid' | 'source' | 'file'>): MerchantCert;
  addMerchant(appid: string, merchant: LakalaMerchant): void;
}

export function generateLakalaCredentials(): LakalaCredentials {
  return {
    appid: DEFAULT_APPID,
    merchants: [
      {
        merchant_no: DEFAULT_MERCHANT_NO,
        enterprise_num: ['HN43000009023690002', 'QT330001'],
        corp_bank_code: ['GJ101', 'BR105'],
      },
    ],
  };
}

const isStrings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
function appProblem(a: unknown, where: string): string | undefined {
  const app = a as LakalaApp;
  if (typeof app !== 'object' || app === null || typeof app.appid !== 'string' || app.appid === '')
    return `${where}needs "appid" (a non-empty string)`;
  if (!Array.isArray(app.merchants))
    return `${where}"merchants" must be a list of { merchant_no, enterprise_num?, corp_bank_code? }`;
  for (const m of app.merchants) {
    if (typeof m?.merchant_no !== 'string' || m.merchant_no === '') return `${where}every merchant needs "merchant_no"`;
    if (!isStrings(m.enterprise_num) || !isStrings(m.corp_bank_code))
      return `${where}merchant ${m.merchant_no}: "enterprise_num" and "corp_bank_code" must be lists of strings`;
  }
  return undefined;
}

export const lakalaCredentialsFile: CredentialsSpec<LakalaCredentials> = {
  generate: generateLakalaCredentials,
  check(c) {
    const top = appProblem(c, '');
    if (top) return top;
    const apps = (c as LakalaCredentials).apps;
    if (apps !== undefined && !Array.isArray(apps)) return '"apps" must be a list of { appid, merchants }';
    for (const [i, a] of (apps ?? []).entries()) {
      const p = appProblem(a, `apps[${i}]: `);
      if (p) return p;
    }
    const pkiDir = (c as LakalaCredentials).pkiDir;
    if (pkiDir !== undefined && (typeof pkiDir !== 'string' || pkiDir === ''))
      return '"pkiDir" must be a directory path';
    const strict = (c as LakalaCredentials).strict;
    return strict === undefined || typeof strict === 'boolean' ? undefined : '"strict" must be true or false';
  },
};

/** A certificate (PEM or DER) → a registry entry. Throws a plain Error saying what is wrong. */
export function parseMerchantCert(
  cert: string | Buffer,
  opts: Pick<MerchantCert, 'appid' | 'source' | 'file'>,
): MerchantCert {
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`not an X.509 certificate (PEM or DER): ${(e as Error).message}`);
  }
  const publicKey = createPublicKey(x.toString());
  if (publicKey.asymmetricKeyType !== 'rsa')
    throw new Error(`a ${publicKey.asymmetricKeyType ?? 'unknown'} key: LKLAPI-SHA256withRSA needs an RSA certificate`);
  const pem = x.toString();
  return {
    serialNo: serialHexOf(pem),
    certPem: pem,
    publicKey,
    source: opts.source,
    subject: x.subject.replace(/\n/g, ', '),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    ...(opts.appid ? { appid: opts.appid } : {}),
    ...(opts.file ? { file: opts.file } : {}),
  };
}

/** where the simulator keeps what it generated for Lakala (the PKI, merchant-certs/) */
const lakalaHome = (config: ChannelConfig) => join(config.dataDir, 'lakala');

/** Channel.prepare: the PKI generated on the thread pool before the runtime loads it (unless one is supplied) */
export async function prepareLakala(config: ChannelConfig, env: { now: number; credentials?: LakalaCredentials }) {
  if (env.credentials?.pkiDir === undefined) await createLakalaPki(lakalaHome(config), env.now);
}

export function createLakalaRuntime(
  config: ChannelConfig,
  env: { clock: Clock; credentials?: LakalaCredentials; credentialsFile?: string },
): LakalaRuntime {
  const creds = env.credentials ?? generateLakalaCredentials();
  const home = lakalaHome(config);
  const generated = creds.pkiDir === undefined;
  const pki = generated ? loadOrCreateLakalaPki(home, env.clock.now()) : loadLakalaPki(creds.pkiDir!);
  const apps = new Map<string, Map<string, LakalaMerchant>>();
  const addMerchant = (appid: string, m: LakalaMerchant) => {
    let merchants = apps.get(appid);
    if (!merchants) apps.set(appid, (merchants = new Map()));
    merchants.set(m.merchant_no, m);
  };
  for (const app of [creds, ...(creds.apps ?? [])]) {
    if (!apps.has(app.appid)) apps.set(app.appid, new Map());
    for (const m of app.merchants) addMerchant(app.appid, m);
  }
  const certs = new Map<string, MerchantCert>();
  const registerMerchantCert: LakalaRuntime['registerMerchantCert'] = (cert, opts) => {
    const entry = parseMerchantCert(cert, opts);
    certs.set(normaliseSerial(entry.serialNo)!, entry);
    return entry;
  };
  registerMerchantCert(pki.merchant.certPem, { source: 'generated', file: pki.merchant.certFile });
  const merchantCertsDir = join(home, 'merchant-certs');
  loadCertDir(merchantCertsDir, registerMerchantCert);
  return {
    clock: env.clock,
    pki,
    pkiGenerated: generated,
    primaryAppid: creds.appid,
    apps,
    strict: creds.strict === true,
    ...(env.credentialsFile ? { credentialsFile: env.credentialsFile } : {}),
    merchantCertsDir,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    certs,
    verifyCodes: new Map(),
    registerMerchantCert,
    addMerchant,
  };
}
