// Node half of the benchmark: q4 block-32 quantization of the synthetic model through the real
// pipeline (compressModel: decode, hash, quantize every MatMul weight, encode, gzip size), with the
// quantize stage timed from its progress events, and the q4 kernel alone on one 100 MB weight; each
// beside a plain copy of the same bytes. A one-layer model is compressed first so that timings
// exclude module loading and JIT/wasm compilation (the browser half warms its worker the same way).
// Peak memory is the process RSS, sampled every 5 ms from a worker thread (the compressor runs
// synchronously between tensors, so the main thread cannot sample), minus the RSS of the idle
// process measured before the model existed.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { compressModel } from '../src/core/compress/compress.ts';
import { measureQ4Throughput } from '../src/core/compress/kernels/throughput.ts';
import { benchRow, copyThroughput, Q4_RECIPE, quantizedWeightBytes, stageWatcher, WARM_UP_CONFIG, type EnvironmentRun } from './figures.ts';
import { benchConfig, buildSyntheticModel, type SyntheticModel } from './synthetic-model.ts';

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

export async function warmUpNode(): Promise<void> {
  const tiny = buildSyntheticModel({ ...benchConfig(1), ...WARM_UP_CONFIG });
  await compressModel({ model: tiny.bytes }, Q4_RECIPE);
}

export async function benchNode(model: SyntheticModel, idle: number): Promise<EnvironmentRun> {
  collectGarbage();
  const now = () => performance.now();
  const stop = sampleRss();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the sampler's first reading
  const watcher = stageWatcher(now);
  const started = now();
  const result = await compressModel({ model: model.bytes }, Q4_RECIPE, { onProgress: watcher.onProgress });
  const finished = now();
  const peak = await stop();
  const stageStart = watcher.started() ?? started;
  const stageEnd = watcher.done() ?? finished;
  const weightBytes = quantizedWeightBytes(result.report);
  const copy = copyThroughput(weightBytes, now);
  const common = { params: model.params, inputBytes: model.bytes.length, weightBytes, copyBytesPerSecond: copy.warm, coldCopyBytesPerSecond: copy.cold };
  const environment = `Node ${process.versions.node}`;
  const kernelRun = measureQ4Throughput(now, 25_000_000, 3, 'kn', collectGarbage);
  return {
    rows: [
      benchRow({ ...common, environment: `${environment} (compressModel)`, measure: 'stage', seconds: (stageEnd - stageStart) / 1000, peakBytes: null }),
      benchRow({ ...common, environment: `${environment} (compressModel)`, measure: 'end to end', seconds: (finished - started) / 1000, peakBytes: peak - idle }),
      benchRow({
        environment: `${environment} (one 100 MB weight)`,
        measure: 'kernel',
        params: kernelRun.weights,
        inputBytes: kernelRun.weights * 4,
        weightBytes: kernelRun.weights * 4,
        seconds: kernelRun.quantizeSeconds,
        copyBytesPerSecond: kernelRun.copyBytesPerSecond,
        peakBytes: null,
      }),
    ],
    phases: { load: (stageStart - started) / 1000, stage: (stageEnd - stageStart) / 1000, write: (finished - stageEnd) / 1000 },
    memoryMethod: 'process RSS sampled every 5 ms, minus idle RSS',
  };
}
