// Training: a few AdamW steps lower the loss on a tiny corpus, the same seed gives bit-identical
// weights, the trained weights export through the ONNX builder unchanged, and the schedule / batch
// sampler behave as documented.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { encodeOnnxModel } from '../../../../src/core/models/onnx-graph.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { learningRateAt } from '../../../../src/core/train/adamw.ts';
import { BatchSampler } from '../../../../src/core/train/batches.ts';
import { useTrainBackend } from '../../../../src/core/train/tf.ts';
import { LlamaTrainer, trainLlama, type TrainOptions } from '../../../../src/core/train/trainer.ts';
import { TINY_CONFIG } from '../models/tiny-llama.ts';

// A tiny "corpus": a fixed 12-token phrase repeated, with a varying token between repeats.
const PHRASE = [5, 17, 42, 8, 63, 30, 11, 4, 27, 9, 50, 33];
const TOKENS = Int32Array.from({ length: 600 }, (_, i) => (i % 13 === 12 ? 3 + ((i / 13) % 7) : PHRASE[i % 13]!));
const OPTIONS: TrainOptions = { steps: 12, batchSize: 4, contextLength: 16, learningRate: 1e-2, minLearningRate: 1e-3, warmupSteps: 2, seed: 42 };

describe('LLaMA training in tfjs', () => {
  beforeAll(async () => {
    await useTrainBackend('wasm');
  });

  it('lowers the loss on a tiny corpus within a few steps', () => {
    const trainer = new LlamaTrainer(TINY_CONFIG, OPTIONS);
    const heldBatch = new BatchSampler(TOKENS, 8, 16, 999).next();
    const before = trainer.loss(heldBatch);
    const sampler = new BatchSampler(TOKENS, OPTIONS.batchSize, OPTIONS.contextLength, 1);
    for (let i = 0; i < OPTIONS.steps; i++) trainer.trainStep(sampler.next());
    const after = trainer.loss(heldBatch);
    trainer.dispose();
    expect(before).toBeGreaterThan(Math.log(64) - 0.5); // near uniform at init
    expect(after).toBeLessThan(before - 1.5);
  });

  it('is deterministic for a seed, and the exported weights run in ONNX with the same logits', async () => {
    const progress: number[] = [];
    const a = await trainLlama(TINY_CONFIG, TOKENS, { ...OPTIONS, steps: 4 }, { onProgress: (p) => progress.push(p.step) });
    const b = await trainLlama(TINY_CONFIG, TOKENS, { ...OPTIONS, steps: 4 });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(a.losses).toEqual(b.losses);
    expect(a.tokensSeen).toBe(4 * 4 * 16);
    for (const name of Object.keys(a.weights)) expect(a.weights[name]).toEqual(b.weights[name]);

    // The trained model, continued from the exported weights, scores like its ONNX export.
    const trainer = new LlamaTrainer(TINY_CONFIG, OPTIONS, a.weights);
    const batch = new BatchSampler(TOKENS, 2, 16, 5).next();
    const tfLoss = trainer.loss(batch);
    trainer.dispose();
    const { session } = await createSession(encodeOnnxModel(buildLlamaOnnx(TINY_CONFIG, a.weights)), 'wasm');
    const rows = [Array.from(batch.inputs.subarray(0, 16)), Array.from(batch.inputs.subarray(16, 32))];
    const { logits } = await runLlamaStep(session, TINY_CONFIG, { inputIds: rows });
    let nll = 0;
    for (let i = 0; i < 32; i++) {
      const row = logits.subarray(i * 64, (i + 1) * 64);
      const max = Math.max(...row);
      nll += max + Math.log(row.reduce((s, z) => s + Math.exp(z - max), 0)) - row[batch.targets[i]!]!;
    }
    expect(Math.abs(nll / 32 - tfLoss)).toBeLessThan(1e-4);
  });

  it('stops with CancelledError when aborted', async () => {
    const controller = new AbortController();
    const run = trainLlama(TINY_CONFIG, TOKENS, OPTIONS, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('schedule and batches', () => {
  it('warms up linearly, then decays along a cosine to the floor', () => {
    const schedule = { peak: 1, min: 0.1, warmupSteps: 4, totalSteps: 14 };
    expect([0, 1, 2, 3].map((s) => learningRateAt(schedule, s))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(learningRateAt(schedule, 4)).toBe(1);
    expect(learningRateAt(schedule, 13)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 8.5)).toBeCloseTo(0.55, 12); // half way: (1 + 0.1) / 2
  });

  it('samples the same windows for the same seed, targets shifted by one', () => {
    const tokens = Int32Array.from({ length: 50 }, (_, i) => i);
    const first = new BatchSampler(tokens, 3, 8, 7).next();
    const again = new BatchSampler(tokens, 3, 8, 7).next();
    expect(again).toEqual(first);
    for (let i = 0; i < first.inputs.length; i++) expect(first.targets[i]).toBe(first.inputs[i]! + 1);
    expect(() => new BatchSampler(tokens, 1, 50, 1)).toThrow(/at least 51/);
  });
});
