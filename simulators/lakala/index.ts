/**
 * The Lakala (拉卡拉) open platform v3 channel, assembled: the wire (Authorization /
 * LKLAPI-SHA256withRSA requests, JSON answers signed in the Lklapi-* headers), 银直通签约解约查询
 * and the agreement events, the agreement state machine (no callbacks: the seed's operation is a
 * query; the notify certificate is only a credential), the runtime with its PKI, merchants and
 * merchant certificates, the credentials a client and Lakala's SDK need, and the admin routes.
 */
import { resolve } from 'node:path';
import type { Channel } from '../core/channel.ts';
import { registerLakalaAdminRoutes } from './admin-routes.ts';
import { lakalaEvents } from './events.ts';
import { signQry } from './operations.ts';
import {
  createLakalaRuntime,
  lakalaCredentialsFile,
  prepareLakala,
  type LakalaCredentials,
  type LakalaRuntime,
} from './runtime.ts';
import { lakalaMachines } from './states.ts';
import { PKI_FILES } from './test-pki.ts';
import { lakalaWire } from './wire-adapter.ts';
import { LAKALA_AUTH_SCHEME, SIGN_QRY_PATHS } from './wire/index.ts';
import { lakalaDescriptor } from './descriptor.ts';

function credentials(rt: LakalaRuntime): Record<string, unknown> {
  const { merchant, platform, notify } = rt.pki;
  const vc = rt.pki['verify-code'];
  const file = (f?: string) => (f === undefined ? undefined : resolve(f));
  return {
    appid: rt.primaryAppid,
    serial_no: merchant.serialNo,
    merchant_no: [...(rt.apps.get(rt.primaryAppid)?.keys() ?? [])][0],
    apps: [...rt.apps.entries()].map(([appid, m]) => ({ appid, merchants: [...m.values()] })),
    paths: { test: SIGN_QRY_PATHS[0], production: SIGN_QRY_PATHS[1] },
    ...(rt.publicUrl ? { serverUrl: rt.publicUrl } : {}),
    signature: `${LAKALA_AUTH_SCHEME}: Base64 SHA256withRSA over "appid\\nserial_no\\ntimestamp\\nnonce_str\\nbody\\n" (body = the exact bytes sent); answers: the same over "Lklapi-Appid\\nLklapi-Serial\\nLklapi-Timestamp\\nLklapi-Nonce\\nbody\\n" with the platform key`,
    strict: rt.strict,
    pkiDir: resolve(rt.pki.dir),
    pkiGenerated: rt.pkiGenerated,
    files: {
      merchantKey: {
        file: file(merchant.keyFile),
        serialNo: merchant.serialNo,
        sdk: 'priKeyPath',
        what: 'merchant API private key (PKCS#8 PEM): signs requests',
      },
      merchantCert: {
        file: file(merchant.certFile),
        serialNo: merchant.serialNo,
        sdk: 'serialNo (its serial, hex)',
        what: `merchant certificate (PEM); the simulator verifies requests with it. ${PKI_FILES.merchant.what}`,
      },
      platformCert: {
        file: file(platform.certFile),
        serialNo: platform.serialNo,
        sdk: 'lklCerPath',
        what: `${PKI_FILES.platform.what}; PEM text although named .cer, valid now`,
      },
      notifyCert: {
        file: file(notify.certFile),
        serialNo: notify.serialNo,
        sdk: 'lklNotifyCerPath',
        what: `${PKI_FILES.notify.what}; PEM text, valid now`,
      },
      verifyCodeCert: {
        file: file(vc.certFile),
        serialNo: vc.serialNo,
        what: `${PKI_FILES['verify-code'].what}: SHA256withRSA over agreement_no|merchant_no|cust_act|corp_act|protocol_code|sign_flag|result_state`,
      },
    },
    sdk: {
      appId: rt.primaryAppid,
      serialNo: merchant.serialNo,
      priKeyPath: file(merchant.keyFile),
      lklCerPath: file(platform.certFile),
      lklNotifyCerPath: file(notify.certFile),
      serverUrl: rt.publicUrl ?? 'http://127.0.0.1:8101',
    },
    ...(rt.credentialsFile ? { credentialsFile: resolve(rt.credentialsFile) } : {}),
    merchantCertsDir: resolve(rt.merchantCertsDir),
    merchantCerts: [...rt.certs.values()].map((c) => ({
      serialNo: c.serialNo,
      source: c.source,
      ...(c.appid ? { appid: c.appid } : {}),
    })),
  };
}

export const lakala: Channel<LakalaRuntime, LakalaCredentials> = {
  name: lakalaDescriptor.name,
  title: lakalaDescriptor.title,
  defaultPort: lakalaDescriptor.defaultPort,
  bodyLimit: 64 * 1024,
  machines: lakalaMachines,
  operations: [signQry, ...lakalaEvents],
  wire: lakalaWire,
  credentialsFile: lakalaCredentialsFile,
  createRuntime: createLakalaRuntime,
  prepare: prepareLakala,
  credentials,
  adminRoutes: registerLakalaAdminRoutes,
};
