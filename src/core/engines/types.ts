// The contract every inference engine implements (ONNX over transformers.js + onnxruntime-web, MLC
// over web-llm): what to load (`VariantSpec`), how to generate and score, and the reports they
// return. Types only; engines live in their own modules and are the only ones to import a runtime.
import type { BaselineComparison } from '../metrics/baseline-comparison.ts';
import type { LogProbTable } from '../metrics/log-prob-table.ts';
import type { PerplexityMethod } from '../metrics/scoring-plan.ts';
import type { TopKDistribution } from '../metrics/top-k.ts';

/** Where the model runs: the execution provider asked for, and the one a report says really ran. */
export type Device = 'webgpu' | 'wasm';

/** Which engine family runs a variant. */
export type Backend = 'onnx' | 'mlc';

/** transformers.js weight files: `onnx/model.onnx` (fp32), `model_fp16`, `model_quantized` (q8), `model_q4`, `model_q4f16`. */
export type OnnxDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** An ONNX model with a tokenizer and config: what a stored (compressed) variant was derived from. */
export type OnnxModelRef =
  | { source: 'demo-pack'; modelId: string }
  | { source: 'hf-onnx'; repoId: string; revision?: string };

/** What to load. Tagged by `source`; the engine that can run it follows from the source (`backendOf`). */
export type ModelSpec =
  | {
      /** A model of the offline demo pack in `public/models/<modelId>/`. */
      source: 'demo-pack';
      modelId: string;
      dtype: OnnxDtype;
      /** Overrides the file the dtype implies (path inside the model folder, e.g. `onnx/model_q4.onnx`). */
      file?: string;
    }
  | {
      /** A Hugging Face repository in transformers.js layout (`onnx/model_{dtype}.onnx`). */
      source: 'hf-onnx';
      repoId: string;
      dtype: OnnxDtype;
      revision?: string;
    }
  | {
      /**
       * A variant the Compress page produced, stored in IndexedDB under this id. Its record names the
       * `OnnxModelRef` it came from, whose tokenizer and config it reuses (compression changes weights only).
       */
      source: 'stored-variant';
      variantId: string;
    }
  | {
      /** A web-llm prebuilt model id, e.g. `SmolLM2-360M-Instruct-q4f16_1-MLC`. */
      source: 'mlc-prebuilt';
      modelId: string;
    };

export type ModelSource = ModelSpec['source'];

/** One runnable variant: a model and the device to run it on. */
export interface VariantSpec {
  model: ModelSpec;
  device: Device;
  /** Shown in tables; engines never derive behaviour from it. */
  label?: string;
}

export type ProgressPhase = 'download' | 'load' | 'compile' | 'generate' | 'score';

/** One progress update. Byte counts when bytes move, `fraction` (0..1) when the total is known. */
export interface EngineProgress {
  phase: ProgressPhase;
  /** Human-readable line, e.g. "Downloading onnx/model_q4.onnx". */
  text: string;
  loadedBytes?: number;
  totalBytes?: number;
  fraction?: number;
  /** The file the bytes belong to, when there are several. */
  file?: string;
}

export type ProgressCallback = (progress: EngineProgress) => void;

/** What an engine can do; the UI disables what a variant cannot, and metrics pick exact or approximate paths. */
export interface EngineCapabilities {
  backend: Backend;
  devices: readonly Device[];
  /** True when `score` runs the reference text teacher-forced and sees full logits (ONNX). web-llm cannot. */
  forcedScoring: boolean;
  /** Most alternatives per generated token `generate` can report (web-llm: 5; ONNX: the vocabulary). 0 = none. */
  maxTopLogProbs: number;
  /** True when generated token ids are reported (needed for token-level greedy agreement). */
  tokenIds: boolean;
  /** True when a seed makes sampling reproducible. */
  seededSampling: boolean;
  /** True when decoding can ignore EOS and run exactly `maxNewTokens` (fixed-length timing). */
  fixedLength: boolean;
}

export interface LoadedFile {
  name: string;
  bytes: number;
  fromCache: boolean;
}

export interface LoadReport {
  backend: Backend;
  /** The device asked for. */
  requestedDevice: Device;
  /** The execution provider that actually ran: never a silent fallback. */
  executionProvider: Device;
  /** Adapter description when on WebGPU (vendor / architecture / description), else the wasm build. */
  adapter: string;
  bytesDownloaded: number;
  bytesFromCache: number;
  /** Weights as stored (all files summed). */
  sizeOnDiskBytes: number;
  loadMs: number;
  files: LoadedFile[];
  /** Model facts the metrics need. */
  vocabSize: number;
  maxContext: number;
  /** Identifies the tokenizer (e.g. repo id + hash of tokenizer.json): scores compare only under the same key. */
  tokenizerKey: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A raw prompt (no template) or chat messages (the model's chat template applies). */
export type GenerationInput = string | readonly ChatMessage[];

/** The older form of the sampling options; the flat fields of `GenerateOptions` win over it. */
export type Sampling =
  | { kind: 'greedy' }
  | { kind: 'sample'; temperature: number; topP: number; seed: number };

/**
 * Greedy unless `temperature` > 0. The warpers run in llama.cpp / transformers order: repetition
 * penalty, temperature, top-k, top-p, then a draw from the seeded generator (same seed, same engine:
 * same text). See `resolveSampling` in generation-options.ts.
 */
export interface GenerateOptions {
  maxNewTokens: number;
  /** Older form of the fields below (absent = greedy). */
  sampling?: Sampling;
  /** Softmax temperature; 0 or absent = greedy (argmax). */
  temperature?: number;
  /** Keep only the k most likely tokens before sampling; 0 or absent = no limit. */
  topK?: number;
  /** Nucleus sampling threshold in (0, 1]; absent = 1 (off). */
  topP?: number;
  /** CTRL repetition penalty (> 1 discourages tokens already in prompt or output); absent = 1 (off). Applies to greedy too. */
  repetitionPenalty?: number;
  /** Seed of the sampler's pseudo-random generator (integer, 0..2^32-1); absent = 0. */
  seed?: number;
  /** Generation ends when the decoded continuation contains one of these; the stop string is not returned. */
  stop?: readonly string[];
  /** Decode exactly `maxNewTokens`, ignoring EOS, so timings compare across variants. */
  ignoreEos?: boolean;
  /** Report top-n log-probs per generated token (clamped to `capabilities.maxTopLogProbs`). 0 or absent: none. */
  topLogProbs?: number;
  signal?: AbortSignal;
}

export interface GeneratedToken {
  /** 0-based index among generated tokens. */
  index: number;
  text: string;
  id?: number;
}

export type TokenCallback = (token: GeneratedToken) => void;

/** stop = EOS or a stop sequence; length = maxNewTokens (or the context) reached. */
export type FinishReason = 'stop' | 'length' | 'cancelled';

export interface GenerationReport {
  text: string;
  /** Generated token ids, when the engine exposes them. */
  tokenIds?: number[];
  /** The text of each generated token in order (joined, they give `text`): lets the UI mark tokens that differ. */
  tokenTexts?: string[];
  tokenCount: number;
  promptTokenCount: number;
  /** From start of the call to the first generated token (includes prefill). */
  timeToFirstTokenMs: number;
  prefillTokensPerS: number;
  /** Tokens after the first divided by the time after the first. */
  decodeTokensPerS: number;
  totalMs: number;
  finishReason: FinishReason;
  /** Per generated token: its log-prob and top-n alternatives (rows = tokenCount, targetIds = tokenIds). */
  tokenLogProbs?: TopKDistribution;
}

export interface ScoreOptions {
  /** Tokens per window (at most the model's context). */
  context: number;
  /** Which positions are scored (metrics/scoring-plan.ts). Default strided. */
  method?: PerplexityMethod;
  /** Strided method's window step; tokens scored per window after the first (see `planWindows`). Default context / 2. */
  stride?: number;
  /** Alternatives kept per position. Default 64 (`DEFAULT_TOP_K`). */
  topK?: number;
  /** Prepend the tokenizer's BOS token if the model expects one. Default true. */
  addBos?: boolean;
  /** When given, the engine also compares against it while it still has full logits. */
  baseline?: TopKDistribution;
  /** The baseline's full distributions (same rows as `baseline`): the KLD is then over the full vocabulary. */
  baselineFull?: LogProbTable;
  /** Keep this model's full distributions (`ScoreResult.full`), to serve as a baseline later. */
  keepFull?: boolean;
  signal?: AbortSignal;
}

export { DEFAULT_TOP_K } from '../metrics/top-k.ts';

export interface ScoreResult {
  /** The tokenization of the text: [n] ids. */
  tokenIds: Int32Array;
  tokenizerKey: string;
  context: number;
  stride: number;
  method: PerplexityMethod;
  /** [rows] the token index each distribution row predicts (strided: 1..n-1; llama.cpp: second halves of chunks). */
  positions: Int32Array;
  /** One row per scored position: row i predicts tokenIds[positions[i]]. */
  distribution: TopKDistribution;
  /** Present with `options.keepFull`: every scored position's full distribution, compactly. */
  full?: LogProbTable;
  /** Present when `options.baseline` was given: computed from full logits. */
  comparison?: BaselineComparison;
  totalMs: number;
}

/** One engine instance holds at most one loaded variant. Calls are serialized by the caller. */
export interface Engine {
  readonly capabilities: EngineCapabilities;
  /** Loads (downloading or reading from cache) and compiles the variant; replaces any loaded one. */
  load(spec: VariantSpec, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<LoadReport>;
  /** Generates from a prompt; a cancelled signal ends with finishReason 'cancelled', not an error. */
  generate(input: GenerationInput, options: GenerateOptions, onToken?: TokenCallback): Promise<GenerationReport>;
  /** Teacher-forced scoring of a reference text. Throws `EngineError` when `capabilities.forcedScoring` is false. */
  score(text: string, options: ScoreOptions, onProgress?: ProgressCallback): Promise<ScoreResult>;
  /** Frees the model and its GPU buffers. Safe to call when nothing is loaded. */
  unload(): Promise<void>;
}
