// The lab's own runs beside the roofline: each stored RunResult with a decode speed becomes a row
// with the weight format it ran (from its dtype, MLC quantization or recipe summary), so the
// Planner can put the predicted bound next to it and give the efficiency (measured / predicted).
import { parseMlcModelId } from '../engines/mlc/model-record.ts';
import type { RunResult } from '../results/run-result.ts';
import { formatOfMlcQuantization, type FormatId } from './formats.ts';

export interface MeasuredRun {
  runId: string;
  label: string;
  /** What actually executed: 'webgpu' or 'wasm'. */
  device: string;
  format: FormatId | null;
  decodeTokPerS: number;
  /** Mean KV cache length while it decoded (prompt + half the generated tokens); null when not stored. */
  meanLength: number | null;
}

const ONNX_DTYPES: Record<string, FormatId> = { fp32: 'fp32', fp16: 'fp16', q4: 'q4', int8: 'int8', q8: 'q8' };

/** A recipe summary such as "wanda 50% -> q4 b32" names its last quantization. */
export function formatOfRecipeSummary(summary: string): FormatId | null {
  const methods = [...summary.matchAll(/\b(fp16|int8|q4|q8)\b/g)].map((m) => m[1]!);
  const last = methods[methods.length - 1];
  return last ? (ONNX_DTYPES[last] ?? null) : null;
}

function formatOfRun(run: RunResult): FormatId | null {
  const model = run.variant.spec.model;
  if (model.source === 'mlc-prebuilt') {
    const parsed = parseMlcModelId(model.modelId);
    return parsed ? formatOfMlcQuantization(parsed.quantization.name) : null;
  }
  if (run.variant.recipe) return formatOfRecipeSummary(run.variant.recipe);
  return run.variant.dtype ? (ONNX_DTYPES[run.variant.dtype] ?? null) : null;
}

/** Runs that match, newest first, with a finite median decode speed. */
export function measuredRuns(runs: readonly RunResult[], matches: (run: RunResult) => boolean): MeasuredRun[] {
  return runs
    .filter((run) => matches(run) && Number.isFinite(run.latency?.decodeTokensPerS.median ?? Number.NaN))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((run) => ({
      runId: run.id,
      label: run.variant.model + (run.variant.recipe ? ` — ${run.variant.recipe}` : ''),
      device: run.variant.executionProvider ?? run.variant.device,
      format: formatOfRun(run),
      decodeTokPerS: run.latency!.decodeTokensPerS.median,
      meanLength: run.generation ? run.generation.promptTokenCount + run.generation.tokenCount / 2 : null,
    }));
}
