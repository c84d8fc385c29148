/**
 * The UnionPay (银联) ACP 5.1.0 channel, assembled: the wire (form requests, raw signed k=v
 * responses in four signature families), the contract query and the contract events, the
 * contract state machine (no callbacks: 78/20 has no 后台通知), the runtime with its PKI and merchant
 * certificates, the credentials a client needs, and the channel's admin routes. A contract that
 * expires gets a tokenEndExpr in the past (onTransition); nothing else follows a state change.
 */
import { resolve } from 'node:path';
import type { Channel } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import type { PkiRole } from './test-pki.ts';
import { registerUnionPayAdminRoutes } from './admin-routes.ts';
import { contractKind, pastTokenEnd, unionpayOperations } from './operations.ts';
import { createUnionPayRuntime, pkiFile, prepareUnionPay, type UnionPayRuntime } from './runtime.ts';
import { unionpayMachines } from './states.ts';
import { unionpayWire } from './wire-adapter.ts';
import { UNIONPAY_BACK_TRANS_PATH } from './wire/index.ts';
import { unionpayDescriptor } from './descriptor.ts';

function onTransition(order: Order, _from: string, to: string, { now }: { now: number }): void {
  if (order.kind !== 'contract' || to !== 'EXPIRED') return;
  const d = contractKind.data(order);
  const past = pastTokenEnd(now);
  if (d.tokenEndExpr > past) d.tokenEndExpr = past;
}

/**
 * The CFCA .sm2 file and what it fills in UnionPay's GM SDK (acp_sdk.properties): the signing
 * key and certificate (path + password), with the SM2 chain and the secure key beside it.
 */
function sm2FileCredentials(rt: UnionPayRuntime): Record<string, unknown> {
  const file = (role: PkiRole) => resolve(pkiFile(rt.pki, role)!);
  const entry = Object.values(rt.pki.manifest.files).find((e) => e.role === 'sm2.merchant.sm2');
  return {
    file: file('sm2.merchant.sm2'),
    password: entry?.password,
    certId: rt.pki.sm2?.merchant.certId,
    what: "merchant SM2 key + certificate in CFCA's .sm2 format, the only form UnionPay's GM SDK reads the signing key from (signMethod 21)",
    sdkProperties: {
      'acpsdk.sm2.signCert.path': file('sm2.merchant.sm2'),
      'acpsdk.sm2.signCert.pwd': entry?.password,
      'acpsdk.sm2.rootCert.path': file('sm2.root'),
      'acpsdk.sm2.middleCert.path': file('sm2.middle'),
      'acpsdk.sm2.secureKey': rt.secureKey,
    },
  };
}

function credentials(rt: UnionPayRuntime): Record<string, unknown> {
  const file = (role: PkiRole) => {
    const f = pkiFile(rt.pki, role);
    return f === undefined ? undefined : resolve(f);
  };
  const { rsa, sm2 } = rt.pki;
  return {
    merId: rt.merId,
    backTransPath: UNIONPAY_BACK_TRANS_PATH,
    ...(rt.publicUrl ? { backTransUrl: `${rt.publicUrl}${UNIONPAY_BACK_TRANS_PATH}` } : {}),
    version: '5.1.0',
    signMethods: {
      '01': 'RSA: SHA256withRSA over the lower-case SHA-256 hex of the sorted k=v string; certId = merchant certificate serial (decimal)',
      '21': 'SM2: over the lower-case SM3 hex of the sorted k=v string, SM2 user ID = certId, raw r‖s Base64',
      '11': 'secure key: sha256hex(sorted k=v string + "&" + sha256hex(secureKey))',
      '12': 'secure key: sm3hex(sorted k=v string + "&" + sm3hex(secureKey))',
    },
    pkiDir: resolve(rt.pkiDir),
    pkiGenerated: rt.pkiGenerated,
    rsa: {
      merchantPfx: {
        file: file('rsa.merchant.pfx'),
        password: rsa.merchant.pfxPassword,
        certId: rsa.merchant.certId,
        what: 'merchant signing key + certificate + chain (PKCS#12) for signMethod 01',
      },
      merchantCert: {
        file: file('rsa.merchant.cert'),
        certId: rsa.merchant.certId,
        what: 'merchant RSA certificate (PEM); the simulator verifies requests with it',
      },
      rootCert: {
        file: file('rsa.root'),
        what: 'root CA (PEM): the trust anchor for signPubKeyCert (SDK acpsdk.rootCert.path)',
      },
      middleCert: {
        file: file('rsa.middle'),
        what: 'middle CA (PEM) that issued signPubKeyCert (SDK acpsdk.middleCert.path)',
      },
      unionpaySignCert: {
        file: file('rsa.unionpay.cert'),
        certId: rsa.unionpay.certId,
        what: 'UnionPay signing certificate, sent as signPubKeyCert in signMethod 01 responses',
      },
    },
    ...(sm2
      ? {
          sm2: {
            ...(file('sm2.merchant.sm2') === undefined ? {} : { merchantSm2File: sm2FileCredentials(rt) }),
            merchantKey: {
              file: file('sm2.merchant.key'),
              what: 'merchant SM2 private key (PKCS#8 PEM) for signMethod 21',
            },
            merchantCert: {
              file: file('sm2.merchant.cert'),
              certId: sm2.merchant.certId,
              what: 'merchant SM2 certificate (PEM); its certId is the SM2 user ID',
            },
            rootCert: { file: file('sm2.root'), what: 'SM2 root CA (PEM)' },
            middleCert: { file: file('sm2.middle'), what: 'SM2 middle CA (PEM)' },
            unionpaySignCert: {
              file: file('sm2.unionpay.cert'),
              certId: sm2.unionpay.certId,
              what: 'UnionPay SM2 signing certificate, sent as signPubKeyCert in signMethod 21 responses; user ID = its certId',
            },
          },
        }
      : {}),
    secureKey: rt.secureKey,
    merchants: [...rt.merchants.values()].map((m) => ({ merId: m.merId, secureKey: m.secureKey, source: m.source })),
    ...(rt.secureKeyFile ? { secureKeyFile: resolve(rt.secureKeyFile) } : {}),
    merchantCertsDir: resolve(rt.merchantCertsDir),
    merchantCerts: [...rt.certs.values()].map((c) => ({
      certId: c.certId,
      kind: c.kind,
      source: c.source,
      merId: c.merId,
    })),
    responses:
      'raw k=v string, text/html;charset=UTF-8 (as the UnionPay gateway), not URL-encoded; 01/21 carry signPubKeyCert (CRLF PEM) chaining to rootCert via middleCert',
  };
}

export const unionpay: Channel<UnionPayRuntime> = {
  name: unionpayDescriptor.name,
  title: unionpayDescriptor.title,
  defaultPort: unionpayDescriptor.defaultPort,
  bodyLimit: 64 * 1024,
  machines: unionpayMachines,
  operations: unionpayOperations,
  wire: unionpayWire,
  createRuntime: createUnionPayRuntime,
  prepare: prepareUnionPay,
  credentials,
  onTransition,
  adminRoutes: registerUnionPayAdminRoutes,
};
