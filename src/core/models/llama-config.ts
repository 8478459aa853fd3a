// The architecture of a LLaMA decoder (Touvron et al. 2023), with Hugging Face's `LlamaConfig` field
// names so it serializes straight to `config.json`. `validateLlamaConfig` is the single place that
// says which combinations are buildable (heads divide the width, query heads are a multiple of kv heads).
import { InvalidArgumentError } from '../errors.ts';

export interface LlamaConfig {
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  /** Grouped-query attention: each kv head serves num_attention_heads / num_key_value_heads query heads. */
  num_key_value_heads: number;
  max_position_embeddings: number;
  rms_norm_eps: number;
  rope_theta: number;
  /** When true, the LM head reuses `model.embed_tokens.weight` (no `lm_head.weight` is trained or passed in). */
  tie_word_embeddings: boolean;
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id?: number;
}

const POSITIVE_INTEGER_FIELDS = [
  'vocab_size',
  'hidden_size',
  'intermediate_size',
  'num_hidden_layers',
  'num_attention_heads',
  'num_key_value_heads',
  'max_position_embeddings',
] as const;

/** Per-head width: hidden_size / num_attention_heads. */
export function headDim(config: LlamaConfig): number {
  return config.hidden_size / config.num_attention_heads;
}

/** Throws InvalidArgumentError naming the first field that makes the config unbuildable. */
export function validateLlamaConfig(config: LlamaConfig): void {
  for (const field of POSITIVE_INTEGER_FIELDS) {
    const value = config[field];
    if (!Number.isInteger(value) || value <= 0) {
      throw new InvalidArgumentError(`LlamaConfig.${field} must be a positive integer; got ${String(value)}.`);
    }
  }
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new InvalidArgumentError(`hidden_size (${config.hidden_size}) must be divisible by num_attention_heads (${config.num_attention_heads}).`);
  }
  if (config.num_attention_heads % config.num_key_value_heads !== 0) {
    throw new InvalidArgumentError(`num_attention_heads (${config.num_attention_heads}) must be a multiple of num_key_value_heads (${config.num_key_value_heads}).`);
  }
  if (headDim(config) % 2 !== 0) {
    throw new InvalidArgumentError(`The head size (${headDim(config)}) must be even for rotary position embeddings.`);
  }
  if (!(config.rms_norm_eps > 0) || !(config.rope_theta > 0)) {
    throw new InvalidArgumentError('rms_norm_eps and rope_theta must be positive numbers.');
  }
  for (const field of ['bos_token_id', 'eos_token_id', 'pad_token_id'] as const) {
    const id = config[field];
    if (id === undefined && field === 'pad_token_id') continue;
    if (!Number.isInteger(id) || id! < 0 || id! >= config.vocab_size) {
      throw new InvalidArgumentError(`LlamaConfig.${field} (${String(id)}) must be a token id below vocab_size (${config.vocab_size}).`);
    }
  }
}
