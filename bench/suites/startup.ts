/**
 * The start-up suite (`npm run bench -- startup`): the package as a user installs it — `npm pack`
 * of this checkout (prepack compiles dist/), the tarball installed into an empty folder — and,
 * from another directory, the time from spawning `channel-sim start` until all five channels
 * answer /__admin/health (the first start, which generates the keys, once; then warm starts,
 * which find them in ./.channel-sim), and the time from spawn to exit of `channel-sim --help`,
 * `orders --help` and `credentials` asked of a running simulator (the admin-client path).
 * The budget is a second for each (issue 11); it is reported, never enforced. Not a ChannelBench:
 * bench/all.ts runs its `suite`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { channelNames } from '../../simulators/channels.ts';
import { installTarball, pack, startCli } from '../../test/support/packed-install.ts';
import { round } from '../load-run.ts';
import { onAbort, ROOT, type SuiteResult } from '../suite.ts';

const RUNS = 5;
const BUDGET_MS = 1000;
/** pack (a tsc build) and install take a minute or two on a small machine */
export const guardSeconds = 300;

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return {
    median: round(s[Math.floor(s.length / 2)]!, 0),
    min: round(s[0]!, 0),
    max: round(s.at(-1)!, 0),
    runs: s.length,
  };
};

export async function suite(): Promise<SuiteResult> {
  const temp = mkdtempSync(join(tmpdir(), 'channel-sim-bench-startup-'));
  const cleanup = () => rmSync(temp, { recursive: true, force: true });
  onAbort(cleanup);
  try {
    console.log('startup: npm pack + install of this checkout …');
    const tgz = await pack(ROOT, temp);
    const installed = await installTarball(tgz, mkdtempSync(join(temp, 'install-')));
    const bin = join(installed, '..', '.bin', 'channel-sim');
    const cwd = mkdtempSync(join(temp, 'cwd-'));

    const start = async () => {
      const cli = await startCli(bin, channelNames, { cwd, timeoutMs: 120_000 });
      await cli.stop();
      return cli.healthyAfterMs;
    };
    /** ms from spawn to exit of `channel-sim <args>`, RUNS times */
    const command = async (args: string[], env?: NodeJS.ProcessEnv): Promise<number[]> => {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await promisify(execFile)(bin, args, { cwd, env: { ...process.env, ...env } });
        ms.push(performance.now() - t0);
      }
      return ms;
    };
    const first = await start();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await start());
    const help = await command(['--help']);
    const ordersHelp = await command(['orders', '--help']);
    // an admin command against a running simulator: the CLI side only (the server is warm)
    const running = await startCli(bin, channelNames, { cwd, timeoutMs: 120_000 });
    const portEnv = Object.fromEntries(
      Object.entries(running.ports).map(([c, p]) => [`SIM_PORT_${c.toUpperCase()}`, String(p)]),
    );
    const credentials = await command(['credentials'], portEnv).finally(() => running.stop());
    const result = {
      channels: channelNames,
      firstStartMs: round(first, 0),
      warmStartMs: stats(warm),
      helpMs: stats(help),
      ordersHelpMs: stats(ordersHelp),
      credentialsMs: stats(credentials),
      budgetMs: BUDGET_MS,
      machine: { cores: cpus().length, loadAverage: loadavg().map((n) => round(n, 2)) },
    };
    const verdict = (ms: number) => (ms < BUDGET_MS ? 'within' : 'OVER');
    console.log(
      `startup: first start (keys generated) ${result.firstStartMs} ms to all ${channelNames.length} healthy`,
    );
    console.log(
      `startup: warm start ${result.warmStartMs.median} ms median (${result.warmStartMs.min}–${result.warmStartMs.max}) to all healthy: ${verdict(result.warmStartMs.median)} the ${BUDGET_MS} ms budget`,
    );
    console.log(
      `startup: channel-sim --help ${result.helpMs.median} ms median (${result.helpMs.min}–${result.helpMs.max}): ${verdict(result.helpMs.median)} the ${BUDGET_MS} ms budget`,
    );
    for (const [what, r] of [
      ['channel-sim orders --help', result.ordersHelpMs],
      ['channel-sim credentials (a simulator running)', result.credentialsMs],
    ] as const)
      console.log(
        `startup: ${what} ${r.median} ms median (${r.min}–${r.max}): ${verdict(r.median)} the ${BUDGET_MS} ms budget`,
      );
    console.log(
      `startup: load average while measured ${result.machine.loadAverage.join(' ')} on ${result.machine.cores} cores`,
    );
    return { name: 'startup', settings: { runs: RUNS, budgetMs: BUDGET_MS }, summary: [], runs: [], extra: result };
  } finally {
    cleanup();
  }
}
