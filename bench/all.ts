/**
 * `npm run bench`: every benchmark suite in one bounded run, one after the other so they never
 * load the machine at the same time — LFT (bench/lft.bench.ts), then UnionPay
 * (bench/unionpay.bench.ts) — with one results file (bench/results/latest.json) and one loud
 * summary of any error. It orchestrates only; each suite measures and prints its own table.
 */
import { runLftBench } from './lft.bench.ts';
import { runBench } from './suite.ts';
import { runUnionPayBench } from './unionpay.bench.ts';

await runBench([runLftBench, runUnionPayBench], 180);
