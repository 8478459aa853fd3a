// Builds the parts of a `RunResult` from what engines report, so the UI and the CLI assemble runs
// the same way: variant description from the spec and load report, generation summary without
// per-token distributions, latency over repeated generations (first one discarded as warm-up).
import { backendOf, describeModel } from '../engines/spec.ts';
import type { GenerationReport, LoadReport, VariantSpec } from '../engines/types.ts';
import { summarizeLatency } from '../metrics/latency.ts';
import type { GenerationSummary, LatencyResult, VariantDescription } from './run-result.ts';

/** Weight format named by a spec: the ONNX dtype, or the MLC quantization in the model id (`q4f16_1`). */
export function dtypeOf(spec: VariantSpec): string | null {
  const model = spec.model;
  switch (model.source) {
    case 'demo-pack':
    case 'hf-onnx':
      return model.dtype;
    case 'mlc-prebuilt':
      return model.modelId.match(/-(q\d+f\d+(?:_\d+)?)(?:-|$)/)?.[1] ?? null;
    case 'stored-variant':
      return null;
  }
}

export function describeVariant(spec: VariantSpec, load: LoadReport | null, recipe: string | null = null): VariantDescription {
  return {
    engine: backendOf(spec.model),
    model: describeModel(spec.model),
    spec,
    dtype: dtypeOf(spec),
    recipe,
    device: spec.device,
    executionProvider: load?.executionProvider ?? null,
    sizeOnDiskBytes: load?.sizeOnDiskBytes ?? null,
  };
}

/** Drops the per-token distributions (typed arrays) a stored run does not keep. */
export function summarizeGeneration(report: GenerationReport): GenerationSummary {
  const { tokenLogProbs: _dropped, ...summary } = report;
  return summary;
}

/** Latency figures over repeated generations of the same prompt, the first `warmup` discarded. */
export function summarizeGenerations(reports: readonly GenerationReport[], warmup = 1): LatencyResult {
  const pick = (field: 'timeToFirstTokenMs' | 'prefillTokensPerS' | 'decodeTokensPerS' | 'totalMs') =>
    summarizeLatency(reports.map((r) => r[field]), { warmup });
  return {
    timeToFirstTokenMs: pick('timeToFirstTokenMs'),
    prefillTokensPerS: pick('prefillTokensPerS'),
    decodeTokensPerS: pick('decodeTokensPerS'),
    totalMs: pick('totalMs'),
  };
}
