/**
 * Pact's verifier is native code that prints its report straight to the process's stdout, in
 * colour, at any log level: nothing in the process can hold it back, and a green run would fill
 * the CI log with it. So every verification (HTTP provider and message pacts alike) runs in a
 * child process — plain node with tsx's loader, since a test file's vitest cannot be imported
 * there — whose output is kept and shown only when the verification fails.
 */
import { spawn } from 'node:child_process';

const CHILD_ENV = 'CHANNEL_SIM_PACT_VERIFY_CHILD';

/** true in the child a verification runs in */
export const inVerifierChild = (): boolean => Boolean(process.env[CHILD_ENV]);

/** how a child went: its exit code and everything it printed (stdout and stderr, in order) */
export interface ChildRun {
  code: number | null;
  output: string;
}

/** `node --import tsx <file> …args` as the verifying child */
export function runVerifierChild(file: string, args: readonly string[] = []): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** the child's report, written only when it failed; true when it passed */
export function reportIfFailed(
  title: string,
  run: ChildRun,
  write: (text: string) => void = (text) => process.stdout.write(text),
): boolean {
  if (run.code === 0) return true;
  write(`\n--- Pact verifier output (${title}) ---\n${run.output}\n---\n`);
  return false;
}

/** in the child: verify, then close what was started; the exit code says how it went */
export async function verifyInChild(verify: () => Promise<unknown>, close: () => Promise<unknown>): Promise<void> {
  try {
    await verify();
    process.exitCode = 0;
  } catch (e) {
    process.stderr.write(`verification failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await close();
  }
}
