// The benchmark page (built only by `npm run bench`, never part of the app): builds the synthetic
// model in the page, runs the app's real compress worker on it, timing from the request to the
// result (the model is transferred in and out, never copied) and the quantize stage from the
// worker's progress events; then, in the page's own worker (bench.worker.ts), the plain copy of the
// same bytes and the q4 kernel alone.
import { WorkerHandle } from '../../src/lib/workers/worker-handle.ts';
import type { CompressSchema } from '../../src/workers/compress.protocol.ts';
import { Q4_RECIPE, quantizedWeightBytes, stageWatcher, WARM_UP_CONFIG } from '../figures.ts';
import { benchConfig, buildSyntheticModel } from '../synthetic-model.ts';
import type { BenchWorkerReply, BenchWorkerRequest } from './bench.worker.ts';

const worker = new WorkerHandle<CompressSchema>(
  () => new Worker(new URL('../../src/workers/compress.worker.ts', import.meta.url), { type: 'module', name: 'compress' }),
);
const benchWorker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
let model: Uint8Array | null = null;

function ask<K extends BenchWorkerRequest['kind']>(request: BenchWorkerRequest & { kind: K }): Promise<BenchWorkerReply & { kind: K }> {
  return new Promise((resolve) => {
    benchWorker.addEventListener('message', (event: MessageEvent<BenchWorkerReply>) => resolve(event.data as BenchWorkerReply & { kind: K }), { once: true });
    benchWorker.postMessage(request);
  });
}

export interface PageRun {
  /** from the request to the result */
  seconds: number;
  /** request -> first progress event of the quantize step -> its last -> result, in seconds from the request */
  stageStart: number;
  stageEnd: number;
  weightBytes: number;
  outputBytes: number;
}

const bench = {
  /** Builds the model; returns its size. */
  build(layers: number): { params: number; inputBytes: number } {
    const built = buildSyntheticModel(benchConfig(layers));
    model = built.bytes;
    return { params: built.params, inputBytes: built.bytes.length };
  },
  /** Starts the worker and loads its modules with a one-layer model, so timing excludes start-up. */
  async warmUp(): Promise<void> {
    const tiny = buildSyntheticModel({ ...benchConfig(1), ...WARM_UP_CONFIG });
    await worker.call('compress', { model: tiny.bytes, recipe: Q4_RECIPE }, { transfer: [tiny.bytes.buffer as ArrayBuffer] });
  },
  async compress(): Promise<PageRun> {
    if (!model) throw new Error('build the model first');
    const input = model;
    model = null;
    const now = () => performance.now();
    const watcher = stageWatcher(now);
    const started = now();
    const result = await worker.call('compress', { model: input, recipe: Q4_RECIPE }, { transfer: [input.buffer as ArrayBuffer], onProgress: watcher.onProgress });
    const finished = now();
    const seconds = (from: number | null, fallback: number): number => ((from ?? fallback) - started) / 1000;
    return {
      seconds: (finished - started) / 1000,
      stageStart: seconds(watcher.started(), started),
      stageEnd: seconds(watcher.done(), finished),
      weightBytes: quantizedWeightBytes(result.report),
      outputBytes: result.model.length,
    };
  },
  /** Copy throughput of `bytes` bytes in the bench worker (warm target, and into fresh memory), bytes per second. */
  async copy(bytes: number): Promise<{ warm: number; cold: number }> {
    const reply = await ask({ kind: 'copy', bytes });
    return { warm: reply.bytesPerSecond, cold: reply.coldBytesPerSecond };
  },
  /** The q4 kernel alone on one 100 MB weight, in the bench worker. */
  async kernel(): Promise<{ weights: number; seconds: number; copyBytesPerSecond: number }> {
    return ask({ kind: 'kernel' });
  },
};

(globalThis as unknown as { bench: typeof bench }).bench = bench;
document.body.dataset.ready = 'true';
