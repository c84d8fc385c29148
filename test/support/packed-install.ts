/**
 * The package as a user meets it: `npm pack` (prepack builds dist/), the tarball installed into
 * an empty folder with npm, and `channel-sim start` run from yet another directory until every
 * channel answers /__admin/health. The pack test, the Docker file-set test and the start-up bench
 * share it; it runs npm and node as child processes and asserts nothing itself.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** `npm pack` in `dir` (its prepack builds dist/ there), the tarball written to `dest` */
export async function pack(dir: string, dest: string): Promise<string> {
  await run(npm, ['pack', '--silent', '--pack-destination', dest], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  const tgz = readdirSync(dest).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack wrote no tarball into ${dest}`);
  return join(dest, tgz);
}

/** the tarball installed as a dependency of an empty project in `dir`; → the package's folder */
export async function installTarball(tgz: string, dir: string): Promise<string> {
  await run(npm, ['init', '-y'], { cwd: dir });
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tgz], { cwd: dir });
  return join(dir, 'node_modules', 'channel-sim');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface StartedCli {
  child: ChildProcess;
  /** channel → port */
  ports: Record<string, number>;
  /** ms from spawn until every channel's /__admin/health answered 200 */
  healthyAfterMs: number;
  /** what it printed so far */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * `node <bin> start` in `cwd` with each channel on a free port (SIM_PORT_*) and `env` on top of
 * the parent's; resolves once every channel is healthy, rejects if the process exits first or
 * `timeoutMs` passes.
 */
export async function startCli(
  bin: string,
  channels: string[],
  o: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; args?: string[] },
): Promise<StartedCli> {
  const ports: Record<string, number> = {};
  for (const c of channels) ports[c] = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env, SIM_CHANNELS: channels.join(',') };
  for (const [c, p] of Object.entries(ports)) env[`SIM_PORT_${c.toUpperCase()}`] = String(p);
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'start', ...(o.args ?? [])], { cwd: o.cwd, env, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  const deadline = started + (o.timeoutMs ?? 30_000);
  const healthy = async (port: number) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`channel-sim start exited (${child.exitCode}):\n${out}`);
      if (performance.now() > deadline) throw new Error(`channel-sim start: not healthy in time:\n${out}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/__admin/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  try {
    await Promise.all(Object.values(ports).map(healthy));
  } catch (e) {
    await stop();
    throw e;
  }
  return { child, ports, healthyAfterMs: performance.now() - started, output: () => out, stop };
}
