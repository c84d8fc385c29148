/**
 * A listening UnionPay simulator for integration tests, met the way a merchant meets it:
 * startSimulator('unionpay') (manual clock, time moves only through POST /__admin/clock/advance)
 * on a data directory whose test PKI is generated once per test file, and the merchant's
 * credentials from GET /__admin/credentials, read from the files it names (the PKCS#12 opened
 * with its password, the SM2 key PEM, the secure key). Requests are built and signed with the
 * committed wire (wire/signer.ts, wire/codec.ts) and sent over HTTP; responses are checked the way
 * the SDKs check them (signPubKeyCert chains to the root via the middle, the CN rule, the
 * signature). It must not grow test logic of its own.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { SimServer } from '../../simulators/core/build-server.ts';
import { certIdOf, checkUnionPayCn, contractQueryFields, verifyChain } from '../../simulators/unionpay/wire/index.ts';
import { sm2PrivateKeyFromPem, sm2PublicKeyFromPem } from '../../simulators/core/crypto/pki-sm2.ts';
import { createSm2Signer, type Sm2Signer } from '../../simulators/core/crypto/sm2.ts';
import type { UnionPayRuntime } from '../../simulators/unionpay/runtime.ts';
import {
  UNIONPAY_BACK_TRANS_PATH,
  encodeFormBody,
  formatTxnTime,
  parseUnionPayResponse,
  signUnionPay,
  verifyUnionPay,
  type UnionPaySignMethod,
} from '../../simulators/unionpay/wire/index.ts';
import { startSimulator, type StartedSimulator } from './simulator.ts';

/** what GET /__admin/credentials says (the parts the tests use) */
export interface UnionPayCredentialsView {
  merId: string;
  secureKey: string;
  backTransPath: string;
  rsa: Record<
    'merchantPfx' | 'merchantCert' | 'rootCert' | 'middleCert' | 'unionpaySignCert',
    { file: string; certId?: string; password?: string }
  >;
  sm2: Record<
    'merchantKey' | 'merchantCert' | 'rootCert' | 'middleCert' | 'unionpaySignCert',
    { file: string; certId?: string }
  >;
  [k: string]: unknown;
}

export interface MerchantKeys {
  merId: string;
  secureKey: string;
  rsa: { certId: string; key: KeyObject };
  sm2: { certId: string; signer: Sm2Signer };
  rsaRootPem: string;
  rsaMiddlePem: string;
  sm2RootPem: string;
  sm2MiddlePem: string;
}

export interface SendOptions {
  signMethod?: UnionPaySignMethod;
  /** x-sim-scenario */
  scenario?: string;
  /** sign with this instead (another certificate) */
  rsa?: { certId: string; key: KeyObject };
  sm2?: { certId: string; signer: Sm2Signer };
  secureKey?: string;
  /** change the signed fields before sending (tampering) */
  after?: (signed: Record<string, string>) => Record<string, string>;
  contentType?: string;
}

export interface UnionPayAnswer {
  status: number;
  headers: Headers;
  body: string;
  fields: Record<string, string>;
  /** the simulator's explanation of a refusal (x-sim-detail, decoded; '' when none) */
  detail: string;
}

export interface UnionPayHarness {
  app: SimServer<UnionPayRuntime>;
  baseUrl: string;
  dataDir: string;
  credentials: UnionPayCredentialsView;
  /** the simulator as startSimulator gave it (its typed admin client is sim.admin) */
  sim: StartedSimulator<UnionPayRuntime>;
  keys: MerchantKeys;
  /** a well-formed 78/20 request for a contract, with a fresh orderId and the clock's txnTime */
  query(contractId: string, overrides?: Record<string, string | undefined>): Record<string, string>;
  /** sign (unless opts.signMethod is absent in the fields and none given) and POST the form */
  send(fields: Record<string, string | undefined>, opts?: SendOptions): Promise<UnionPayAnswer>;
  /** POST any body to the gateway path */
  post(body: string, headers?: Record<string, string>, path?: string): Promise<UnionPayAnswer>;
  /** verify an answer as the SDKs do for its signMethod; returns what failed, or undefined */
  checkSignature(fields: Record<string, string>): string | undefined;
  admin<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }>;
  advance(ms: number): Promise<unknown>;
  now(): number;
  close(): Promise<void>;
}

let shared: string | undefined;
/** one data directory (and so one PKI generation) per test file */
function sharedDataDir(): string {
  if (!shared) {
    const dir = (shared = mkdtempSync(join(tmpdir(), 'unionpay-harness-')));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return shared;
}

let orderSeq = 0;

function openPfx(file: string, password: string): KeyObject {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(readFileSync(file).toString('binary')), password);
  const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]![0]!;
  return createPrivateKey(forge.pki.privateKeyToPem(bag.key as forge.pki.rsa.PrivateKey));
}

export async function createUnionPayHarness(
  opts: { dataDir?: string; credentials?: Record<string, unknown> } = {},
): Promise<UnionPayHarness> {
  const dataDir = opts.dataDir ?? sharedDataDir();
  const sim = await startSimulator<UnionPayRuntime>('unionpay', { dataDir, credentials: opts.credentials });
  const { app, baseUrl, now } = sim;
  const credentials = sim.credentials as unknown as UnionPayCredentialsView;
  const text = (f: string) => readFileSync(f, 'utf8');
  const keys: MerchantKeys = {
    merId: credentials.merId,
    secureKey: credentials.secureKey,
    rsa: {
      certId: credentials.rsa.merchantPfx.certId!,
      key: openPfx(credentials.rsa.merchantPfx.file, credentials.rsa.merchantPfx.password!),
    },
    sm2: {
      certId: credentials.sm2.merchantCert.certId!,
      signer: createSm2Signer(sm2PrivateKeyFromPem(text(credentials.sm2.merchantKey.file))),
    },
    rsaRootPem: text(credentials.rsa.rootCert.file),
    rsaMiddlePem: text(credentials.rsa.middleCert.file),
    sm2RootPem: text(credentials.sm2.rootCert.file),
    sm2MiddlePem: text(credentials.sm2.middleCert.file),
  };

  async function post(
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    path = UNIONPAY_BACK_TRANS_PATH,
  ): Promise<UnionPayAnswer> {
    const res = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    const detail = decodeURIComponent(res.headers.get('x-sim-detail') ?? '');
    return { status: res.status, headers: res.headers, body: text, fields: parseUnionPayResponse(text), detail };
  }

  return {
    app,
    baseUrl,
    dataDir,
    credentials,
    sim,
    keys,
    query(contractId, overrides = {}) {
      const fields: Record<string, string | undefined> = {
        ...contractQueryFields({
          merId: keys.merId,
          orderId: `Q${Date.now().toString(36)}${(++orderSeq).toString().padStart(6, '0')}`,
          txnTime: formatTxnTime(now()),
          contractId,
          planId: 'PLAN0001',
        }),
        ...overrides,
      };
      return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>;
    },
    async send(fields, o = {}) {
      const signMethod = o.signMethod ?? '01';
      let signed = signUnionPay(fields, {
        signMethod,
        ...(signMethod === '01' ? { certId: (o.rsa ?? keys.rsa).certId, rsaKey: (o.rsa ?? keys.rsa).key } : {}),
        ...(signMethod === '21' ? { certId: (o.sm2 ?? keys.sm2).certId, sm2: (o.sm2 ?? keys.sm2).signer } : {}),
        ...(signMethod === '11' || signMethod === '12' ? { secureKey: o.secureKey ?? keys.secureKey } : {}),
      });
      if (o.after) signed = o.after(signed);
      const headers: Record<string, string> = {
        'content-type': o.contentType ?? 'application/x-www-form-urlencoded;charset=UTF-8',
      };
      if (o.scenario) headers['x-sim-scenario'] = o.scenario;
      return post(encodeFormBody(signed), headers);
    },
    post,
    checkSignature(fields) {
      const m = fields.signMethod;
      if (m === '11' || m === '12')
        return verifyUnionPay(fields, { secureKey: keys.secureKey }) ? undefined : 'secure-key hash does not verify';
      const cert = fields.signPubKeyCert;
      if (!cert) return 'no signPubKeyCert';
      const [root, middle] = m === '21' ? [keys.sm2RootPem, keys.sm2MiddlePem] : [keys.rsaRootPem, keys.rsaMiddlePem];
      const chain = verifyChain(cert, middle, root, now());
      if (!chain.ok) return `chain: ${chain.reason}`;
      if (!checkUnionPayCn(cert)) return 'CN third part is not 中国银联股份有限公司';
      const ok =
        m === '21'
          ? verifyUnionPay(fields, { sm2PublicKey: sm2PublicKeyFromPem(cert), sm2UserId: certIdOf(cert) })
          : verifyUnionPay(fields, { rsaPublicKey: cert });
      return ok ? undefined : `signMethod ${m} signature does not verify`;
    },
    admin: sim.admin.raw,
    advance: sim.advance,
    now,
    close: sim.close,
  };
}
