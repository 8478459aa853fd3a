// The tfjs LLaMA against the ONNX model run by onnxruntime-web and the float64 reference, and its
// custom gradients against tfjs' own autodiff of the same function.
import { beforeAll, describe, expect, it } from 'vitest';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { tf, useTrainBackend } from '../../../../src/core/train/tf.ts';
import { embeddingLookup, linear } from '../../../../src/core/train/tf-ops.ts';
import { createTfParams, disposeTfParams, exportTfParams, llamaForward, makeForwardConstants } from '../../../../src/core/train/tf-llama.ts';
import { referenceForward } from '../models/llama-reference.ts';
import { makeTinyModel, maxAbsDiff, TINY_CONFIG } from '../models/tiny-llama.ts';

const IDS = [[5, 17, 42, 8, 63, 30, 11, 4, 27, 9], [1, 2, 3, 60, 61, 62, 40, 41, 12, 13]];

function tfLogits(config: typeof TINY_CONFIG, weights: Parameters<typeof createTfParams>[1]): Float32Array {
  const params = createTfParams(config, weights);
  const constants = makeForwardConstants(config, IDS[0]!.length);
  const logits = tf.tidy(() => llamaForward(config, params, tf.tensor2d(IDS, [2, IDS[0]!.length], 'int32'), constants).dataSync() as Float32Array);
  tf.dispose([constants.cos, constants.sin, constants.mask]);
  disposeTfParams(params);
  return logits;
}

describe('tfjs LLaMA forward', () => {
  beforeAll(async () => {
    await useTrainBackend('wasm');
  });

  for (const [name, change] of [['GQA, untied', {}], ['MHA, tied', { num_key_value_heads: 4, tie_word_embeddings: true }]] as const) {
    it(`gives the ONNX model's logits for the same weights (${name})`, async () => {
      const model = await makeTinyModel({ ...TINY_CONFIG, ...change });
      const onnx = (await runLlamaStep(model.session, model.config, { inputIds: IDS })).logits;
      const ours = tfLogits(model.config, model.weights);
      expect(maxAbsDiff(ours, onnx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours, referenceForward(model.config, model.weights, IDS))).toBeLessThan(1e-4);
    });
  }

  it('is the same on the cpu backend, and export gives back the HF weights', async () => {
    const model = await makeTinyModel();
    const wasm = tfLogits(model.config, model.weights);
    await useTrainBackend('cpu');
    const cpu = tfLogits(model.config, model.weights);
    const params = createTfParams(model.config, model.weights);
    const exported = exportTfParams(model.config, params);
    disposeTfParams(params);
    await useTrainBackend('wasm');
    expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-4);
    for (const [name, data] of Object.entries(model.weights)) expect(exported[name]).toEqual(data);
  });
});

describe('custom gradients', () => {
  beforeAll(async () => {
    await useTrainBackend('wasm');
  });

  it('linear: equal to the autodiff gradient of a plain matMul', () => {
    const x = tf.randomNormal([6, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const loss = (f: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.sin(f(a as tf.Tensor2D, b as tf.Tensor2D)));
    const [gx, gw] = tf.grads(loss(linear))([x, w]);
    const [ex, ew] = tf.grads(loss((a, b) => tf.matMul(a, b)))([x, w]);
    expect(maxAbsDiff(gx!.dataSync(), ex!.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDiff(gw!.dataSync(), ew!.dataSync())).toBeLessThan(1e-5);
  });

  it('embedding lookup: repeated ids accumulate, as a one-hot matmul would', () => {
    const table = tf.randomNormal([7, 4], 0, 1, 'float32', 3);
    const ids = tf.tensor1d([2, 5, 2, 2, 0], 'int32');
    const target = tf.randomNormal([5, 4], 0, 1, 'float32', 4);
    const [ours] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t, ids), target)))([table]);
    const [dense] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(tf.oneHot(ids, 7).toFloat(), t as tf.Tensor2D), target)))([table]);
    expect(maxAbsDiff(ours!.dataSync(), dense!.dataSync())).toBeLessThan(1e-5);
    expect(Math.abs(ours!.dataSync()[2 * 4]!)).toBeGreaterThan(0); // row 2 collects three updates
  });
});
