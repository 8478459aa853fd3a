// What a distillation run is configured with, its defaults, and the checks on student vs teacher
// that must pass before any training starts (same vocabulary and tokenizer, a context the teacher
// was built for, a usable transfer set).
import type { LlamaConfig } from '../models/llama-config.ts';
import { validateLlamaConfig } from '../models/llama-config.ts';
import { DistillConfigError } from './errors.ts';

export interface DistillOptions {
  steps: number;
  batchSize: number;
  /** Tokens per training window. */
  contextLength: number;
  /** Soft-loss weight in [0, 1]; 0 = hard labels only (the baseline student). */
  alpha: number;
  /** Temperature of the soft loss, > 0. */
  temperature: number;
  /** Seeds the student's init and the data order. */
  seed: number;
  learningRate: number;
  minLearningRate: number;
  warmupSteps: number;
  weightDecay: number;
  /** Global gradient-norm clip (0 = off). */
  gradClip: number;
  /** Keep every window's teacher logits after its first visit (memory shown) instead of recomputing. */
  cacheTeacher: boolean;
}

export const DEFAULT_DISTILL_OPTIONS: DistillOptions = {
  steps: 200,
  batchSize: 8,
  contextLength: 64,
  alpha: 0.5,
  temperature: 2,
  seed: 1,
  learningRate: 3e-3,
  minLearningRate: 3e-4,
  warmupSteps: 20,
  weightDecay: 0.1,
  gradClip: 1,
  cacheTeacher: true,
};

function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new DistillConfigError(`${name} must be a positive integer, got ${value}.`);
}

export function checkDistillOptions(options: DistillOptions): void {
  positiveInteger('steps', options.steps);
  positiveInteger('batch size', options.batchSize);
  positiveInteger('context', options.contextLength);
  if (!(options.alpha >= 0 && options.alpha <= 1)) throw new DistillConfigError(`alpha must be in [0, 1] (0 = hard labels only, 1 = teacher only), got ${options.alpha}.`);
  if (!(options.temperature > 0 && Number.isFinite(options.temperature))) throw new DistillConfigError(`The temperature must be a positive number (typical: 1 to 4), got ${options.temperature}.`);
  if (!(options.learningRate > 0)) throw new DistillConfigError(`The learning rate must be positive, got ${options.learningRate}.`);
  if (!Number.isInteger(options.warmupSteps) || options.warmupSteps < 0) throw new DistillConfigError(`Warmup steps must be a non-negative integer, got ${options.warmupSteps}.`);
}

export interface TokenizerIdentity {
  /** tokenizer.json of each side, when known; compared by content. */
  teacher?: string;
  student?: string;
}

/** Throws DistillConfigError unless the student can learn from the teacher's logits as configured. */
export function checkStudentAgainstTeacher(student: LlamaConfig, teacher: LlamaConfig, contextLength: number, tokenizers: TokenizerIdentity = {}): void {
  try {
    validateLlamaConfig(student);
  } catch (error) {
    throw new DistillConfigError(`The student config is not a buildable LLaMA: ${(error as Error).message}`, { cause: error });
  }
  if (student.vocab_size !== teacher.vocab_size) {
    throw new DistillConfigError(
      `The student's vocabulary has ${student.vocab_size} tokens but the teacher's has ${teacher.vocab_size}. Distillation compares the two softmaxes token by token, so the student must use the teacher's tokenizer: set vocab_size to ${teacher.vocab_size} in the student config.`,
    );
  }
  for (const key of ['bos_token_id', 'eos_token_id', 'pad_token_id'] as const) {
    if (student[key] !== undefined && teacher[key] !== undefined && student[key] !== teacher[key]) {
      throw new DistillConfigError(`The student's ${key} is ${student[key]} but the teacher's is ${teacher[key]}: the student must use the teacher's tokenizer and special tokens. Set ${key} to ${teacher[key]}.`);
    }
  }
  if (tokenizers.student !== undefined && tokenizers.teacher !== undefined && tokenizers.student !== tokenizers.teacher) {
    throw new DistillConfigError("The student comes with its own tokenizer.json, different from the teacher's. The student is trained and exported with the teacher's tokenizer: remove the student's tokenizer or use the teacher's.");
  }
  if (contextLength > teacher.max_position_embeddings) {
    throw new DistillConfigError(`A context of ${contextLength} tokens is longer than the teacher's ${teacher.max_position_embeddings}: the teacher's logits beyond it are not trustworthy. Use a context of at most ${teacher.max_position_embeddings}.`);
  }
  if (contextLength > student.max_position_embeddings) {
    throw new DistillConfigError(`A context of ${contextLength} tokens is longer than the student's max_position_embeddings (${student.max_position_embeddings}). Lower the context or raise the student's max_position_embeddings.`);
  }
}
