/**
 * Starts one bench/servers.ts child process — one server of one suite (bench/suites/<channel>.ts),
 * by name — and talks to it over IPC: its port, its counters (orders, journal, memory, CPU time),
 * and closing it. The load generator and the server thus run
 * on separate event loops (separate cores on a 2-core machine). It never signals any process but
 * the children it started, and only by their handle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ParentMessage, ServerMessage } from './servers.ts';

const ROOT = join(import.meta.dirname, '..');

export type ServerStats = Extract<ServerMessage, { type: 'stats' }>;

/** which server: `server` of the suite in `suite` (a file path), `tag` naming this instance (profile directories) */
export interface ServerSpec {
  suite: string;
  server: string;
  tag: string;
}

export interface ServerHandle {
  kind: string;
  port: number;
  info: Record<string, unknown>;
  /** CPU time and memory; `full`: also the order and journal counts */
  stats(full?: boolean): Promise<ServerStats>;
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();

/**
 * `profileDir`: run the child with --cpu-prof, writing its V8 profile there on exit; `env`: extra
 * environment for the child (how the UnionPay servers learn their PKI directory)
 */
export function startServer(
  spec: ServerSpec,
  opts: { profileDir?: string; env?: Record<string, string> } = {},
): Promise<ServerHandle> {
  const kind = spec.server;
  // a fine sampling interval: a request is a few dozen µs; one directory per server instance
  const execArgv = opts.profileDir
    ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${join(opts.profileDir, spec.tag)}`]
    : [];
  const child = fork(join(ROOT, 'bin', 'run-ts.js'), [join(ROOT, 'bench', 'servers.ts'), spec.suite, kind], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (children.delete(child), resolve())));
  const next = <T extends ServerMessage['type']>(type: T) =>
    new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (m: ServerMessage) => {
        if (m.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m as Extract<ServerMessage, { type: T }>);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`the ${kind} server exited (code ${code}) before sending "${type}"`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (m: ParentMessage) => child.send(m);
  return next('ready').then((ready) => ({
    kind,
    port: ready.port,
    info: ready.info,
    stats: (full = false) => {
      const reply = next('stats');
      send({ type: 'stats', full });
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
