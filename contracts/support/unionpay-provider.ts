/**
 * The UnionPay provider under verification: the real simulator (startSimulator: the repository's
 * scenarios, a manual clock at the contract time, a temporary data directory in which it
 * generates its own PKI) listening on a free port, and the merchant credentials a merchant would
 * use with it, read the way a merchant reads them: GET /__admin/credentials, then the files it
 * names (the PKCS#12 with its password, the SM2 key and certificate) and the secure key. States
 * and the request filter drive it only through that public surface (wire and admin API); this
 * module must not reach into the simulator's runtime, store or keys.
 */
import { readFileSync } from 'node:fs';
import type { UnionPayCredentials } from '../../clients/unionpay.ts';
import { createClock } from '../../simulators/core/clock.ts';
import type { UnionPaySignMethod } from '../../simulators/unionpay/wire/index.ts';
import { startSimulator } from '../../test/support/simulator.ts';
import { UNIONPAY_CONTRACT_NOW } from './unionpay-fixtures.ts';

/** the parts of GET /__admin/credentials a merchant needs to sign */
interface CredentialsView {
  merId: string;
  secureKey: string;
  backTransPath: string;
  rsa: { merchantPfx: { file: string; password: string; certId: string } };
  sm2?: { merchantKey: { file: string }; merchantCert: { file: string; certId: string } };
}

export interface ContractInit {
  contractId: string;
  planId: string;
  merId?: string;
  tokenStatus?: '0' | '1' | '2' | '3';
  tokenEndExpr?: string;
  scenario?: string;
}

export interface UnionPayProvider {
  baseUrl: string;
  /** the simulator's own merchant: its merId and what to sign each family with */
  merId: string;
  backTransPath: string;
  signingCredentials(signMethod: UnionPaySignMethod): UnionPayCredentials;
  /** forget every contract, override and remembered orderId (duplicates) */
  reset(): Promise<void>;
  /** POST /__admin/unionpay/contracts */
  createContract(init: ContractInit): Promise<void>;
  close(): Promise<void>;
}

export async function startUnionPayProvider(): Promise<UnionPayProvider> {
  const sim = await startSimulator('unionpay', { clock: createClock({ mode: 'manual', start: UNIONPAY_CONTRACT_NOW }) });
  const { baseUrl, admin } = sim;
  const view = sim.credentials as unknown as CredentialsView;
  if (!view.sm2) throw new Error('the simulator reports no SM2 credentials; the contract has a signMethod 21 interaction');
  const sm2 = view.sm2;
  // one object per family: the client's signer caches the opened PKCS#12 per credentials object
  const credentials: Record<UnionPaySignMethod, UnionPayCredentials> = {
    '01': { signMethod: '01', pfx: readFileSync(view.rsa.merchantPfx.file), password: view.rsa.merchantPfx.password },
    '21': { signMethod: '21', privateKeyPem: readFileSync(sm2.merchantKey.file, 'utf8'), certPem: readFileSync(sm2.merchantCert.file, 'utf8') },
    '11': { signMethod: '11', secureKey: view.secureKey },
    '12': { signMethod: '12', secureKey: view.secureKey },
  };

  return {
    baseUrl,
    merId: view.merId,
    backTransPath: view.backTransPath,
    signingCredentials: (signMethod) => credentials[signMethod],
    async reset() {
      await admin.reset();
    },
    async createContract(init) {
      await admin.request('POST', '/unionpay/contracts', init);
    },
    close: sim.close,
  };
}
