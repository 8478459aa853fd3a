// Exact "prune the `count` lowest scores" over one or more score arrays without sorting or copying:
// a three-digit radix select on the float32 bit patterns (for non-negative floats the bit pattern,
// read as an unsigned integer, orders like the value). Ties are broken by position: among equal
// scores the earlier element (lower array index, then lower flat index) is pruned first.
import { InvalidArgumentError } from '../../errors.ts';

export interface ScorePool {
  /** float32 scores; read as |value| when `absolute` (magnitude pruning straight off the weights) */
  scores: Float32Array;
  absolute: boolean;
}

/** Prune every score whose bits are below `threshold`, and the first `ties` whose bits equal it. */
export interface Cut {
  threshold: number;
  ties: number;
}

const DIGITS = [
  { shift: 21, width: 11 },
  { shift: 10, width: 11 },
  { shift: 0, width: 10 },
] as const;

// one histogram reused by every call (3 digits x up to 2048 buckets); calls are synchronous
const histogram = new Float64Array(1 << 11);

function bitsOf(pool: ScorePool): Uint32Array {
  return new Uint32Array(pool.scores.buffer, pool.scores.byteOffset, pool.scores.length);
}

export function invalidScore(): InvalidArgumentError {
  return new InvalidArgumentError('pruning scores must be finite and non-negative (|W| or |W| * ||X||); found NaN, Infinity or a negative score. Check the weights and the activation statistics.');
}

/** Finds the cut that prunes exactly `count` of the pooled scores (0 <= count <= total). */
export function selectLowest(pools: readonly ScorePool[], count: number): Cut {
  if (count <= 0) return { threshold: 0, ties: 0 };
  let prefix = 0;
  let prefixMask = 0;
  let rank = count; // 1-based rank of the last element to prune among those matching the prefix
  for (const { shift, width } of DIGITS) {
    const size = 1 << width;
    histogram.fill(0, 0, size);
    for (const pool of pools) {
      const bits = bitsOf(pool);
      const mask = pool.absolute ? 0x7fffffff : 0xffffffff;
      for (let i = 0; i < bits.length; i++) {
        const b = (bits[i]! & mask) >>> 0;
        if (b >= 0x7f800000) throw invalidScore(); // NaN, Infinity, or a sign bit
        if (((b & prefixMask) >>> 0) === prefix) histogram[(b >>> shift) & (size - 1)]! += 1;
      }
    }
    let digit = 0;
    while (digit < size - 1 && histogram[digit]! < rank) rank -= histogram[digit++]!;
    prefix = (prefix | (digit << shift)) >>> 0;
    prefixMask = (prefixMask | ((size - 1) << shift)) >>> 0;
  }
  return { threshold: prefix, ties: rank };
}

/**
 * Applies a cut to one pool's weights in place (sets pruned weights to 0) and returns how many it
 * pruned. `ties` is consumed across calls through `state`, so pools are visited in order.
 * `weights[i]` is pruned when its score `scores[i]` falls under the cut.
 */
export function applyCut(pool: ScorePool, weights: Float32Array, cut: Cut, state: { ties: number }): number {
  const bits = bitsOf(pool);
  const mask = pool.absolute ? 0x7fffffff : 0xffffffff;
  let pruned = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = (bits[i]! & mask) >>> 0;
    if (b < cut.threshold || (b === cut.threshold && state.ties > 0)) {
      if (b === cut.threshold) state.ties--;
      weights[i] = 0;
      pruned++;
    }
  }
  return pruned;
}

/**
 * Number of weights to prune from a group of `count`: floor(sparsity * count), with a 1e-9 guard
 * so a decimal target such as 0.57 * 100 is not lost to binary rounding (56.99999999999999).
 */
export function prunedCount(sparsity: number, count: number): number {
  return Math.min(count, Math.floor(sparsity * count + 1e-9));
}
