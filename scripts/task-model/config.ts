// Data for the task model: its name, seed, tokenizer size, architecture and the paths the build
// steps share. train.py reads the same numbers from .cache/task-model/data/meta.json (written by
// prepare.ts), so this file is the single place they are set.
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';

export const MODEL_NAME = 'world-llama-3m';
/** The world the model is trained on: the seed of the built-in pack (public/tasks/demo-world, docs/task-pack.md). */
export const WORLD_SEED = 1;
/** Seed of the build's own randomness: drills, weight init, batch order. */
export const SEED = 2026;

export const SPECIAL_TOKENS = { bos: '<s>', eos: '</s>', pad: '<pad>' } as const;
/** Upper bound for the BPE trainer; merges that would glue digits together are dropped afterwards. */
export const TOKENIZER_VOCAB_TARGET = 1024;
export const CONTEXT_LENGTH = 512;

/** Where the build keeps its intermediate files (ignored by git; the next session may resume from it). */
export const CACHE_DIR = '.cache/task-model';
export const PACK_DIR = '.cache/task-pack';
export const DATA_DIR = `${CACHE_DIR}/data`;
export const EXPORT_DIR = `${CACHE_DIR}/export`;

/** LLaMA shape; vocab_size is filled in from the trained tokenizer. */
export function taskModelConfig(vocabSize: number): LlamaConfig {
  return {
    vocab_size: vocabSize,
    // Narrower than the 256-wide first plan: on two cores shared by several people the 192-wide model
    // runs ~1.5x more tokens in the same time (measured side by side), and depth is kept for copying.
    hidden_size: 192,
    intermediate_size: 512,
    num_hidden_layers: 6,
    num_attention_heads: 6,
    num_key_value_heads: 3,
    max_position_embeddings: CONTEXT_LENGTH,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    tie_word_embeddings: false,
    bos_token_id: 0,
    eos_token_id: 1,
    pad_token_id: 2,
  };
}
