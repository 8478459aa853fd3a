// The shape of a decoder-only transformer as the planner needs it, read from a Hugging Face
// `config.json` (LLaMA, Mistral, Qwen2/Qwen3, Phi-3, Gemma 1/2/3, Phi-2, StableLM) and validated:
// every failure is a PlanInputError naming the config field. Counting lives in ./tensors.ts.
import { PlanInputError } from './errors.ts';
import { previewJson } from '../json-preview.ts';

export interface ModelArchitecture {
  /** HF `model_type` (llama, qwen2, phi3, gemma2...). */
  family: string;
  vocab: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  /** Per-head width; Gemma sets it apart from hidden / heads (256). */
  headDim: number;
  intermediate: number;
  /** The LM head reuses the embedding table (one tensor in the checkpoint). */
  tiedEmbeddings: boolean;
  /** gated: gate, up, down (SwiGLU/GeGLU); plain: fc1, fc2 (Phi-2, GPT-NeoX). */
  mlp: 'gated' | 'plain';
  /** rms: weight only; layer: weight and bias. */
  norm: 'rms' | 'layer';
  /** 2 for most; 1 for Phi-2 (parallel block); 4 for Gemma 2/3 (pre and post norms). */
  normsPerLayer: number;
  /** Norms on queries and keys: per head (Qwen3, Gemma 3: head_dim each) or over the full width (OLMo 2). */
  qkNorm: 'none' | 'head' | 'full';
  qkvBias: boolean;
  outputBias: boolean;
  mlpBias: boolean;
  lmHeadBias: boolean;
  /** Phi-3 stores q, k, v as one qkv_proj and gate, up as one gate_up_proj: same counts, bigger tensors. */
  fusedQkv: boolean;
  fusedGateUp: boolean;
  /** max_position_embeddings: the context the model was trained for. */
  maxContext: number;
}

type Json = Record<string, unknown>;

/** Context lengths above this are not a plan but a typo (16M tokens). */
export const MAX_PLAUSIBLE_CONTEXT = 1 << 24;
const LIMITS = { vocab_size: 10_000_000, hidden_size: 1_000_000, num_hidden_layers: 10_000, intermediate_size: 10_000_000, num_attention_heads: 100_000 };

/** Families this module knows; other model_types are read as LLaMA-style with a warning. */
const FAMILY_DEFAULTS: Record<string, Partial<ModelArchitecture>> = {
  llama: {},
  mistral: {},
  qwen2: { qkvBias: true },
  qwen3: { qkNorm: 'head' },
  phi3: { fusedQkv: true, fusedGateUp: true },
  gemma: { tiedEmbeddings: true },
  gemma2: { tiedEmbeddings: true, normsPerLayer: 4 },
  gemma3_text: { tiedEmbeddings: true, normsPerLayer: 4, qkNorm: 'head' },
  olmo2: { qkNorm: 'full' },
  phi: { mlp: 'plain', norm: 'layer', normsPerLayer: 1, qkvBias: true, outputBias: true, mlpBias: true, lmHeadBias: true },
  stablelm: { norm: 'layer' },
};

export const KNOWN_FAMILIES = Object.keys(FAMILY_DEFAULTS);

function integerField(config: Json, field: keyof typeof LIMITS | 'num_key_value_heads' | 'head_dim' | 'max_position_embeddings', fallback?: number): number {
  const value = config[field] ?? fallback;
  if (value === undefined || value === null) throw new PlanInputError(`config.json has no ${field}; it is required to plan memory.`, field);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new PlanInputError(`config.json ${field} must be a positive integer; got ${previewJson(value)}.`, field);
  }
  const limit = field in LIMITS ? LIMITS[field as keyof typeof LIMITS] : MAX_PLAUSIBLE_CONTEXT;
  if (value > limit) throw new PlanInputError(`config.json ${field} = ${value} is beyond any real model (limit ${limit}); check the file.`, field);
  return value;
}

function booleanField(config: Json, field: string, fallback: boolean): boolean {
  const value = config[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new PlanInputError(`config.json ${field} must be true or false; got ${previewJson(value)}.`, field);
  return value;
}

/** Checks the relations between sizes; shared by configs and the built-in table. */
export function validateArchitecture(arch: ModelArchitecture): void {
  if (arch.heads % arch.kvHeads !== 0) {
    throw new PlanInputError(`num_attention_heads (${arch.heads}) must be a multiple of num_key_value_heads (${arch.kvHeads}) for grouped-query attention.`, 'num_key_value_heads');
  }
  for (const [field, value] of [['num_hidden_layers', arch.layers], ['hidden_size', arch.hidden], ['vocab_size', arch.vocab], ['head_dim', arch.headDim]] as const) {
    if (!Number.isInteger(value) || value <= 0) throw new PlanInputError(`${field} must be a positive integer; got ${value}.`, field);
  }
}

/** Multimodal configs nest the language model under text_config. */
function languageConfig(config: Json): Json {
  const text = config['text_config'];
  return typeof text === 'object' && text !== null && config['hidden_size'] === undefined ? (text as Json) : config;
}

/** Reads and validates a config.json object. `warnings` collects what was assumed. */
export function architectureFromConfig(raw: unknown, warnings: string[] = []): ModelArchitecture {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PlanInputError('config.json must be a JSON object.', 'config');
  const config = languageConfig(raw as Json);
  const family = typeof config['model_type'] === 'string' ? (config['model_type'] as string) : 'llama';
  const defaults = FAMILY_DEFAULTS[family];
  if (!defaults) warnings.push(`model_type '${family}' is not one of ${KNOWN_FAMILIES.join(', ')}; read as a LLaMA-style decoder.`);
  const d = defaults ?? {};
  const hidden = integerField(config, 'hidden_size');
  const heads = integerField(config, 'num_attention_heads');
  const layers = integerField(config, 'num_hidden_layers');
  const explicitHeadDim = config['head_dim'] !== undefined && config['head_dim'] !== null;
  if (!explicitHeadDim && hidden % heads !== 0) {
    throw new PlanInputError(`num_attention_heads (${heads}) does not divide hidden_size (${hidden}), and there is no head_dim to say the head width.`, 'num_attention_heads');
  }
  const arch: ModelArchitecture = {
    family,
    vocab: integerField(config, 'vocab_size'),
    hidden,
    layers,
    heads,
    kvHeads: integerField(config, 'num_key_value_heads', heads),
    headDim: integerField(config, 'head_dim', hidden / heads),
    intermediate: integerField(config, 'intermediate_size'),
    tiedEmbeddings: booleanField(config, 'tie_word_embeddings', d.tiedEmbeddings ?? false),
    mlp: d.mlp ?? 'gated',
    norm: d.norm ?? 'rms',
    normsPerLayer: d.normsPerLayer ?? 2,
    qkNorm: d.qkNorm ?? 'none',
    qkvBias: booleanField(config, 'attention_bias', false) || booleanField(config, 'use_qkv_bias', false) || (d.qkvBias ?? false),
    outputBias: booleanField(config, 'attention_bias', false) || (d.outputBias ?? false),
    mlpBias: booleanField(config, 'mlp_bias', false) || (d.mlpBias ?? false),
    lmHeadBias: d.lmHeadBias ?? false,
    fusedQkv: d.fusedQkv ?? false,
    fusedGateUp: d.fusedGateUp ?? false,
    maxContext: integerField(config, 'max_position_embeddings', 2048),
  };
  if (config['max_position_embeddings'] === undefined) warnings.push('config.json has no max_position_embeddings; assumed 2048.');
  validateArchitecture(arch);
  return arch;
}
