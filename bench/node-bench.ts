// Node half of the benchmark: q4 block-32 quantization of the synthetic model through the real
// pipeline (compressModel: decode, quantize every MatMul weight, encode), timed end to end, beside a
// plain copy of the same bytes. Peak memory is the process RSS, sampled every 5 ms from a worker
// thread (the compressor runs synchronously between tensors, so the main thread cannot sample),
// minus the RSS of the idle process measured before the model existed.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { compressModel } from '../src/core/compress/compress.ts';
import { measureQ4Throughput } from '../src/core/compress/kernels/throughput.ts';
import { copyThroughput, figures, Q4_RECIPE, stepDoneWatcher, type BenchFigures } from './figures.ts';
import type { SyntheticModel } from './synthetic-model.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });
`;

/** Starts sampling RSS; the returned function stops and gives the peak in bytes. */
function sampleRss(): () => Promise<number> {
  const worker = new Worker(SAMPLER, { eval: true });
  return () =>
    new Promise((resolve, reject) => {
      worker.once('message', (peak: number) => void worker.terminate().then(() => resolve(peak)));
      worker.once('error', reject);
      worker.postMessage('stop');
    });
}

/** RSS of the process before anything big exists: call first thing. */
export function idleRss(): number {
  collectGarbage();
  return process.memoryUsage.rss();
}

export async function benchNode(model: SyntheticModel, idle: number): Promise<{ pipeline: BenchFigures; kernel: BenchFigures }> {
  collectGarbage();
  const now = () => performance.now();
  const stop = sampleRss();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the sampler's first reading
  const watcher = stepDoneWatcher(now);
  const started = now();
  const result = await compressModel({ model: model.bytes }, Q4_RECIPE, { onProgress: watcher.onProgress });
  const endToEndSeconds = (now() - started) / 1000;
  const quantizeSeconds = ((watcher.doneAt() ?? now()) - started) / 1000;
  const peak = await stop();
  const weightBytes = result.report.tensors.reduce((sum, tensor) => sum + tensor.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const inputBytes = model.bytes.length;
  const copyBytesPerSecond = copyThroughput(weightBytes, now);
  const pipeline = figures({
    environment: `Node ${process.versions.node} (compressModel, main thread)`,
    params: model.params,
    inputBytes,
    weightBytes,
    quantizeSeconds,
    endToEndSeconds,
    copyBytesPerSecond,
    peakBytes: peak - idle,
    memoryMethod: 'process RSS sampled every 5 ms, minus idle RSS',
  });
  const kernelRun = measureQ4Throughput(now, 25_000_000, 3);
  const kernel = figures({
    environment: `Node ${process.versions.node} (q4 kernel only, one 100 MB weight)`,
    params: kernelRun.weights,
    inputBytes: kernelRun.weights * 4,
    weightBytes: kernelRun.weights * 4,
    quantizeSeconds: kernelRun.quantizeSeconds,
    endToEndSeconds: kernelRun.quantizeSeconds,
    copyBytesPerSecond: kernelRun.copyBytesPerSecond,
    peakBytes: null,
    memoryMethod: 'not measured',
  });
  return { pipeline, kernel };
}
