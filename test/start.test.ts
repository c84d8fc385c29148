/**
 * The composition root as a user meets it: startSimulators() brings the LFT simulator up on a
 * free port with generated credentials, says where it is without leaking a secret, refuses a bad
 * scenario file or a busy port with one clear error, and frees its port on close().
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLftClient } from '../clients/lft.ts';
import { DEFAULT_SCENARIOS_DIR, resolveConfig } from '../simulators/config.ts';
import { SimError } from '../simulators/core/errors.ts';
import { startSimulators, type Log, type Simulators } from '../simulators/main.ts';
import { ok } from './support/results.ts';

const dirs: string[] = [];
const running: Simulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'channel-sim-start-'));
  dirs.push(d);
  return d;
}

function captureLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (l) => lines.push(l), warn: (l) => lines.push(l), info: (l) => lines.push(l) };
}

async function start(argv: string[]) {
  const log = captureLog();
  // LFT alone unless a test names the channels: these tests are about the composition root
  const sims = await startSimulators(
    resolveConfig(argv.includes('--channels') ? argv : ['--channels', 'lft', ...argv], {}),
    { log },
  );
  running.push(sims);
  return { sims, log };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('startSimulators', () => {
  it('starts LFT on a free port, prints where it is, and serves signed requests with the generated credentials', async () => {
    // 1 start on port 0 with a fresh data directory
    const dataDir = tempDir();
    const { sims, log } = await start(['--port-lft', '0', '--data-dir', dataDir]);
    const [lft] = sims.servers;
    expect(lft).toMatchObject({
      channel: 'lft',
      url: `http://127.0.0.1:${lft!.port}`,
      adminUrl: `http://127.0.0.1:${lft!.port}/__admin`,
    });
    expect(lft!.port).toBeGreaterThan(0);

    // 2 the banner names the channel, base URL, admin URL and how to get the credentials
    const text = log.lines.join('\n');
    expect(text).toContain('LFT (理房通)');
    expect(text).toContain(`base URL     ${lft!.url}`);
    expect(text).toContain(`${lft!.url}/__admin`);
    expect(text).toContain('npx channel-sim credentials --channel lft');
    expect(text).toContain(`curl ${lft!.url}/__admin/credentials`);

    // 3 the admin API answers
    const health = await fetch(`${lft!.adminUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', channel: 'lft' });

    // 4 credentials were generated into the data dir, readable by the owner only, and never logged
    const file = join(dataDir, 'lft.credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(readFileSync(file, 'utf8')) as { appId: string; key: string };
    expect(text).not.toContain(creds.key);

    // 5 the reference client signs with them and the simulator accepts
    const client = createLftClient({ baseUrl: lft!.url, appId: creds.appId, key: creds.key });
    const protocol = await ok(client.create({ channelType: 'LFT', transDesc: '租金', businessId: 'B-start-1' }));
    expect(protocol.transNo).toBeTruthy();
  });

  it('keeps the credentials across restarts', async () => {
    const dataDir = tempDir();
    const first = await start(['--port-lft', '0', '--data-dir', dataDir]);
    const a = await (await fetch(`${first.sims.servers[0]!.adminUrl}/credentials`)).json();
    await first.sims.close();
    const second = await start(['--port-lft', '0', '--data-dir', dataDir]);
    const b = await (await fetch(`${second.sims.servers[0]!.adminUrl}/credentials`)).json();
    expect(b).toMatchObject({ appId: a.appId, key: a.key });
  });

  it('refuses to start on a bad scenario file, naming the file and the field', async () => {
    // 1 a scenario root with a valid default and one broken file
    const root = tempDir();
    mkdirSync(join(root, 'lft'));
    copyFileSync(join(DEFAULT_SCENARIOS_DIR, 'lft', 'default.yaml'), join(root, 'lft', 'default.yaml'));
    writeFileSync(
      join(root, 'lft', 'broken.yaml'),
      'description: broken on purpose\nsteps:\n  prepay:\n    - reply: { outcome: maybe }\n',
    );

    // 2 start-up rejects with the loader's message; nothing is left listening
    const err = await startSimulators(
      resolveConfig(['--channels', 'lft', '--port-lft', '0', '--scenarios', root, '--data-dir', tempDir()], {}),
      { log: captureLog() },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SimError);
    expect((err as SimError).code).toBe('SIM_ERR_BOOT_SCENARIO');
    expect((err as SimError).message).toMatch(/lft[/\\]broken\.yaml: steps\.prepay\[0\]\.reply\.outcome/);
  });

  it('reports a busy port in one line naming the port, the flag and the env var', async () => {
    const { sims } = await start(['--port-lft', '0', '--data-dir', tempDir()]);
    const busy = sims.servers[0]!.port;
    const err = await startSimulators(
      resolveConfig(['--channels', 'lft', '--port-lft', String(busy), '--data-dir', tempDir()], {}),
      { log: captureLog() },
    ).then(
      () => undefined,
      (e: unknown) => e as SimError,
    );
    expect(err?.code).toBe('SIM_ERR_BOOT_CONFIG');
    expect(err?.message).toBe(`port ${busy} (lft) is already in use; change it with --port-lft or SIM_PORT_LFT`);
  });

  it('starts only the requested channels', async () => {
    const { sims } = await start([
      '--channels',
      'withhold,lft',
      '--port-lft',
      '0',
      '--port-withhold',
      '0',
      '--data-dir',
      tempDir(),
    ]);
    expect(sims.servers.map((s) => s.channel).sort()).toEqual(['lft', 'withhold']);
  });

  it('frees its port on close()', async () => {
    const { sims } = await start(['--port-lft', '0', '--data-dir', tempDir()]);
    const { port } = sims.servers[0]!;
    expect(await portIsFree(port)).toBe(false);
    await sims.close();
    expect(await portIsFree(port)).toBe(true);
  });
});
