/**
 * Starts one bench/servers.ts child process and talks to it over IPC: its port, its counters
 * (orders, journal, memory, CPU time), and closing it. The load generator and the server thus run
 * on separate event loops (separate cores on a 2-core machine). It never signals any process but
 * the children it started, and only by their handle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ParentMessage, ServerKind, ServerMessage } from './servers.ts';

const ROOT = join(import.meta.dirname, '..');

export type ServerStats = Extract<ServerMessage, { type: 'stats' }>;

export interface ServerHandle {
  kind: ServerKind;
  port: number;
  info: Record<string, unknown>;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();

/**
 * `profileDir`: run the child with --cpu-prof, writing its V8 profile there on exit; `env`: extra
 * environment for the child (how the UnionPay servers learn their PKI directory)
 */
export function startServer(kind: ServerKind, opts: { profileDir?: string; env?: Record<string, string> } = {}): Promise<ServerHandle> {
  const execArgv = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
  const child = fork(join(ROOT, 'bin', 'run-ts.js'), [join(ROOT, 'bench', 'servers.ts'), kind], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv, ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  const next = <T extends ServerMessage['type']>(type: T) => new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
    const onMessage = (m: ServerMessage) => {
      if (m.type !== type) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the ${kind} server exited (code ${code}) before sending "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  const send = (m: ParentMessage) => child.send(m);
  return next('ready').then((ready) => ({
    kind,
    port: ready.port,
    info: ready.info,
    stats: () => {
      const reply = next('stats');
      send({ type: 'stats' });
      return reply;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      send({ type: 'close' });
      const killer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(killer);
    },
  }));
}

/** last resort (a failed or stuck bench): stop every child still running */
export function killServers(): void {
  for (const child of children) child.kill();
}
