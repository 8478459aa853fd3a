// `npm run bench`: q4 block-32 quantization throughput and peak memory on a ~100M-parameter synthetic
// model, in Node and in Chromium's compress worker, each beside a plain copy measured in the same run;
// prints the table and adds it to BENCHMARKS.md. Options: --layers N (default 12, the ~100M model),
// --no-browser, --out PATH (default BENCHMARKS.md). Timings are figures to read, never assertions.
import { benchBrowser } from './browser-bench.ts';
import type { BenchFigures } from './figures.ts';
import { benchNode, idleRss } from './node-bench.ts';
import { row, writeBenchmarks } from './report.ts';
import { BENCH_CONFIG, benchConfig, buildSyntheticModel } from './synthetic-model.ts';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const layers = Number(option('--layers') ?? BENCH_CONFIG.num_hidden_layers);
const out = option('--out') ?? 'BENCHMARKS.md';
const withBrowser = !process.argv.includes('--no-browser');
if (!Number.isInteger(layers) || layers < 1) throw new Error(`--layers must be a positive integer, got ${option('--layers')}`);

function show(figures: BenchFigures): void {
  const peak = figures.peakRatio === null ? 'n/a' : `${(figures.peakBytes! / 1e6).toFixed(0)} MB = ${figures.peakRatio.toFixed(2)}x input`;
  console.log(
    `${figures.environment}\n  ${(figures.params / 1e6).toFixed(1)}M params, input ${(figures.inputBytes / 1e6).toFixed(0)} MB: q4 ${figures.quantizeMBps.toFixed(0)} MB/s ` +
      `(${figures.quantizeSeconds.toFixed(2)} s; end to end ${figures.endToEndMBps.toFixed(0)} MB/s, ${figures.endToEndSeconds.toFixed(2)} s), copy ${figures.copyMBps.toFixed(0)} MB/s, ratio ${figures.ratio.toFixed(2)} (target >= 0.33); peak ${peak} (target < 3x)`,
  );
}

const idle = idleRss();
console.log(`Building the synthetic model (${layers} layers) in Node...`);
let model: ReturnType<typeof buildSyntheticModel> | null = buildSyntheticModel(benchConfig(layers));
const node = await benchNode(model, idle);
model = null;
show(node.pipeline);
show(node.kernel);
const results = [node.pipeline, node.kernel];
if (withBrowser) {
  console.log('Building the bench page and running it in Chromium...');
  const browser = await benchBrowser(layers);
  if ('skipped' in browser) console.log(`Browser benchmark skipped: ${browser.skipped}`);
  else {
    show(browser.figures);
    results.push(browser.figures);
  }
}
const date = new Date().toISOString().slice(0, 10);
await writeBenchmarks(out, results.map((figures) => row(date, figures)));
console.log(`Wrote ${out}.`);
