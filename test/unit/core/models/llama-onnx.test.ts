// The ONNX LLaMA run by onnxruntime-web (wasm) against an independent float64 forward pass, and
// against itself across KV-cache step sizes and left padding.
import { describe, expect, it, beforeAll } from 'vitest';
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { runLlamaStep, type KvCache } from '../../../../src/core/models/llama-runner.ts';
import { referenceForward } from './llama-reference.ts';
import { makeTinyModel, maxAbsDiff, rowOf, TINY_CONFIG, type TinyModel } from './tiny-llama.ts';

const PROMPT = [5, 17, 42, 8, 63, 30, 11, 4, 27];

describe('ONNX LLaMA vs float64 reference', () => {
  const variants: Array<[string, Partial<LlamaConfig>]> = [
    ['grouped-query attention, untied head', {}],
    ['multi-head attention, tied head', { num_key_value_heads: 4, tie_word_embeddings: true }],
    ['multi-query attention, rope_theta 500000', { num_key_value_heads: 1, rope_theta: 500000 }],
  ];
  for (const [name, change] of variants) {
    it(`gives the reference logits: ${name}`, async () => {
      const model = await makeTinyModel({ ...TINY_CONFIG, ...change });
      const { logits } = await runLlamaStep(model.session, model.config, { inputIds: [PROMPT] });
      const expected = referenceForward(model.config, model.weights, [PROMPT]);
      expect(logits.length).toBe(PROMPT.length * model.config.vocab_size);
      expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-4);
      // The logits must be non-trivial for the comparison to mean something.
      expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(0.5);
    });
  }
});

describe('KV cache', () => {
  let model: TinyModel;
  beforeAll(async () => {
    model = await makeTinyModel();
  });

  it('step-by-step decoding (empty past, then 3, 2 and 1 tokens at a time) equals the full-sequence forward', async () => {
    const v = model.config.vocab_size;
    const full = (await runLlamaStep(model.session, model.config, { inputIds: [PROMPT] })).logits;
    const chunks: Array<[number, number]> = [[0, 3], [3, 5], [5, 6], [6, 7], [7, 9]];
    let cache: KvCache | undefined;
    for (const [start, end] of chunks) {
      const step = await runLlamaStep(model.session, model.config, { inputIds: [PROMPT.slice(start, end)], past: cache });
      expect(step.pastLength).toBe(end);
      expect(maxAbsDiff(step.logits, full.subarray(start * v, end * v))).toBeLessThan(1e-4);
      cache = step.cache;
    }
    expect(cache!['past_key_values.1.value']!.dims).toEqual([1, 2, PROMPT.length, 8]);
  });

  it('a left-padded batch of 2 gives each sequence its own unpadded logits, in one pass and step by step', async () => {
    const { config, session } = model;
    const v = config.vocab_size;
    const a = PROMPT.slice(0, 7);
    const b = [9, 33, 21, 50];
    const pad = config.pad_token_id!;
    const maskB = [0, 0, 0, 1, 1, 1, 1];
    // HF: position_ids = cumsum(mask) - 1, padded slots set to 1.
    const positionsB = [1, 1, 1, 0, 1, 2, 3];
    const batch = await runLlamaStep(session, config, {
      inputIds: [a, [pad, pad, pad, ...b]],
      attentionMask: [[1, 1, 1, 1, 1, 1, 1], maskB],
      positionIds: [[0, 1, 2, 3, 4, 5, 6], positionsB],
    });
    const aloneA = (await runLlamaStep(session, config, { inputIds: [a] })).logits;
    const aloneB = (await runLlamaStep(session, config, { inputIds: [b] })).logits;
    expect(maxAbsDiff(batch.logits.subarray(0, 7 * v), aloneA)).toBeLessThan(1e-4);
    expect(maxAbsDiff(batch.logits.subarray(10 * v, 14 * v), aloneB)).toBeLessThan(1e-4);
    expect(maxAbsDiff(aloneB, referenceForward(config, model.weights, [b]))).toBeLessThan(1e-4);

    // Decode 3 more tokens per row on top of the padded prefill.
    const nextA = [12, 40, 3];
    const nextB = [7, 61, 19];
    let cache = batch.cache;
    let mask = [[1, 1, 1, 1, 1, 1, 1], maskB];
    for (let k = 0; k < 3; k++) {
      mask = mask.map((row) => [...row, 1]);
      const step = await runLlamaStep(session, config, {
        inputIds: [[nextA[k]!], [nextB[k]!]],
        attentionMask: mask,
        positionIds: [[7 + k], [4 + k]],
        past: cache,
      });
      cache = step.cache;
      const fullA = (await runLlamaStep(session, config, { inputIds: [[...a, ...nextA.slice(0, k + 1)]] })).logits;
      const fullB = (await runLlamaStep(session, config, { inputIds: [[...b, ...nextB.slice(0, k + 1)]] })).logits;
      expect(maxAbsDiff(rowOf(step.logits, 0, v), rowOf(fullA, 7 + k, v))).toBeLessThan(1e-4);
      expect(maxAbsDiff(rowOf(step.logits, 1, v), rowOf(fullB, 4 + k, v))).toBeLessThan(1e-4);
    }
  });

  it('the padded batch also matches the reference computed with the same mask and positions', async () => {
    const { config, session, weights } = model;
    const inputIds = [[2, 2, 14, 15, 16], [20, 21, 22, 23, 24]];
    const attentionMask = [[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]];
    const positionIds = [[1, 1, 0, 1, 2], [0, 1, 2, 3, 4]];
    const { logits } = await runLlamaStep(session, config, { inputIds, attentionMask, positionIds });
    const expected = referenceForward(config, weights, inputIds, attentionMask, positionIds);
    const v = config.vocab_size;
    // Compare real tokens only (padded query rows are undefined in HF too).
    expect(maxAbsDiff(logits.subarray(2 * v, 10 * v), expected.subarray(2 * v, 10 * v))).toBeLessThan(1e-4);
    expect(logits.every(Number.isFinite)).toBe(true);
  });
});
