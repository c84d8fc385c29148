/**
 * What the LFT simulator needs besides orders: the apps it knows (appId + MD5 key, generated on
 * first start and kept in the data directory, or supplied), the bank-branch directory for
 * 联行号查询, the clock for timestamps, and number sequences for the ids it hands out.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ChannelConfig } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';
import { credentialsPath, loadOrCreateCredentials } from '../core/credentials-file.ts';
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
  /** next value of a named sequence (transNo, payOrderNo…) */
  next(name: string): number;
  /** the last value of each sequence (persistence: ids continue after a restart) */
  sequences(): Record<string, number>;
  /** continue the sequences from saved values (never backwards); throws on a malformed value */
  restoreSequences(saved: Record<string, unknown>): void;
}

export function generateLftCredentials(): LftCredentials {
  // appIds are short upper-case codes: outReqNo must start with one, so merchants embed it
  return { appId: `SIM${randomInt(100000, 999999)}`, key: randomBytes(16).toString('hex') };
}

export function createLftRuntime(config: ChannelConfig, env: { clock: Clock }): LftRuntime {
  const supplied = config.credentials as LftCredentials | undefined;
  const creds = supplied ?? loadOrCreateCredentials(config.dataDir, 'lft', generateLftCredentials);
  if (typeof creds.appId !== 'string' || typeof creds.key !== 'string') throw new Error('lft credentials need appId and key');
  const apps = new Map<string, LftApp>([[creds.appId, { appId: creds.appId, key: creds.key }]]);
  for (const a of creds.apps ?? []) apps.set(a.appId, a);
  const seqs = new Map<string, number>();
  let directory: BranchDirectory | undefined;
  return {
    apps,
    primary: { appId: creds.appId, key: creds.key },
    credentialsFile: supplied ? undefined : credentialsPath(config.dataDir, 'lft'),
    clock: env.clock,
    branches: () => (directory ??= createBranchDirectory({ seed: 20260101 })),
    next(name) {
      const n = (seqs.get(name) ?? 0) + 1;
      seqs.set(name, n);
      return n;
    },
    sequences: () => Object.fromEntries(seqs),
    restoreSequences(saved) {
      for (const [name, n] of Object.entries(saved)) {
        if (!Number.isSafeInteger(n) || (n as number) < 0) throw new Error(`sequence ${name} must be a whole number ≥ 0, not ${JSON.stringify(n)}`);
        seqs.set(name, Math.max(seqs.get(name) ?? 0, n as number));
      }
    },
  };
}
