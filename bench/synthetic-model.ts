// The benchmark's synthetic model: a LLaMA decoder from the project's own builder, ~100M parameters
// (12 layers, hidden 768, MLP 2048, vocabulary 8192), random N(0, 0.02) weights, built in memory
// (never written to disk or committed). Its linear layers are float32 MatMul weights [in, out].
import type { LlamaConfig } from '../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../src/core/models/llama-onnx.ts';
import { countParameters, randomLlamaWeights } from '../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../src/core/models/onnx-graph.ts';

export const BENCH_CONFIG: LlamaConfig = {
  vocab_size: 8192,
  hidden_size: 768,
  intermediate_size: 2048,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  num_key_value_heads: 12,
  max_position_embeddings: 512,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: false,
  bos_token_id: 0,
  eos_token_id: 1,
};

/** A smaller config with the same shape ratios, for a quick run (`--layers 2`). */
export function benchConfig(layers = BENCH_CONFIG.num_hidden_layers): LlamaConfig {
  return { ...BENCH_CONFIG, num_hidden_layers: layers };
}

export interface SyntheticModel {
  config: LlamaConfig;
  params: number;
  bytes: Uint8Array;
}

export function buildSyntheticModel(config: LlamaConfig = BENCH_CONFIG, seed = 2024): SyntheticModel {
  const weights = randomLlamaWeights(config, seed, { std: 0.02 });
  const bytes = encodeOnnxModel(buildLlamaOnnx(config, weights));
  return { config, params: countParameters(config), bytes };
}
