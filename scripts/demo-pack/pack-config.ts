// Data for the demo pack: the teacher and student architectures, tokenizer size, training
// hyperparameters and evaluation settings. Sized so the whole build takes ~15-20 minutes on two CPU
// cores (tfjs wasm backend) while the teacher still learns visibly English continuations.
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';
import type { TrainOptions } from '../../src/core/train/trainer.ts';

export const MODEL_NAME = 'moby-llama-1m';
export const SEED = 1851;

export const SPECIAL_TOKENS = { bos: '<s>', eos: '</s>', pad: '<pad>' } as const;
export const VOCAB_SIZE = 1024;
export const CONTEXT_LENGTH = 128;

/** Last 5% of the 138 documents (chapters 130-135 and the epilogue) are held out. */
export const HELDOUT_FRACTION = 0.05;
/** heldout.txt: the start of the held-out text, cut at a paragraph, at most this many bytes. */
export const EXCERPT_MAX_BYTES = 8 * 1024;

/**
 * calibration.txt: training text for AWQ and Wanda, from chapter 1 on (the Etymology and Extracts
 * that open the book are lists of quotations, unlike the prose the model is scored on), at most
 * this many bytes, cut at a paragraph.
 */
export const CALIBRATION_FIRST_DOCUMENT = '1';
export const CALIBRATION_MAX_BYTES = 8 * 1024;

const tokenIds = { bos_token_id: 0, eos_token_id: 1, pad_token_id: 2 };

export const TEACHER_CONFIG: LlamaConfig = {
  vocab_size: VOCAB_SIZE,
  hidden_size: 128,
  intermediate_size: 352,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_position_embeddings: CONTEXT_LENGTH,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: false,
  ...tokenIds,
};

/** Half width, half depth, same tokenizer: what the distillation lab trains from the teacher. */
export const STUDENT_CONFIG: LlamaConfig = {
  ...TEACHER_CONFIG,
  hidden_size: 64,
  intermediate_size: 176,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  num_key_value_heads: 1,
};

// 720 steps of 8 x 128 tokens (~1.8 epochs). At equal tokens, batches of 8 reached a clearly lower
// held-out loss than batches of 16 in this compute regime (measured: 5.30 vs 5.91 nats after 102k tokens).
export const DEFAULT_TRAIN_STEPS = 720;

export function teacherTrainOptions(steps: number): TrainOptions {
  return {
    steps,
    batchSize: 8,
    contextLength: CONTEXT_LENGTH,
    learningRate: 3e-3,
    minLearningRate: 3e-4,
    warmupSteps: Math.min(20, Math.max(1, Math.floor(steps / 10))),
    seed: SEED,
    optimizer: { beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1, gradClip: 1 },
  };
}

/** Perplexity windows: each window is CONTEXT_LENGTH tokens; after the first, only the last STRIDE are scored. */
export const EVAL_STRIDE = 64;

export const SAMPLE_PROMPTS = ['Call me Ishmael. ', 'The whale', 'Captain Ahab', 'The sea was', 'Queequeg'];
export const SAMPLE_NEW_TOKENS = 32;
