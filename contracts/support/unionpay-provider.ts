/**
 * The UnionPay provider under verification: the simulator from startProvider (start-provider.ts)
 * at the contract time, which generates its own PKI in its temporary data directory, and the
 * merchant credentials a merchant would use with it, read the way a merchant reads them:
 * GET /__admin/credentials, then the files it names (the PKCS#12 with its password, the SM2 key
 * and certificate) and the secure key. States and the re-signing filter drive it only through
 * that public surface (wire and admin API); this module must not reach into the simulator's
 * runtime, store or keys.
 */
import { readFileSync } from 'node:fs';
import type { UnionPayCredentials } from '../../clients/unionpay.ts';
import { unionpay } from '../../simulators/unionpay/index.ts';
import type { UnionPaySignMethod } from '../../simulators/unionpay/wire/index.ts';
import { UNIONPAY_CONTRACT_NOW } from './unionpay-fixtures.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

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

export interface UnionPayProvider extends StartedProvider {
  /** the simulator's own merchant: its merId and what to sign each family with */
  merId: string;
  backTransPath: string;
  signingCredentials(signMethod: UnionPaySignMethod): UnionPayCredentials;
  /** POST /__admin/unionpay/contracts */
  createContract(init: ContractInit): Promise<void>;
}

export async function startUnionPayProvider(): Promise<UnionPayProvider> {
  const sim = await startProvider(unionpay, { now: UNIONPAY_CONTRACT_NOW });
  const view = (await sim.admin('GET', '/credentials')) as CredentialsView;
  if (!view.sm2) {
    await sim.close();
    throw new Error('the simulator reports no SM2 credentials; the contract has a signMethod 21 interaction');
  }
  const sm2 = view.sm2;
  // one object per family: the client's signer caches the opened PKCS#12 per credentials object
  const credentials: Record<UnionPaySignMethod, UnionPayCredentials> = {
    '01': { signMethod: '01', pfx: readFileSync(view.rsa.merchantPfx.file), password: view.rsa.merchantPfx.password },
    '21': {
      signMethod: '21',
      privateKeyPem: readFileSync(sm2.merchantKey.file, 'utf8'),
      certPem: readFileSync(sm2.merchantCert.file, 'utf8'),
    },
    '11': { signMethod: '11', secureKey: view.secureKey },
    '12': { signMethod: '12', secureKey: view.secureKey },
  };

  return {
    ...sim,
    merId: view.merId,
    backTransPath: view.backTransPath,
    signingCredentials: (signMethod) => credentials[signMethod],
    async createContract(init) {
      await sim.admin('POST', '/unionpay/contracts', init);
    },
    close: sim.close,
  };
}
