// LLaMA weights by Hugging Face name, in Hugging Face layout: linear layers are [out_features,
// in_features], the embedding is [vocab_size, hidden_size], norms are [hidden_size]. This module lists
// the expected tensors, checks a weight set against a config, counts parameters and makes seeded
// random weights (the init for training and the tiny models of the tests).
import { InvalidArgumentError } from '../errors.ts';
import { headDim, validateLlamaConfig, type LlamaConfig } from './llama-config.ts';
import { SeededRandom } from './seeded-random.ts';

export type LlamaWeights = Record<string, Float32Array>;

export type WeightKind = 'embedding' | 'linear' | 'norm';

export interface WeightSpec {
  name: string;
  /** Hugging Face shape ([out, in] for linear layers). */
  shape: [number, number] | [number];
  kind: WeightKind;
}

/** Every tensor the model needs, in a fixed order (embedding, layers 0..n-1, final norm, LM head). */
export function llamaWeightSpecs(config: LlamaConfig): WeightSpec[] {
  validateLlamaConfig(config);
  const { hidden_size: c, intermediate_size: f, vocab_size: v } = config;
  const qWidth = config.num_attention_heads * headDim(config);
  const kvWidth = config.num_key_value_heads * headDim(config);
  const specs: WeightSpec[] = [{ name: 'model.embed_tokens.weight', shape: [v, c], kind: 'embedding' }];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const p = `model.layers.${i}`;
    specs.push(
      { name: `${p}.input_layernorm.weight`, shape: [c], kind: 'norm' },
      { name: `${p}.self_attn.q_proj.weight`, shape: [qWidth, c], kind: 'linear' },
      { name: `${p}.self_attn.k_proj.weight`, shape: [kvWidth, c], kind: 'linear' },
      { name: `${p}.self_attn.v_proj.weight`, shape: [kvWidth, c], kind: 'linear' },
      { name: `${p}.self_attn.o_proj.weight`, shape: [c, qWidth], kind: 'linear' },
      { name: `${p}.post_attention_layernorm.weight`, shape: [c], kind: 'norm' },
      { name: `${p}.mlp.gate_proj.weight`, shape: [f, c], kind: 'linear' },
      { name: `${p}.mlp.up_proj.weight`, shape: [f, c], kind: 'linear' },
      { name: `${p}.mlp.down_proj.weight`, shape: [c, f], kind: 'linear' },
    );
  }
  specs.push({ name: 'model.norm.weight', shape: [c], kind: 'norm' });
  if (!config.tie_word_embeddings) specs.push({ name: 'lm_head.weight', shape: [v, c], kind: 'linear' });
  return specs;
}

export function countParameters(config: LlamaConfig): number {
  return llamaWeightSpecs(config).reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

/** Throws when a tensor is missing or has the wrong number of elements for this config. */
export function checkLlamaWeights(config: LlamaConfig, weights: LlamaWeights): void {
  for (const spec of llamaWeightSpecs(config)) {
    const tensor = weights[spec.name];
    const expected = spec.shape.reduce((a, b) => a * b, 1);
    if (!tensor) throw new InvalidArgumentError(`Weight "${spec.name}" is missing; the config needs [${spec.shape.join(', ')}].`);
    if (tensor.length !== expected) {
      throw new InvalidArgumentError(`Weight "${spec.name}" has ${tensor.length} values; the config needs [${spec.shape.join(', ')}] = ${expected}.`);
    }
  }
}

export interface RandomWeightOptions {
  /** Standard deviation of embeddings and linear layers (default 0.02, as in HF `initializer_range`). */
  std?: number;
  /** Draw norm weights from 1 + N(0, 0.1) instead of ones, so tests notice a norm weight being ignored. */
  randomNorms?: boolean;
}

/** Seeded N(0, std) weights; norms are ones unless `randomNorms`. Same seed, same bits. */
export function randomLlamaWeights(config: LlamaConfig, seed: number, options: RandomWeightOptions = {}): LlamaWeights {
  const { std = 0.02, randomNorms = false } = options;
  const random = new SeededRandom(seed);
  const weights: LlamaWeights = {};
  for (const spec of llamaWeightSpecs(config)) {
    const tensor = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < tensor.length; i++) {
      if (spec.kind === 'norm') tensor[i] = randomNorms ? 1 + 0.1 * random.normal() : 1;
      else tensor[i] = std * random.normal();
    }
    weights[spec.name] = tensor;
  }
  return weights;
}
