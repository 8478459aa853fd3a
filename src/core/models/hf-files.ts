// The files of a model folder in the transformers.js repository layout: `config.json`,
// `generation_config.json`, `tokenizer.json`, `tokenizer_config.json` at the root and
// `onnx/model.onnx`. Pure: returns path -> bytes; JSON is written with a fixed key order so the
// same inputs always give byte-identical files.
import { InvalidArgumentError } from '../errors.ts';
import type { BpeModel } from '../tokenizer/bpe-model.ts';
import { toTokenizerConfig, toTokenizerJson, type SpecialTokenRoles } from '../tokenizer/tokenizer-json.ts';
import { headDim, type LlamaConfig } from './llama-config.ts';
import { buildLlamaOnnx } from './llama-onnx.ts';
import type { LlamaWeights } from './llama-weights.ts';
import { encodeOnnxModel } from './onnx-graph.ts';

/** Stable, human-readable JSON (2-space indent, trailing newline). */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

/** `config.json` as Hugging Face writes it for LlamaForCausalLM, plus the transformers.js defaults. */
export function llamaHfConfig(config: LlamaConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: config.vocab_size,
    hidden_size: config.hidden_size,
    intermediate_size: config.intermediate_size,
    num_hidden_layers: config.num_hidden_layers,
    num_attention_heads: config.num_attention_heads,
    num_key_value_heads: config.num_key_value_heads,
    head_dim: headDim(config),
    hidden_act: 'silu',
    max_position_embeddings: config.max_position_embeddings,
    rms_norm_eps: config.rms_norm_eps,
    rope_theta: config.rope_theta,
    rope_scaling: null,
    attention_bias: false,
    attention_dropout: 0,
    mlp_bias: false,
    pretraining_tp: 1,
    initializer_range: 0.02,
    tie_word_embeddings: config.tie_word_embeddings,
    bos_token_id: config.bos_token_id,
    eos_token_id: config.eos_token_id,
    ...(config.pad_token_id === undefined ? {} : { pad_token_id: config.pad_token_id }),
    use_cache: true,
    torch_dtype: 'float32',
    'transformers.js_config': { dtype: 'fp32' },
  };
}

/** Reads the LlamaConfig fields back from a `config.json` object. */
export function llamaConfigFromHf(json: Record<string, unknown>): LlamaConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InvalidArgumentError('config.json is not a JSON object; it does not describe a LLaMA model.');
  // Number() of a list calls its toString, which recurses through nested lists: only numbers and numeric text count.
  const num = (key: string): number => {
    const value = json[key];
    return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  };
  return {
    vocab_size: num('vocab_size'),
    hidden_size: num('hidden_size'),
    intermediate_size: num('intermediate_size'),
    num_hidden_layers: num('num_hidden_layers'),
    num_attention_heads: num('num_attention_heads'),
    num_key_value_heads: json.num_key_value_heads === undefined ? num('num_attention_heads') : num('num_key_value_heads'),
    max_position_embeddings: num('max_position_embeddings'),
    rms_norm_eps: num('rms_norm_eps'),
    rope_theta: json.rope_theta === undefined ? 10000 : num('rope_theta'),
    tie_word_embeddings: json.tie_word_embeddings === true,
    bos_token_id: num('bos_token_id'),
    eos_token_id: num('eos_token_id'),
    ...(json.pad_token_id === undefined || json.pad_token_id === null ? {} : { pad_token_id: num('pad_token_id') }),
  };
}

export function generationConfig(config: LlamaConfig): Record<string, unknown> {
  return {
    bos_token_id: config.bos_token_id,
    eos_token_id: config.eos_token_id,
    ...(config.pad_token_id === undefined ? {} : { pad_token_id: config.pad_token_id }),
    do_sample: false,
    max_length: config.max_position_embeddings,
  };
}

export interface ModelFolderInput {
  config: LlamaConfig;
  weights: LlamaWeights;
  tokenizer: BpeModel;
  roles: SpecialTokenRoles;
}

/** path (relative to the model folder) -> file bytes, in the transformers.js layout. */
export function llamaModelFolder({ config, weights, tokenizer, roles }: ModelFolderInput): Map<string, Uint8Array> {
  return new Map([
    ['config.json', jsonBytes(llamaHfConfig(config))],
    ['generation_config.json', jsonBytes(generationConfig(config))],
    ['tokenizer.json', jsonBytes(toTokenizerJson(tokenizer))],
    ['tokenizer_config.json', jsonBytes(toTokenizerConfig(tokenizer, roles, config.max_position_embeddings))],
    ['onnx/model.onnx', encodeOnnxModel(buildLlamaOnnx(config, weights))],
  ]);
}
