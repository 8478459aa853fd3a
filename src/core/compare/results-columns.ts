// The Compare results table's columns as data: how to read each figure from a RunResult, how to
// sort it, and whether a smaller value is better (for the "best" marker). Speed tooltips are the one
// set of definitions in metrics/timing.ts; every PPL names its method, every KLD says whether it is
// over the full vocabulary or a top-K lower bound.
import { kldMethodOf } from '../metrics/baseline-comparison.ts';
import { PERPLEXITY_METHOD_LABELS } from '../metrics/scoring-plan.ts';
import { TIMING_DEFINITIONS } from '../metrics/timing.ts';
import type { RunResult } from '../results/run-result.ts';

/** Cold = something was downloaded or read from disk; cached = every byte came from the browser cache. */
const loadedCold = (run: RunResult): boolean | null => (run.load ? run.load.bytesDownloaded > 0 || run.load.bytesFromCache === 0 : null);

/** The KLD bound's K when the run's KLD is a top-K lower bound, else null. */
export function kldBoundK(run: RunResult): number | null {
  return run.comparison ? kldMethodOf(run.comparison).topK : null;
}

/** The method a run's perplexity was scored with (older runs: strided). */
export function perplexityMethodLabel(run: RunResult): string | null {
  return run.perplexity ? PERPLEXITY_METHOD_LABELS[run.perplexity.method ?? 'strided'] : null;
}

export interface ResultColumn {
  id: string;
  label: string;
  /** Tooltip text: what the figure is and how it was measured. */
  help: string;
  value(run: RunResult): number | string | null;
  lowerIsBetter?: boolean;
  numeric: boolean;
  /** Set when the figure of this run is an approximation. */
  approximate?(run: RunResult): boolean;
}

const approximateComparison = (run: RunResult) => Boolean(run.comparison && !run.comparison.quality.exact);

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { id: 'variant', label: 'Variant', help: 'Model, weight format or recipe, and the device it ran on.', numeric: false, value: (r) => `${r.variant.recipe ?? r.variant.dtype ?? r.variant.model} · ${r.variant.executionProvider ?? r.variant.device}` },
  { id: 'size', label: 'Size on disk', help: 'Bytes of the weight files as stored.', numeric: true, lowerIsBetter: true, value: (r) => r.variant.sizeOnDiskBytes },
  { id: 'load-cold', label: 'Load (cold)', help: TIMING_DEFINITIONS.loadCold, numeric: true, lowerIsBetter: true, value: (r) => (loadedCold(r) === true ? r.load!.loadMs : null) },
  { id: 'load-cached', label: 'Load (cached)', help: TIMING_DEFINITIONS.loadCached, numeric: true, lowerIsBetter: true, value: (r) => (loadedCold(r) === false ? r.load!.loadMs : null) },
  { id: 'ttft', label: 'First token', help: `${TIMING_DEFINITIONS.timeToFirstToken} Median of the timed runs.`, numeric: true, lowerIsBetter: true, value: (r) => r.latency?.timeToFirstTokenMs.median ?? r.generation?.timeToFirstTokenMs ?? null },
  { id: 'prefill', label: 'Prefill tok/s', help: `${TIMING_DEFINITIONS.prefill} Median of the timed runs.`, numeric: true, value: (r) => r.latency?.prefillTokensPerS.median ?? null },
  { id: 'decode', label: 'Decode tok/s', help: `${TIMING_DEFINITIONS.decode} Median of the timed runs.`, numeric: true, value: (r) => r.latency?.decodeTokensPerS.median ?? null },
  { id: 'ppl', label: 'Perplexity', help: 'Perplexity of the reference text, teacher forced (lower is better); the method is named with each figure: strided windows (every token once) or llama.cpp chunks (BOS first, second half scored).', numeric: true, lowerIsBetter: true, value: (r) => r.perplexity?.value ?? null, approximate: (r) => Boolean(r.perplexity && !r.perplexity.quality.exact) },
  { id: 'kld', label: 'KLD', help: 'Mean KL divergence of the next-token distribution from the baseline\'s, in nats (0 = identical): over the full vocabulary, or "≥" a lower bound from the baseline\'s top-K tokens where the vocabulary is too large to store (web-llm).', numeric: true, lowerIsBetter: true, value: (r) => r.comparison?.kld.mean ?? null, approximate: approximateComparison },
  { id: 'top1', label: 'Same top-1', help: 'Share of positions where the variant\'s most likely token equals the baseline\'s.', numeric: true, value: (r) => (r.comparison ? r.comparison.sameTop1.fraction * 100 : null), approximate: approximateComparison },
  { id: 'agreement', label: 'Greedy agreement', help: 'Share of the baseline\'s greedy tokens the variant reproduces before its first different token (same prompt, greedy decoding).', numeric: true, value: (r) => (r.greedyAgreement ? r.greedyAgreement.prefixAgreement * 100 : null) },
  { id: 'deltap', label: 'Δp RMS', help: 'Root mean square change of the probability of the correct token, against the baseline (in %).', numeric: true, lowerIsBetter: true, value: (r) => (r.comparison ? r.comparison.deltaP.rms * 100 : null), approximate: approximateComparison },
];

export type SortDirection = 'ascending' | 'descending';

export function sortRuns(runs: readonly RunResult[], column: ResultColumn, direction: SortDirection): RunResult[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // missing figures last
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
  });
}
