// The IndexedDB schema of the lab, current version. Large byte payloads (model files) are split into
// chunk records so no single record is huge; a metadata record lists the files and chunk counts.
// Baselines keep their top-k distributions as typed arrays (compact, structured-clone friendly).
import type { DBSchema } from 'idb';
import type { OnnxModelRef } from '../../core/engines/types.ts';
import type { TopKDistribution } from '../../core/metrics/top-k.ts';
import type { LogProbTable } from '../../core/metrics/log-prob-table.ts';
import type { PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import type { RunResult } from '../../core/results/run-result.ts';

export const DB_NAME = 'llm-lab';
/** Current schema version; migrations.ts has one step per version. */
export const DB_VERSION = 2;
/** Bytes per chunk record: large enough for few records, small enough to stay clear of per-value limits. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

export type VariantFileRole = 'model' | 'external-data' | 'other';

export interface VariantFileMeta {
  /** Path the model refers to it by, e.g. `model.onnx` or the external data `location`. */
  name: string;
  role: VariantFileRole;
  bytes: number;
  chunkCount: number;
}

/** A compressed variant's metadata; its bytes live in `variantChunks`. */
export interface VariantRecord {
  id: string;
  name: string;
  /** The model it was derived from (tokenizer and config come from there). */
  baseModel: OnnxModelRef;
  /** The recipe as the Compress page built it (JSON). */
  recipe: unknown;
  /** One line, e.g. "wanda 50% -> q4 block 32". */
  recipeSummary: string;
  createdAt: string;
  totalBytes: number;
  files: VariantFileMeta[];
  /** Free-form facts (parameter count, sparsity...), JSON. */
  metadata: Record<string, unknown>;
}

export interface VariantChunkRecord {
  variantId: string;
  file: string;
  index: number;
  /** A standalone buffer (never a view into a larger one: cloning a view stores the whole buffer). */
  bytes: ArrayBuffer;
}

/** A downloaded Hugging Face file (v2: bytes in `hubChunks`). */
export interface HubFileRecord {
  url: string;
  size: number;
  etag: string | null;
  contentType: string | null;
  storedAt: string;
  chunkCount: number;
}

export interface HubChunkRecord {
  url: string;
  index: number;
  bytes: ArrayBuffer;
}

/** Stored top-k distributions of a baseline run over a reference text. */
// Baselines stored before `full` existed hold top-k rows only: comparisons against them are labelled bounds.
export interface BaselineRecord {
  /** `baselineKey(...)`: model, tokenizer, text hash, context, stride, k. */
  key: string;
  model: string;
  tokenizerKey: string;
  textHash: string;
  context: number;
  stride: number;
  runId: string | null;
  createdAt: string;
  /** [n] the text's tokens. */
  tokenIds: Int32Array;
  distribution: TopKDistribution;
  /** The same positions' full distributions (uint16 per token), for full-vocabulary KLD; absent in older records. */
  full?: LogProbTable;
  /** Perplexity method the positions follow; absent in older records (strided). */
  method?: PerplexityMethod;
  /** Bytes of the typed arrays, for the storage view. */
  bytes: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface LabDbSchema extends DBSchema {
  variants: { key: string; value: VariantRecord };
  variantChunks: { key: [string, string, number]; value: VariantChunkRecord; indexes: { 'by-variant': string } };
  runs: { key: string; value: RunResult; indexes: { 'by-created': string; 'by-model': string } };
  baselines: { key: string; value: BaselineRecord };
  hubFiles: { key: string; value: HubFileRecord };
  hubChunks: { key: [string, number]; value: HubChunkRecord; indexes: { 'by-url': string } };
  settings: { key: string; value: SettingRecord };
}
