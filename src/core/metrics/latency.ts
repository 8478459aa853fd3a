// Latency statistics over repeated timed runs: the first `warmup` samples (shader compilation, cache
// fills) are discarded, the rest summarized by median and p90 (percentiles as in stats.ts).
import { InvalidArgumentError } from '../errors.ts';
import { percentileSorted, sortedCopy } from './stats.ts';

export interface LatencySummary {
  /** Samples summarized (after the warm-up). */
  samples: number;
  /** Leading samples discarded as warm-up. */
  discarded: number;
  median: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
}

/** Summarizes `values` (one per run, in run order) after dropping `warmup` leading runs (default 1). */
export function summarizeLatency(values: readonly number[], options: { warmup?: number } = {}): LatencySummary {
  const warmup = options.warmup ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0) throw new InvalidArgumentError(`Warm-up count must be a non-negative integer, got ${warmup}.`);
  if (values.length <= warmup) {
    throw new InvalidArgumentError(`Latency needs more runs than the ${warmup} warm-up run(s); got ${values.length}. Increase the number of repeats.`);
  }
  const kept = values.slice(warmup);
  const bad = kept.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvalidArgumentError(`Latency sample ${bad + warmup} is ${kept[bad]}; every timed run must report a finite value.`);
  const sorted = sortedCopy(kept);
  return {
    samples: kept.length,
    discarded: warmup,
    median: percentileSorted(sorted, 0.5),
    p90: percentileSorted(sorted, 0.9),
    mean: kept.reduce((a, b) => a + b, 0) / kept.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
