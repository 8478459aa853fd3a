// Weight histograms for the Compress page: evenly spaced sample indices (so a 100M-element tensor
// costs a few thousand reads), and binning of one or two samples over a shared range, so the
// "before" and "after" series of a tensor line up bin for bin on one chart.

export interface ValueRange {
  min: number;
  max: number;
}

export interface Histogram {
  /** [bins + 1] bin edges; bin i is [edges[i], edges[i + 1]), the last bin also holds its right edge. */
  edges: Float64Array;
  /** [bins] values per bin. */
  counts: Uint32Array;
  /** Finite values binned. */
  total: number;
  /** NaN and ±Infinity, left out. */
  nonFinite: number;
  /** Finite values outside the range, left out. */
  outside: number;
}

export interface HistogramPair {
  edges: Float64Array;
  before: Histogram;
  after: Histogram | null;
}

/**
 * `min(count, max)` indices spread evenly over [0, count): index i -> floor(i * count / n).
 * All of them when the tensor is small enough; always ascending, never repeated.
 */
export function sampleIndices(count: number, max: number): Uint32Array {
  const n = Math.max(0, Math.min(count, Math.floor(max)));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((i * count) / n);
  return out;
}

/** The smallest range holding every finite value of every array; null when there is none. */
export function finiteRange(...arrays: readonly ArrayLike<number>[]): ValueRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (x - x !== 0) continue; // NaN or ±Infinity
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  return min <= max ? { min, max } : null;
}

/** Bin edges over `range`; a range of one value (all zeros, say) is widened to [v - 0.5, v + 0.5]. */
export function binEdges(range: ValueRange, bins: number): Float64Array {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`A histogram needs a whole number of bins >= 1; got ${bins}.`);
  const min = range.min === range.max ? range.min - 0.5 : range.min;
  const max = range.min === range.max ? range.max + 0.5 : range.max;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = min + ((max - min) * i) / bins;
  edges[bins] = max; // exact right edge, whatever the rounding above
  return edges;
}

/** Counts values per bin of `edges` (equal widths). */
export function binValues(values: ArrayLike<number>, edges: Float64Array): Histogram {
  const bins = edges.length - 1;
  const min = edges[0]!;
  const max = edges[bins]!;
  const width = (max - min) / bins;
  const counts = new Uint32Array(bins);
  let total = 0;
  let nonFinite = 0;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x - x !== 0) {
      nonFinite++;
      continue;
    }
    if (x < min || x > max) {
      outside++;
      continue;
    }
    const bin = Math.min(bins - 1, Math.floor((x - min) / width));
    counts[bin]!++;
    total++;
  }
  return { edges, counts, total, nonFinite, outside };
}

/** Before and (optionally) after binned over the range that holds both. Null when neither has a finite value. */
export function histogramPair(before: ArrayLike<number>, after: ArrayLike<number> | null, bins: number): HistogramPair | null {
  const range = after ? finiteRange(before, after) : finiteRange(before);
  if (!range) return null;
  const edges = binEdges(range, bins);
  return { edges, before: binValues(before, edges), after: after ? binValues(after, edges) : null };
}

/** Bin centres, the x values a chart draws the counts at. */
export function binCenters(edges: Float64Array): number[] {
  return Array.from({ length: edges.length - 1 }, (_, i) => (edges[i]! + edges[i + 1]!) / 2);
}

/** Counts as a share of the binned values (0..1), so series of different sample sizes compare. */
export function shares(histogram: Histogram): number[] {
  return Array.from(histogram.counts, (count) => (histogram.total > 0 ? count / histogram.total : 0));
}
