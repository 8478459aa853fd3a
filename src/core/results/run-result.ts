// One run of one variant on one device: what ran, where, how fast and how well. Plain JSON data (no
// typed arrays) so it can be stored, exported and merged from several devices as is.
import type { Backend, Device, GenerationReport, LoadReport, VariantSpec } from '../engines/types.ts';
import type { BaselineComparison } from '../metrics/baseline-comparison.ts';
import type { GreedyAgreement } from '../metrics/generation-comparison.ts';
import type { LatencySummary } from '../metrics/latency.ts';
import type { PerplexityFigure } from '../metrics/perplexity.ts';
import type { PerplexityMethod } from '../metrics/scoring-plan.ts';
import type { MetricQuality } from '../metrics/quality.ts';

/** Bump when the stored or exported shape changes incompatibly (see json.ts for the envelope). */
export const RUN_SCHEMA_VERSION = 1;

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  description: string;
}

/** The device a run happened on, as the capability probe saw it. */
export interface DeviceDescription {
  /** WebGPU adapter info; null when WebGPU is unavailable. */
  adapter: AdapterDescription | null;
  /** Adapter features, e.g. `shader-f16`. */
  features: string[];
  /** Short user agent, e.g. "Chrome 131 on Linux" (`summarizeUserAgent`). */
  userAgent: string;
  hardwareConcurrency: number | null;
  /** The browser's deviceMemory in GB (Chrome rounds it); null when the browser hides it. */
  deviceMemoryGb: number | null;
}

export interface VariantDescription {
  engine: Backend;
  /** `describeModel(spec.model)`, e.g. `hf:onnx-community/SmolLM2-135M-Instruct (q4)`. */
  model: string;
  spec: VariantSpec;
  /** Weight format: an ONNX dtype, an MLC quantization (`q4f16_1`), or null. */
  dtype: string | null;
  /** Compression recipe summary for stored variants, e.g. "wanda 50% -> q4 block 32"; else null. */
  recipe: string | null;
  device: Device;
  /** What actually ran (from the load report); null when loading failed. */
  executionProvider: Device | null;
  sizeOnDiskBytes: number | null;
}

/** A generation report without per-token distributions (those stay out of stored results). */
export type GenerationSummary = Omit<GenerationReport, 'tokenLogProbs'> & {
  /** How the shown output was sampled ("greedy", "temperature 0.8, top-p 0.95, seed 7"); absent in older runs (greedy). */
  sampling?: string;
};

/** Repeated timed generations: one warm-up dropped, then median / p90 of each figure. */
export interface LatencyResult {
  timeToFirstTokenMs: LatencySummary;
  prefillTokensPerS: LatencySummary;
  decodeTokensPerS: LatencySummary;
  totalMs: LatencySummary;
}

export interface PerplexityResult extends PerplexityFigure {
  context: number;
  stride: number;
  /** Which positions were scored; absent in runs stored before the llama.cpp method existed (strided). */
  method?: PerplexityMethod;
  tokenizerKey: string;
  quality: MetricQuality;
}

export interface ComparisonResult extends BaselineComparison {
  /** The run whose stored distributions served as the baseline. */
  baselineRunId: string;
}

export interface AgreementResult extends GreedyAgreement {
  baselineRunId: string;
}

export interface RunError {
  code: string;
  message: string;
}

export interface RunResult {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  variant: VariantDescription;
  /** The device this run came from (kept when runs from several devices are merged). */
  device: DeviceDescription;
  prompt: string | null;
  load: LoadReport | null;
  /** The first timed generation (its text is the output shown). */
  generation: GenerationSummary | null;
  latency: LatencyResult | null;
  /** Each quality figure says whether it is exact (`quality.exact`); see `runApproximations`. */
  perplexity: PerplexityResult | null;
  comparison: ComparisonResult | null;
  greedyAgreement: AgreementResult | null;
  outputText: string;
  /** Set when the run failed part-way; the figures gathered before the failure stay. */
  error: RunError | null;
}

/** A new random run id. */
export function newRunId(): string {
  return globalThis.crypto.randomUUID();
}

/** Flags for the approximate figures of a run, one line each (empty when all are exact). */
export function runApproximations(run: RunResult): string[] {
  const flags: string[] = [];
  if (run.perplexity && !run.perplexity.quality.exact) flags.push(...run.perplexity.quality.notes.map((n) => `perplexity: ${n}`));
  if (run.comparison && !run.comparison.quality.exact) flags.push(...run.comparison.quality.notes.map((n) => `comparison: ${n}`));
  return flags;
}
