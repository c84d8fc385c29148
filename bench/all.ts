/**
 * `npm run bench`: every benchmark suite — one file per channel in bench/suites/, each a
 * ChannelBench run by bench/channel-suite.ts — one after the other so they never load the
 * machine at the same time, with one results file (bench/results/latest.json) and one loud
 * summary of any error. `npm run bench -- lft` runs the named suites only. It orchestrates only.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChannelBench, type ChannelBench } from './channel-suite.ts';
import { runBench } from './suite.ts';

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
const suites = await Promise.all(
  files.map(async (f) => {
    const file = join(dir, f);
    const def = ((await import(pathToFileURL(file).href)) as { default: ChannelBench<unknown> }).default;
    return () => runChannelBench(def, file);
  }),
);
await runBench(suites, 90 * suites.length);
