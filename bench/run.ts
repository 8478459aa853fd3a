// `npm run bench`: q4 block-32 quantization throughput and peak memory on a ~100M-parameter synthetic
// model, in Node and in Chromium's compress worker (quantize stage, end to end, and the kernel
// alone), each beside a plain copy measured in the same run; prints the figures and adds them to
// BENCHMARKS.md. Options: --layers N (default 12, the ~100M model), --no-browser, --out PATH
// (default BENCHMARKS.md). Timings are figures to read, never assertions.
import { benchBrowser } from './browser-bench.ts';
import type { EnvironmentRun } from './figures.ts';
import { benchNode, idleRss, warmUpNode } from './node-bench.ts';
import { machine, measured, row, writeBenchmarks } from './report.ts';
import { BENCH_CONFIG, benchConfig, buildSyntheticModel } from './synthetic-model.ts';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const layers = Number(option('--layers') ?? BENCH_CONFIG.num_hidden_layers);
const out = option('--out') ?? 'BENCHMARKS.md';
const withBrowser = !process.argv.includes('--no-browser');
if (!Number.isInteger(layers) || layers < 1) throw new Error(`--layers must be a positive integer, got ${option('--layers')}`);

function show(run: EnvironmentRun): void {
  for (const figures of run.rows) {
    const peak = figures.peakRatio === null ? '' : `; peak ${(figures.peakBytes! / 1e6).toFixed(0)} MB = ${figures.peakRatio.toFixed(2)}x input (target < 3x)`;
    const target = figures.measure === 'stage' ? ' (target >= 0.33)' : '';
    console.log(
      `${figures.environment}, ${measured(figures, run.phases)}: ${(figures.weightBytes / 1e6).toFixed(0)} MB in ${figures.seconds.toFixed(3)} s = ` +
        `${figures.mbps.toFixed(0)} MB/s, copy ${figures.copyMBps.toFixed(0)} MB/s, ratio ${figures.ratio.toFixed(2)}${target}` +
        `${figures.coldCopyMBps === null ? '' : `, copy into fresh memory ${figures.coldCopyMBps.toFixed(0)} MB/s`}${peak}`,
    );
  }
}

await warmUpNode();
const idle = idleRss();
console.log(`Building the synthetic model (${layers} layers) in Node...`);
let model: ReturnType<typeof buildSyntheticModel> | null = buildSyntheticModel(benchConfig(layers));
const node = await benchNode(model, idle);
const date = new Date().toISOString().slice(0, 10);
const rows = node.rows.map((figures) => row(date, machine(), figures, node.phases));
model = null;
show(node);
if (withBrowser) {
  console.log('Building the bench page and running it in Chromium...');
  const browser = await benchBrowser(layers);
  if ('skipped' in browser) console.log(`Browser benchmark skipped: ${browser.skipped}`);
  else {
    show(browser.run);
    rows.push(...browser.run.rows.map((figures) => row(date, machine(), figures, browser.run.phases)));
  }
}
await writeBenchmarks(out, rows);
console.log(`Wrote ${out}.`);
