// Builds the LoadReport of one web-llm load from what the browser side observed: the cached files
// (exact sizes from tensor-cache.json), the progress texts (whether weights were fetched, the GPU
// label) and the wall clock.
import type { LoadReport, LoadedFile } from '../types.ts';
import type { CachedModelSummary } from './cache-manifest.ts';
import { contextWindowOf, parseMlcModelId, type MlcModelRecord } from './model-record.ts';
import { adapterFromGpuLabel } from './progress.ts';

export interface MlcLoadReport extends LoadReport {
  /** 'cache-manifest': exact bytes from tensor-cache.json; 'progress-text': web-llm's MB figures, rounded up to 1 MiB. */
  sizeSource: 'cache-manifest' | 'progress-text';
  /** What `hasModelInCache` said before loading. */
  cachedBeforeLoad: boolean;
}

export interface MlcLoadObservation {
  record: MlcModelRecord;
  loadMs: number;
  cachedBeforeLoad: boolean;
  /** True when web-llm reported "Fetching param cache": some weight shard came from the network. */
  sawDownload: boolean;
  /** Largest MB figure in the progress texts, in bytes (fallback size). */
  progressWeightBytes: number;
  /** web-llm's "Finish loading on <label>", if it came. */
  gpuLabel: string | null;
  /** The probe's adapter description, used when web-llm gave no label. */
  probedAdapter: string;
  summary: CachedModelSummary | null;
  /** e.g. `sha256:<16 hex>` of tokenizer.json; null when it could not be read. */
  tokenizerHash: string | null;
}

const sumBytes = (files: readonly LoadedFile[], fromCache: boolean) => files.filter((f) => f.fromCache === fromCache).reduce((sum, f) => sum + f.bytes, 0);

/**
 * The key scores are compared under: the tokenizer file's hash when known (rungs of one base model
 * share it), else the base model name.
 */
export function mlcTokenizerKey(record: MlcModelRecord, tokenizerHash: string | null): string {
  return tokenizerHash ?? `mlc:${parseMlcModelId(record.model_id)?.base ?? record.model_id}`;
}

export function buildMlcLoadReport(observed: MlcLoadObservation): MlcLoadReport {
  // web-llm prints "Fetching param cache" only when a shard was missing from its cache, so the
  // progress says what really happened; a partly cached model counts as downloaded.
  const fromCache = !observed.sawDownload;
  const files: LoadedFile[] = observed.summary
    ? observed.summary.files.map((file) => ({ ...file, fromCache }))
    : [{ name: 'weights (size from web-llm progress, rounded up to 1 MiB)', bytes: observed.progressWeightBytes, fromCache }];
  return {
    backend: 'mlc',
    requestedDevice: 'webgpu',
    executionProvider: 'webgpu',
    adapter: observed.gpuLabel ? adapterFromGpuLabel(observed.gpuLabel) : observed.probedAdapter,
    bytesDownloaded: sumBytes(files, false),
    bytesFromCache: sumBytes(files, true),
    sizeOnDiskBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    loadMs: observed.loadMs,
    files,
    // 0 = unknown: web-llm's mlc-chat-config.json could not be read back from its cache.
    vocabSize: observed.summary?.vocabSize ?? 0,
    maxContext: observed.summary?.maxContext ?? contextWindowOf(observed.record) ?? 0,
    tokenizerKey: mlcTokenizerKey(observed.record, observed.tokenizerHash),
    sizeSource: observed.summary ? 'cache-manifest' : 'progress-text',
    cachedBeforeLoad: observed.cachedBeforeLoad,
  };
}
