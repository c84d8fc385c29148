/**
 * Where a running simulator really listens, for the CLI on the same machine: after listen, each
 * server writes `<data dir>/<channel>.running.json` (its pid and base URL, the real port even when
 * it was started on port 0) and removes it when it closes. A file whose process is gone (a crash,
 * kill -9) is ignored. It holds no secret.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningInfo {
  pid: number;
  channel: string;
  /** the base URL a local client reaches it at */
  url: string;
  startedAt: string;
}

export const runningPath = (dataDir: string, channel: string) => join(dataDir, `${channel}.running.json`);

export function writeRunning(dataDir: string, info: RunningInfo): () => void {
  const path = runningPath(dataDir, info.channel);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(info, null, 2) + '\n');
  return () => {
    // only our own: a second simulator on the same data dir may have written it since
    if (readRunning(dataDir, info.channel)?.pid === info.pid) rmSync(path, { force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** the simulator of `channel` running on this data dir, if its process still lives */
export function readRunning(dataDir: string, channel: string): RunningInfo | undefined {
  let info: RunningInfo;
  try {
    info = JSON.parse(readFileSync(runningPath(dataDir, channel), 'utf8')) as RunningInfo;
  } catch {
    return undefined;
  }
  return Number.isInteger(info.pid) && typeof info.url === 'string' && alive(info.pid) ? info : undefined;
}
