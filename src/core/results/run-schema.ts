// Runtime validators for `RunResult` and everything inside it, built from validate.ts so that the
// compiler checks every field of the types has a check. Measured figures accept null (NaN exported).
import type { LoadReport, LoadedFile, ModelSpec, VariantSpec } from '../engines/types.ts';
import type { KldSummary } from '../metrics/baseline-comparison.ts';
import type { LatencySummary } from '../metrics/latency.ts';
import type { MetricQuality } from '../metrics/quality.ts';
import type {
  AdapterDescription, AgreementResult, ComparisonResult, DeviceDescription, GenerationSummary,
  LatencyResult, PerplexityResult, RunError, RunResult, VariantDescription,
} from './run-result.ts';
import {
  array, boolean, fail, integer, literal, nonNegative, nullable, numberOrNaN as figure, object, optional, string, tagged, type Check,
} from './validate.ts';

const device = literal('webgpu', 'wasm');
const backend = literal('onnx', 'mlc');
const onnxDtype = literal('fp32', 'fp16', 'q8', 'q4', 'q4f16');
const count: Check<number> = (value, path) => nonNegative(integer(value, path), path);

const modelSpec: Check<ModelSpec> = tagged<ModelSpec, 'source'>('source', {
  'demo-pack': object({ source: literal('demo-pack'), modelId: string, dtype: onnxDtype, file: optional(string) }),
  'hf-onnx': object({ source: literal('hf-onnx'), repoId: string, dtype: onnxDtype, revision: optional(string) }),
  'stored-variant': object({ source: literal('stored-variant'), variantId: string }),
  'mlc-prebuilt': object({ source: literal('mlc-prebuilt'), modelId: string }),
});

const variantSpec = object<VariantSpec>({ model: modelSpec, device, label: optional(string) });

const adapter = object<AdapterDescription>({ vendor: string, architecture: string, description: string });

export const deviceDescription = object<DeviceDescription>({
  adapter: nullable(adapter),
  features: array(string),
  userAgent: string,
  hardwareConcurrency: nullable(count),
  deviceMemoryGb: nullable(nonNegative),
});

const variantDescription = object<VariantDescription>({
  engine: backend,
  model: string,
  spec: variantSpec,
  dtype: nullable(string),
  recipe: nullable(string),
  device,
  executionProvider: nullable(device),
  sizeOnDiskBytes: nullable(count),
});

const loadedFile = object<LoadedFile>({ name: string, bytes: count, fromCache: boolean });

const loadReport = object<LoadReport>({
  backend,
  requestedDevice: device,
  executionProvider: device,
  adapter: string,
  bytesDownloaded: count,
  bytesFromCache: count,
  sizeOnDiskBytes: count,
  loadMs: figure,
  files: array(loadedFile),
  vocabSize: count,
  maxContext: count,
  tokenizerKey: string,
});

const generation = object<GenerationSummary>({
  text: string,
  tokenIds: optional(array(count)),
  tokenTexts: optional(array(string)),
  tokenCount: count,
  promptTokenCount: count,
  timeToFirstTokenMs: figure,
  prefillTokensPerS: figure,
  decodeTokensPerS: figure,
  totalMs: figure,
  finishReason: literal('stop', 'length', 'cancelled'),
  sampling: optional(string),
});

const latencySummary = object<LatencySummary>({
  samples: count, discarded: count, median: figure, p90: figure, mean: figure, min: figure, max: figure,
});

const latency = object<LatencyResult>({
  timeToFirstTokenMs: latencySummary,
  prefillTokensPerS: latencySummary,
  decodeTokensPerS: latencySummary,
  totalMs: latencySummary,
});

const quality = object<MetricQuality>({
  exact: boolean,
  method: literal('forced-full-logits', 'forced-top-k', 'greedy-generation'),
  notes: array(string),
});

const perplexity = object<PerplexityResult>({
  value: figure, stdErr: figure, meanNll: figure, tokens: count, context: count, stride: count, method: optional(literal('strided', 'llama.cpp')), tokenizerKey: string, quality,
});

const kldSummary = object<KldSummary>({
  mean: figure, stdErr: figure, median: figure, p90: figure, p95: figure, p99: figure, p999: optional(figure), min: figure, max: figure,
});

const comparison = object<ComparisonResult>({
  baselineRunId: string,
  positions: count,
  kld: kldSummary,
  // Absent in runs stored before full-vocabulary KLD: those were top-64 bounds (kldMethodOf).
  kldMethod: optional(literal('full', 'topK')),
  kldTopK: optional(nullable(count)),
  sameTop1: object({ fraction: figure, stdErr: figure }),
  deltaP: object({ mean: figure, stdErr: figure, rms: figure, rmsStdErr: figure }),
  logPerplexityRatio: object({ mean: figure, stdErr: figure }),
  approximatedEntries: count,
  quality,
});

const agreement = object<AgreementResult>({
  baselineRunId: string,
  baselineTokens: count,
  variantTokens: count,
  matchingPrefix: count,
  firstDivergence: nullable(count),
  prefixAgreement: figure,
  overallAgreement: figure,
});

const runError = object<RunError>({ code: string, message: string });

/** Validates one run; `path` prefixes field names in errors (e.g. `runs[3]`). */
export const runResult: Check<RunResult> = object<RunResult>({
  id: (value, path) => {
    const id = string(value, path);
    return id.length > 0 ? id : fail(path, 'a non-empty string', value);
  },
  createdAt: (value, path) => {
    const text = string(value, path);
    return Number.isNaN(Date.parse(text)) ? fail(path, 'an ISO 8601 date', value) : text;
  },
  variant: variantDescription,
  device: deviceDescription,
  prompt: nullable(string),
  load: nullable(loadReport),
  generation: nullable(generation),
  latency: nullable(latency),
  perplexity: nullable(perplexity),
  comparison: nullable(comparison),
  greedyAgreement: nullable(agreement),
  outputText: string,
  error: nullable(runError),
});
