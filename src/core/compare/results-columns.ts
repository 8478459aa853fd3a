// The Compare results table's columns as data: how to read each figure from a RunResult, how to
// sort it, and whether a smaller value is better (for the "best" marker).
import type { RunResult } from '../results/run-result.ts';

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
  { id: 'load', label: 'Load', help: 'Time to load and compile; "cached" when no byte was downloaded.', numeric: true, lowerIsBetter: true, value: (r) => r.load?.loadMs ?? null },
  { id: 'ttft', label: 'First token', help: 'Time to first token, median of the timed runs (prefill included).', numeric: true, lowerIsBetter: true, value: (r) => r.latency?.timeToFirstTokenMs.median ?? r.generation?.timeToFirstTokenMs ?? null },
  { id: 'prefill', label: 'Prefill tok/s', help: 'Prompt tokens per second, median of the timed runs.', numeric: true, value: (r) => r.latency?.prefillTokensPerS.median ?? null },
  { id: 'decode', label: 'Decode tok/s', help: 'Generated tokens per second after the first, median of the timed runs.', numeric: true, value: (r) => r.latency?.decodeTokensPerS.median ?? null },
  { id: 'ppl', label: 'Perplexity', help: 'Perplexity of the reference text, teacher forced (lower is better).', numeric: true, lowerIsBetter: true, value: (r) => r.perplexity?.value ?? null, approximate: (r) => Boolean(r.perplexity && !r.perplexity.quality.exact) },
  { id: 'kld', label: 'KLD', help: 'Mean KL divergence of the next-token distribution from the baseline\'s (0 = identical).', numeric: true, lowerIsBetter: true, value: (r) => r.comparison?.kld.mean ?? null, approximate: approximateComparison },
  { id: 'top1', label: 'Same top-1', help: 'Share of positions where the variant\'s most likely token equals the baseline\'s.', numeric: true, value: (r) => (r.comparison ? r.comparison.sameTop1.fraction * 100 : null), approximate: approximateComparison },
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
