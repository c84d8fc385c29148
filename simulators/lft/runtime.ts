/**
 * What the LFT simulator needs besides orders: the apps it knows (appId + MD5 key: generated on
 * first start and kept in the data directory by the core, or supplied), the bank-branch
 * directory for 联行号查询, and the clock for timestamps. Sequences for the ids it hands out are
 * the core's (ctx.next), saved with the orders.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ChannelConfig, CredentialsSpec } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';
import { createBranchDirectory, type BranchDirectory } from '../core/banks/index.ts';

export interface LftApp {
  appId: string;
  key: string;
}

export interface LftCredentials extends LftApp {
  /** more apps, for multi-tenant tests */
  apps?: LftApp[];
}

export interface LftRuntime {
  apps: Map<string, LftApp>;
  primary: LftApp;
  credentialsFile?: string;
  clock: Clock;
  branches(): BranchDirectory;
}

export function generateLftCredentials(): LftCredentials {
  // appIds are short upper-case codes: outReqNo must start with one, so merchants embed it
  return { appId: `SIM${randomInt(100000, 999999)}`, key: randomBytes(16).toString('hex') };
}

const isApp = (a: unknown): a is LftApp =>
  typeof a === 'object' &&
  a !== null &&
  typeof (a as LftApp).appId === 'string' &&
  (a as LftApp).appId !== '' &&
  typeof (a as LftApp).key === 'string' &&
  (a as LftApp).key !== '';

export const lftCredentialsFile: CredentialsSpec<LftCredentials> = {
  generate: generateLftCredentials,
  check(c) {
    if (!isApp(c)) return 'needs "appId" and "key" (non-empty strings)';
    const apps = (c as LftCredentials).apps;
    if (apps !== undefined && (!Array.isArray(apps) || !apps.every(isApp)))
      return '"apps" must be a list of { appId, key }';
    return undefined;
  },
};

export function createLftRuntime(
  _config: ChannelConfig,
  env: { clock: Clock; credentials?: LftCredentials; credentialsFile?: string },
): LftRuntime {
  const creds = env.credentials!;
  const apps = new Map<string, LftApp>([[creds.appId, { appId: creds.appId, key: creds.key }]]);
  for (const a of creds.apps ?? []) apps.set(a.appId, a);
  let directory: BranchDirectory | undefined;
  return {
    apps,
    primary: { appId: creds.appId, key: creds.key },
    credentialsFile: env.credentialsFile,
    clock: env.clock,
    branches: () => (directory ??= createBranchDirectory({ seed: 20260101 })),
  };
}
