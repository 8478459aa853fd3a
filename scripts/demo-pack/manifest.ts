// The demo pack's manifest.json (one per model) and index.json (the pack's table of contents).
// Only reproducible facts go in: no dates, no timings, so rebuilding gives byte-identical files.
import { createHash } from 'node:crypto';
import { headDim, type LlamaConfig } from '../../src/core/models/llama-config.ts';
import { countParameters } from '../../src/core/models/llama-weights.ts';
import type { TrainOptions } from '../../src/core/train/trainer.ts';
import type { CorpusInfo, CorpusSplit } from './corpus.ts';
import { DOCUMENT_SEPARATOR } from './corpus.ts';
import type { PerplexityResult } from './evaluate.ts';

export interface ManifestInput {
  name: string;
  config: LlamaConfig;
  student: LlamaConfig;
  training: TrainOptions & { tokensSeen: number; trainTokens: number; finalLoss: number; backend: string };
  tokenizer: { vocabSize: number; merges: number; specialTokens: Record<string, string> };
  corpus: CorpusInfo;
  split: CorpusSplit;
  heldout: { tokens: number; perplexity: PerplexityResult; unigram: PerplexityResult; context: number; stride: number };
  excerpt: { file: string; bytes: number; tokens: number; perplexity: PerplexityResult; unigram: PerplexityResult };
  calibration: CalibrationFile;
  samples: Array<{ prompt: string; continuation: string }>;
  files: Map<string, Uint8Array>;
}

export interface CalibrationFile {
  file: string;
  /** Training documents it is taken from. */
  documents: string[];
  bytes: number;
  tokens: number;
}

/** The manifest's `calibration` entry (also used to add the file to a pack built before it existed). */
export function calibrationEntry(calibration: CalibrationFile): Record<string, unknown> {
  return {
    file: calibration.file,
    definition: 'The start of the training text from chapter 1 on, cut at a paragraph boundary: what AWQ and Wanda measure activations on. Taken from the training documents only, so no variant is calibrated on the held-out text it is scored on.',
    documents: calibration.documents,
    bytes: calibration.bytes,
    tokens: calibration.tokens,
  };
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

function architecture(config: LlamaConfig): Record<string, unknown> {
  return {
    architecture: 'LlamaForCausalLM',
    parameters: countParameters(config),
    layers: config.num_hidden_layers,
    hidden_size: config.hidden_size,
    intermediate_size: config.intermediate_size,
    num_attention_heads: config.num_attention_heads,
    num_key_value_heads: config.num_key_value_heads,
    head_dim: headDim(config),
    vocab_size: config.vocab_size,
    context_length: config.max_position_embeddings,
    tie_word_embeddings: config.tie_word_embeddings,
  };
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const { training, split, heldout, excerpt } = input;
  const files: Record<string, unknown> = {};
  for (const [path, bytes] of [...input.files].sort(([a], [b]) => a.localeCompare(b))) {
    files[path] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  return {
    name: input.name,
    description: 'A small LLaMA-architecture language model trained from scratch on Moby Dick by this project (npm run demo-pack), for the offline demos of quantization, pruning and distillation.',
    task: 'text-generation',
    format: 'transformers.js layout: onnx/model.onnx (fp32, opset 17, standard ops only) plus config.json, generation_config.json, tokenizer.json, tokenizer_config.json',
    ...architecture(input.config),
    tokenizer: {
      type: 'byte-level BPE (GPT-2 byte map and pre-tokenizer regex), trained on the training split by src/core/tokenizer/bpe-trainer.ts',
      vocab_size: input.tokenizer.vocabSize,
      merges: input.tokenizer.merges,
      special_tokens: input.tokenizer.specialTokens,
      adds_bos: false,
    },
    training: {
      framework: `TensorFlow.js (${training.backend} backend)`,
      seed: training.seed,
      steps: training.steps,
      batch_size: training.batchSize,
      context_length: training.contextLength,
      tokens_seen: training.tokensSeen,
      training_tokens: training.trainTokens,
      epochs: round(training.tokensSeen / training.trainTokens, 3),
      objective: 'next-token cross-entropy on random windows of the training token stream',
      optimizer: { name: 'AdamW', ...training.optimizer },
      learning_rate: { schedule: 'linear warmup then cosine decay', peak: training.learningRate, min: training.minLearningRate, warmup_steps: training.warmupSteps },
      final_loss: round(training.finalLoss),
    },
    corpus: {
      title: 'Moby Dick; or, The Whale',
      author: 'Herman Melville',
      source: `npm ${input.corpus.package}@${input.corpus.version} (read at build time; the text is not stored in the repository)`,
      licence: input.corpus.licence,
      documents: split.train.length + split.heldout.length,
      document_format: 'numbered chapters as "CHAPTER n. Title" + blank line + paragraphs (one per line); the table of contents is left out',
      document_separator: DOCUMENT_SEPARATOR,
      training_documents: `${split.train[0]!.id} .. ${split.train[split.train.length - 1]!.id}`,
    },
    heldout: {
      definition: `The last ${split.heldout.length} documents of the book (the last 5%), joined with the document separator; never seen by the tokenizer trainer or the model.`,
      documents: split.heldout.map((doc) => doc.id),
      characters: split.heldoutText.length,
      tokens: heldout.tokens,
      evaluation: `onnxruntime (wasm) on onnx/model.onnx; windows of ${heldout.context} tokens every ${heldout.stride} tokens, each window scoring only targets not scored before (every token but the first is scored once, with at least ${heldout.context - heldout.stride} tokens of context after the first window); PPL = exp(mean(logsumexp(z) - z_target))`,
      context: heldout.context,
      stride: heldout.stride,
      scored_tokens: heldout.perplexity.scored,
      perplexity: round(heldout.perplexity.perplexity),
      unigram_perplexity: round(heldout.unigram.perplexity),
      unigram_definition: 'p(t) = (count of t in the training tokens + 1) / (training tokens + vocab_size), over the same scored tokens',
    },
    excerpt: {
      file: excerpt.file,
      definition: 'The start of the held-out text, cut at a paragraph boundary: a short reference text for Compare and the eval tools.',
      bytes: excerpt.bytes,
      tokens: excerpt.tokens,
      perplexity: round(excerpt.perplexity.perplexity),
      unigram_perplexity: round(excerpt.unigram.perplexity),
    },
    calibration: calibrationEntry(input.calibration),
    samples: { decoding: 'greedy, KV cache, onnxruntime (wasm)', items: input.samples },
    student: {
      file: 'student-config.json',
      description: 'Half-width, two-layer LLaMA with the same tokenizer, for the distillation lab to train from this teacher.',
      ...architecture(input.student),
    },
    files,
  };
}

/** One entry per model folder; `role` is 'teacher' for a trained model the other demos derive from. */
export function buildIndex(models: Array<{ name: string; role: string; manifest: Record<string, unknown>; bytes: number }>): Record<string, unknown> {
  return {
    version: 1,
    models: models.map(({ name, role, manifest, bytes }) => ({
      name,
      path: `${name}/`,
      manifest: `${name}/manifest.json`,
      role,
      description: manifest.description,
      task: manifest.task,
      architecture: manifest.architecture,
      parameters: manifest.parameters,
      size_bytes: bytes,
    })),
  };
}
