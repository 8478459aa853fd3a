// The benchmark page (built only by `npm run bench`, never part of the app): builds the synthetic
// model in the page, then runs the app's real compress worker on it, timing from the request to
// the result (the model is transferred in and out, never copied), and measures a plain copy here.
import { WorkerHandle } from '../../src/lib/workers/worker-handle.ts';
import type { CompressSchema } from '../../src/workers/compress.protocol.ts';
import { copyThroughput, Q4_RECIPE, stepDoneWatcher } from '../figures.ts';
import { benchConfig, buildSyntheticModel } from '../synthetic-model.ts';

const worker = new WorkerHandle<CompressSchema>(
  () => new Worker(new URL('../../src/workers/compress.worker.ts', import.meta.url), { type: 'module', name: 'compress' }),
);
let model: Uint8Array | null = null;

const bench = {
  /** Builds the model; returns its size. */
  build(layers: number): { params: number; inputBytes: number } {
    const built = buildSyntheticModel(benchConfig(layers));
    model = built.bytes;
    return { params: built.params, inputBytes: built.bytes.length };
  },
  /** Starts the worker and loads its modules with a one-layer model, so timing excludes start-up. */
  async warmUp(): Promise<void> {
    const tiny = buildSyntheticModel({ ...benchConfig(1), hidden_size: 64, intermediate_size: 128, num_attention_heads: 4, num_key_value_heads: 4, vocab_size: 256 });
    await worker.call('compress', { model: tiny.bytes, recipe: Q4_RECIPE }, { transfer: [tiny.bytes.buffer as ArrayBuffer] });
  },
  async compress(): Promise<{ seconds: number; quantizeSeconds: number; workerMs: number; weightBytes: number; outputBytes: number }> {
    if (!model) throw new Error('build the model first');
    const input = model;
    model = null;
    const now = () => performance.now();
    const watcher = stepDoneWatcher(now);
    const started = now();
    const result = await worker.call('compress', { model: input, recipe: Q4_RECIPE }, { transfer: [input.buffer as ArrayBuffer], onProgress: watcher.onProgress });
    const seconds = (now() - started) / 1000;
    const quantizeSeconds = ((watcher.doneAt() ?? now()) - started) / 1000;
    const weightBytes = result.report.tensors.reduce((sum, tensor) => sum + tensor.shape.reduce((a, b) => a * b, 1) * 4, 0);
    return { seconds, quantizeSeconds, workerMs: result.report.ms, weightBytes, outputBytes: result.model.length };
  },
  copy(bytes: number): number {
    return copyThroughput(bytes, () => performance.now());
  },
};

(globalThis as unknown as { bench: typeof bench }).bench = bench;
document.body.dataset.ready = 'true';
