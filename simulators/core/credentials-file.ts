/**
 * Generated test credentials, kept in the data directory so they survive restarts and the CLI can
 * print the same ones the running servers use. Created on first start with mode 0600; never
 * logged. Channel-agnostic: a channel declares how to generate and check its set
 * (Channel.credentialsFile), and the core loads, generates or takes the supplied one, checks it
 * and hands it to the channel's runtime. A bad set stops start-up naming the file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyChannel, ChannelConfig } from './channel.ts';
import { SimError } from './errors.ts';

export function credentialsPath(dataDir: string, channel: string): string {
  return join(dataDir, `${channel}.credentials.json`);
}

function loadOrCreateCredentials<T extends object>(dataDir: string, channel: string, generate: () => T): T {
  const path = credentialsPath(dataDir, channel);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const creds = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

/** the channel's declared credentials: supplied (config.credentials), else the file, else generated into it */
export function loadChannelCredentials(
  channel: AnyChannel,
  config: ChannelConfig,
): { credentials?: unknown; credentialsFile?: string } {
  const spec = channel.credentialsFile;
  if (!spec) return {};
  const file = config.credentials ? undefined : credentialsPath(config.dataDir, channel.name);
  let creds: unknown;
  try {
    creds =
      config.credentials ?? loadOrCreateCredentials(config.dataDir, channel.name, () => spec.generate() as object);
  } catch (e) {
    throw new SimError(
      'SIM_ERR_BOOT_CONFIG',
      `${file}: cannot be read as JSON (${(e as Error).message}); remove it to generate new credentials`,
      { cause: e },
    );
  }
  const problem = spec.check(creds);
  if (problem)
    throw new SimError('SIM_ERR_BOOT_CONFIG', `${channel.name} credentials${file ? ` (${file})` : ''}: ${problem}`);
  return { credentials: creds, credentialsFile: file };
}
