/**
 * The `channel-sim` command as a user runs it, for tests: `node bin/channel-sim.js …` in a child
 * process from another directory, with none of the developer's SIM_* settings; its output
 * collected, and a started simulator read until it says it is ready. Everything it starts and
 * every temp dir it makes goes when cleanup() runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/channel-sim.js', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

export function cleanup(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'channel-sim-cli-'));
  dirs.push(d);
  return d;
}

// the child must not inherit a developer's SIM_* settings (nor npm's, when run through npm)
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('SIM_') && !k.startsWith('npm_config_')),
);

export function launch(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: tmpdir(),
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = launch(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Started {
  child: ChildProcess;
  /** everything it printed so far (JSON log lines: stdout is not a terminal) */
  out(): string;
  /** the base URL of each channel, from its banner */
  urls: Record<string, string>;
  stop(): Promise<number | null>;
}

/** `channel-sim start …`, once it says ready */
export async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = launch(['start', ...args], env);
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('ready:')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
  });
  const urls = Object.fromEntries(
    [...out.matchAll(/\[(\w+)\][^\n]*\n[^\n]*base URL\s+(http:\/\/[^\s"\\]+)/g)].map((m) => [m[1]!, m[2]!]),
  );
  return {
    child,
    out: () => out,
    urls,
    stop: () => (child.kill('SIGTERM'), exited),
  };
}
