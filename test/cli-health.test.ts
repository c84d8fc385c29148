/**
 * `channel-sim health`, the Docker health check, as the container runs it: a child process that
 * reads the channels, ports and admin token from the environment and asks each simulator's
 * /__admin/health; exit 0 only when every configured one answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { lft } from '../simulators/lft/index.ts';

const BIN = fileURLToPath(new URL('../bin/channel-sim.js', import.meta.url));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIM_')));

function health(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'health'], {
      cwd: tmpdir(),
      env: { ...cleanEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('channel-sim health', () => {
  let app: SimServer;
  let port = 0;
  beforeAll(async () => {
    app = buildServer(lft, {
      scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), lft),
      config: { dataDir: mkdtempSync(join(tmpdir(), 'health-')), credentials: { appId: 'APP01', key: 'k' } },
      admin: { token: 'tok' },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('exits 0 when every configured simulator answers, with the admin token', async () => {
    const r = await health({ SIM_CHANNELS: 'lft', SIM_PORT_LFT: String(port), SIM_ADMIN_TOKEN: 'tok' });
    expect(r.stdout).toContain(`lft http://127.0.0.1:${port}: healthy`);
    expect(r.code).toBe(0);
  });

  it('exits 1 when one does not answer, or the token is wrong', async () => {
    const down = await health({
      SIM_CHANNELS: 'lft,unionpay',
      SIM_PORT_LFT: String(port),
      SIM_PORT_UNIONPAY: '9',
      SIM_ADMIN_TOKEN: 'tok',
    });
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/unionpay http:\/\/127\.0\.0\.1:9: not healthy/);
    expect((await health({ SIM_CHANNELS: 'lft', SIM_PORT_LFT: String(port), SIM_ADMIN_TOKEN: 'wrong' })).code).toBe(1);
  });
});
