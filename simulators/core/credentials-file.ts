/**
 * Generated test credentials, kept in the data directory so they survive restarts and the CLI can
 * print the same ones the running servers use. Created on first start with mode 0600; never
 * logged. Channel-agnostic: a channel passes its generator and reads back plain JSON.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function credentialsPath(dataDir: string, channel: string): string {
  return join(dataDir, `${channel}.credentials.json`);
}

export function loadOrCreateCredentials<T extends object>(dataDir: string, channel: string, generate: () => T): T {
  const path = credentialsPath(dataDir, channel);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const creds = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}
