// Summary statistics with the conventions of llama.cpp's perplexity tool, so figures line up with it:
// percentiles by linear interpolation between closest ranks on the sorted values (numpy's default,
// R type 7), and the standard error of a mean as sqrt((E[x^2] - E[x]^2) / (n - 1)).

/** Ascending copy as float64. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Percentile of ascending `sorted` at `fraction` in [0, 1]: position p = fraction * (n - 1), then
 * (1 - frac(p)) * sorted[floor(p)] + frac(p) * sorted[floor(p) + 1] (llama.cpp `percentile`).
 * NaN for an empty array.
 */
export function percentileSorted(sorted: ArrayLike<number>, fraction: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (fraction <= 0) return sorted[0]!;
  if (fraction >= 1) return sorted[n - 1]!;
  const position = fraction * (n - 1);
  const low = Math.floor(position);
  const weight = position - low;
  const high = Math.min(low + 1, n - 1);
  return (1 - weight) * sorted[low]! + weight * sorted[high]!;
}

/** Percentile of unsorted values (sorts a copy). */
export function percentile(values: ArrayLike<number>, fraction: number): number {
  return percentileSorted(sortedCopy(values), fraction);
}

/** Median: the middle value, or the mean of the two middle values (same as the 0.5 percentile). */
export function median(values: ArrayLike<number>): number {
  return percentileSorted(sortedCopy(values), 0.5);
}

export interface MeanWithError {
  mean: number;
  /** Standard error of the mean; 0 when fewer than two values or no spread. */
  stdErr: number;
}

/** llama.cpp `mean_and_uncertainty` from running sums (count > 1; it also zeroes it for count <= 10). */
export function meanAndStdErrFromSums(sum: number, sumSquares: number, count: number): MeanWithError {
  if (count < 1) return { mean: Number.NaN, stdErr: 0 };
  const mean = sum / count;
  const variance = sumSquares / count - mean * mean;
  const stdErr = variance > 0 && count > 1 ? Math.sqrt(variance / (count - 1)) : 0;
  return { mean, stdErr };
}

export function meanAndStdErr(values: ArrayLike<number>): MeanWithError {
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    sumSquares += v * v;
  }
  return meanAndStdErrFromSums(sum, sumSquares, values.length);
}

/** Standard error of a proportion p over n trials: sqrt(p (1 - p) / (n - 1)) (llama.cpp "Same top p ±"). */
export function proportionStdErr(p: number, count: number): number {
  return count > 1 ? Math.sqrt((p * (1 - p)) / (count - 1)) : 0;
}
