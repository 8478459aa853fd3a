// Shared types of the compression engine: the recipe (ordered steps, JSON), what a step reports,
// and the calibration data some steps need (activation statistics of MatMul inputs).
import type { DeviceSupport } from '../compare/variant-options.ts';
import type { ActivationStats } from './kernels/activation-stats.ts';

/** Which weights a step touches. Patterns are JavaScript regular expressions matched against initializer names. */
export interface TensorSelection {
  include?: string[];
  exclude?: string[];
  /** Skip weights with fewer elements than this. */
  minElements?: number;
}

export type QuantMethod = 'fp16' | 'int8' | 'q4' | 'q8' | 'q8dyn';

export interface QuantizeStep {
  kind: 'quantize';
  method: QuantMethod;
  /** MatMulNBits block size (q4/q8): 16, 32, 64 or 128. Default 32. */
  blockSize?: number;
  /** q4/q8: false stores packed zero points (asymmetric). Default true. */
  symmetric?: boolean;
  /** q4 only: activation-aware scaling searched on calibration activations. */
  awq?: boolean;
  /** q4/q8: also quantize the token embedding table as GatherBlockQuantized (WebGPU only). */
  embeddings?: boolean;
  select?: TensorSelection;
}

export type SparsityPattern = 'unstructured' | '2:4' | '4:8';

export interface PruneStep {
  kind: 'prune';
  method: 'magnitude' | 'wanda';
  /** 0..0.95 for unstructured; ignored for N:M patterns (fixed by the pattern). */
  sparsity: number;
  pattern: SparsityPattern;
  /** Where the threshold is taken (unstructured only). Default 'per-output'. */
  scope?: 'per-output' | 'per-tensor' | 'global';
  select?: TensorSelection;
}

export interface PruneNeuronsStep {
  kind: 'prune-neurons';
  /** Share of each layer's MLP intermediate neurons to remove, 0..0.95. */
  sparsity: number;
  score: 'l2' | 'wanda';
}

export type RecipeStep = QuantizeStep | PruneStep | PruneNeuronsStep;

export interface Recipe {
  version: 1;
  name?: string;
  steps: RecipeStep[];
}

/** The text activations were measured on, as a person would name it, and its fingerprint. */
export interface CalibrationTextSource {
  /** 'moby-llama-1m/calibration.txt', the file given to --calib, 'pasted text'. */
  name: string;
  /** Hex SHA-256 of the text's UTF-8 bytes: what evaluation compares its own text with. */
  sha256: string;
}

/**
 * Which text calibrated a variant's activation-aware steps (AWQ, Wanda), as its provenance records
 * it. `sha256` is null only when activations were handed to the API without their text.
 */
export interface CalibrationRecord {
  name: string;
  sha256: string | null;
  /** Calibration tokens the activations were measured over. */
  tokens: number;
}

/** Activation statistics keyed by the name of the value that feeds a MatMul/Gemm (its input A). */
export interface CalibrationData {
  tokens: number;
  /** The text the statistics come from; recorded in the output's provenance. */
  source?: CalibrationTextSource;
  /** Per input value: statistics over calibration tokens (mean |x|, L2 norm per feature). */
  activations: Map<string, ActivationStats>;
  /** Some steps (AWQ) also need sample rows: [rows, features] row-major per input value. */
  samples: Map<string, { rows: number; features: number; data: Float32Array }>;
}

/** Per-weight outcome of every step that touched it. */
export interface TensorReport {
  name: string;
  step: number;
  method: string;
  shape: number[];
  /** Bytes as stored before and after (scales, zero points and padding included). */
  bytesBefore: number;
  bytesAfter: number;
  bitsPerWeight: number;
  rmse: number;
  maxAbsError: number;
  sqnrDb: number;
  /** Share of zeros after the step (pruning). */
  sparsity?: number;
  /**
   * Set when AWQ ran: the chosen alpha and the layer's output error ||X W - X' Q(W')||^2 on the
   * calibration rows, with plain rounding (alpha = 0) and with AWQ, each divided by ||X W||^2.
   */
  awq?: { alpha: number; errorRtn: number; errorBest: number };
}

export interface CompressReport {
  recipe: Recipe;
  toolVersion: string;
  inputSha256: string;
  input: { bytes: number; params: number };
  output: { bytes: number; gzipBytes: number; params: number };
  tensors: TensorReport[];
  /** Pruning: achieved sparsity over the pruned weights. */
  sparsity?: { target: number; achieved: number; prunedWeights: number; totalWeights: number };
  /** Structured pruning: new MLP width per layer. */
  structure?: { intermediateBefore: number; intermediateAfter: number; layers: number; paramsBefore: number; paramsAfter: number };
  /** Which devices the result runs on (the Compare matrix reads this). */
  support: DeviceSupport;
  /** Set when a step measured activations (AWQ, Wanda): the text that calibrated it. */
  calibration?: CalibrationRecord;
  /** Plain-words notes for the UI (e.g. that unstructured zeros only pay after compression). */
  notes: string[];
  ms: number;
}

export interface CompressProgress {
  step: number;
  steps: number;
  /** The weight being processed. */
  tensor: string;
  done: number;
  total: number;
  text: string;
}
