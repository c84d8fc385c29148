/**
 * The Lakala provider under verification: the simulator from startProvider (start-provider.ts) at
 * the contract time, which generates its own PKI in its temporary data directory, and the merchant
 * credentials a merchant would configure Lakala's SDK with, read the way a merchant reads them:
 * GET /__admin/credentials, then the key file it names. States and the re-signing filter drive it
 * only through that public surface (wire and admin API); this module must not reach into the
 * simulator's runtime, store or keys.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { lakala } from '../../simulators/lakala/index.ts';
import { LAKALA_CONTRACT_NOW } from './lakala-fixtures.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

interface CredentialsView {
  appid: string;
  serial_no: string;
  paths: { test: string; production: string };
  sdk: { priKeyPath: string };
}

export interface LakalaProvider extends StartedProvider {
  appid: string;
  serialNo: string;
  merchantKey: KeyObject;
  paths: string[];
}

export async function startLakalaProvider(): Promise<LakalaProvider> {
  const sim = await startProvider(lakala, { now: LAKALA_CONTRACT_NOW });
  const view = (await sim.admin('GET', '/credentials')) as CredentialsView;
  return {
    ...sim,
    appid: view.appid,
    serialNo: view.serial_no,
    merchantKey: createPrivateKey(readFileSync(view.sdk.priKeyPath)),
    paths: [view.paths.test, view.paths.production],
    close: sim.close,
  };
}
