// Tiny random LLaMA models for fast tests: grouped-query attention (4 query / 2 kv heads), random
// norm weights and weights large enough (std 0.2) that attention and the MLP shape the logits.
import type { LlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights, type LlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../../../../src/core/models/onnx-graph.ts';
import { createSession, type OrtSession } from '../../../../src/core/runtime/ort.ts';

export const TINY_CONFIG: LlamaConfig = {
  vocab_size: 64,
  hidden_size: 32,
  intermediate_size: 48,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_position_embeddings: 64,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: false,
  bos_token_id: 0,
  eos_token_id: 1,
  pad_token_id: 2,
};

export interface TinyModel {
  config: LlamaConfig;
  weights: LlamaWeights;
  bytes: Uint8Array;
  session: OrtSession;
}

export async function makeTinyModel(config: LlamaConfig = TINY_CONFIG, seed = 7): Promise<TinyModel> {
  const weights = randomLlamaWeights(config, seed, { std: 0.2, randomNorms: true });
  const bytes = encodeOnnxModel(buildLlamaOnnx(config, weights));
  const { session } = await createSession(bytes, 'wasm');
  return { config, weights, bytes, session };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Row `row` (length `width`) of a flat [rows, width] array. */
export function rowOf(values: ArrayLike<number>, row: number, width: number): number[] {
  return Array.from({ length: width }, (_, i) => values[row * width + i]!);
}
