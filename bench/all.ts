/**
 * `npm run bench`: every benchmark suite — one file per channel in bench/suites/, each a
 * ChannelBench run by bench/channel-suite.ts — one after the other so they never load the
 * machine at the same time, with one results file (bench/results/latest.json) and one loud
 * summary of any error. A file that exports its own `suite` (and `guardSeconds`), as
 * bench/suites/startup.ts does, is run as it is. `npm run bench -- lft` runs the named suites
 * only. It orchestrates only.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChannelBench, type ChannelBench } from './channel-suite.ts';
import { runBench, type Suite } from './suite.ts';

const dir = join(import.meta.dirname, 'suites');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .filter((f) => !wanted.length || wanted.includes(f.replace(/\.ts$/, '')));
if (!files.length) {
  console.error(`bench: no suite ${wanted.join(', ')} in bench/suites/ (${readdirSync(dir).join(', ')})`);
  process.exit(2);
}
const loaded = await Promise.all(
  files.map(async (f) => {
    const file = join(dir, f);
    const mod = (await import(pathToFileURL(file).href)) as {
      default?: ChannelBench<unknown>;
      suite?: Suite;
      guardSeconds?: number;
    };
    const run: Suite = mod.suite ?? (() => runChannelBench(mod.default!, file));
    return { run, guardSeconds: mod.guardSeconds ?? 90 };
  }),
);
await runBench(
  loaded.map((s) => s.run),
  loaded.reduce((sum, s) => sum + s.guardSeconds, 0),
);
