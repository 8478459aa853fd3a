// Top-k next-token distributions: the compact form a baseline is stored in and a variant is compared
// with. One row per scored position: the k most likely ids with their log-probs (descending), the
// probability mass outside them, and the actual next token with its log-prob.
import { InvalidArgumentError } from '../errors.ts';
import { rowMax } from './log-softmax.ts';

/** Alternatives kept per position unless told otherwise. */
export const DEFAULT_TOP_K = 64;

/** Rows of top-k distributions in flat typed arrays (structured-clone and transfer friendly). */
export interface TopKDistribution {
  /** Entries per row (at most vocabSize). */
  k: number;
  /** V: the vocabulary size (needed to spread a remainder mass over unlisted ids). */
  vocabSize: number;
  /** Number of scored positions n. */
  rows: number;
  /** [n, k] int32 token ids, each row by descending log-prob (lower id first on ties). */
  ids: Int32Array;
  /** [n, k] float32 natural-log probabilities matching `ids`. */
  logProbs: Float32Array;
  /** [n] float64 probability mass outside the row's top-k (0 when k = V). */
  restMass: Float64Array;
  /** [n] int32 the actual next token at each position. */
  targetIds: Int32Array;
  /** [n] float32 log-prob of `targetIds[r]` (exact even when it is not in the top-k). */
  targetLogProbs: Float32Array;
}

/** One row seen through the metrics: any numeric arrays, listed in descending probability. */
export interface TopKRow {
  ids: ArrayLike<number>;
  logProbs: ArrayLike<number>;
  restMass: number;
}

export interface TopKResult extends TopKRow {
  ids: Int32Array;
  logProbs: Float64Array;
  /** logsumexp of the full row, so callers can get the log-prob of any other id: z_i - logSumExp. */
  logSumExp: number;
}

// Scratch buffers reused across calls: [vocab] float64 exp(z - max) and [vocab] membership marks.
let scratchExp = new Float64Array(0);
let scratchMark = new Uint8Array(0);

function ensureScratch(vocab: number): void {
  if (scratchExp.length < vocab) {
    scratchExp = new Float64Array(vocab);
    scratchMark = new Uint8Array(vocab);
  }
}

/** Moves heap[i] down a min-heap ordered by value (ties: larger id is "smaller", so lower ids survive). */
function siftDown(values: Float64Array, ids: Int32Array, size: number, start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < size && below(values, ids, left, smallest)) smallest = left;
    if (right < size && below(values, ids, right, smallest)) smallest = right;
    if (smallest === i) return;
    swap(values, ids, i, smallest);
    i = smallest;
  }
}

function below(values: Float64Array, ids: Int32Array, a: number, b: number): boolean {
  return values[a]! < values[b]! || (values[a] === values[b] && ids[a]! > ids[b]!);
}

function swap(values: Float64Array, ids: Int32Array, a: number, b: number): void {
  const v = values[a]!;
  values[a] = values[b]!;
  values[b] = v;
  const id = ids[a]!;
  ids[a] = ids[b]!;
  ids[b] = id;
}

/**
 * Top-k log-probs of one logits row ([V] float32) without sorting the vocabulary: a size-k min-heap
 * (O(V log k), most ids rejected by one comparison), then log-softmax with float64 sums. The rest
 * mass is summed directly over the ids outside the top-k, not as 1 - sum(top-k), so small tails keep
 * their precision.
 */
export function topKLogProbs(logits: ArrayLike<number>, k: number = DEFAULT_TOP_K): TopKResult {
  const vocab = logits.length;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`top-k must be a positive integer, got ${k}.`);
  const size = Math.min(k, vocab);
  const max = rowMax(logits);
  if (!Number.isFinite(max)) {
    throw new InvalidArgumentError('The logits contain NaN or +Infinity (or are all -Infinity); the variant produced non-finite outputs, often an fp16 overflow. Try fp32 or another quantization.');
  }
  ensureScratch(vocab);
  const heapValues = new Float64Array(size);
  const heapIds = new Int32Array(size);
  let filled = 0;
  let sum = 0;
  for (let i = 0; i < vocab; i++) {
    const z = logits[i]!;
    const e = Math.exp(z - max);
    scratchExp[i] = e;
    sum += e;
    if (filled < size) {
      heapValues[filled] = z;
      heapIds[filled] = i;
      filled++;
      if (filled === size) for (let j = (size >> 1) - 1; j >= 0; j--) siftDown(heapValues, heapIds, size, j);
    } else if (z > heapValues[0]!) {
      heapValues[0] = z;
      heapIds[0] = i;
      siftDown(heapValues, heapIds, size, 0);
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort(
    (a, b) => heapValues[b]! - heapValues[a]! || heapIds[a]! - heapIds[b]!,
  );
  const logSum = Math.log(sum);
  const ids = new Int32Array(size);
  const logProbs = new Float64Array(size);
  order.forEach((j, rank) => {
    ids[rank] = heapIds[j]!;
    logProbs[rank] = heapValues[j]! - max - logSum;
    scratchMark[heapIds[j]!] = 1;
  });
  let rest = 0;
  for (let i = 0; i < vocab; i++) {
    if (scratchMark[i] === 0) rest += scratchExp[i]!;
  }
  for (let rank = 0; rank < size; rank++) scratchMark[ids[rank]!] = 0;
  return { ids, logProbs, restMass: rest / sum, logSumExp: max + logSum };
}

/** An empty distribution with room for `rows` positions of `k` entries. */
export function createTopKDistribution(rows: number, k: number, vocabSize: number): TopKDistribution {
  if (k > vocabSize) throw new InvalidArgumentError(`top-k (${k}) cannot exceed the vocabulary size (${vocabSize}).`);
  return {
    k,
    vocabSize,
    rows,
    ids: new Int32Array(rows * k),
    logProbs: new Float32Array(rows * k),
    restMass: new Float64Array(rows),
    targetIds: new Int32Array(rows),
    targetLogProbs: new Float32Array(rows),
  };
}

/** Stores one row; `row.ids.length` must equal the distribution's k. */
export function writeRow(dist: TopKDistribution, r: number, row: TopKRow, targetId: number, targetLogProb: number): void {
  if (row.ids.length !== dist.k) throw new InvalidArgumentError(`Row ${r} has ${row.ids.length} entries; this distribution keeps ${dist.k}.`);
  const offset = r * dist.k;
  for (let j = 0; j < dist.k; j++) {
    dist.ids[offset + j] = row.ids[j]!;
    dist.logProbs[offset + j] = row.logProbs[j]!;
  }
  dist.restMass[r] = row.restMass;
  dist.targetIds[r] = targetId;
  dist.targetLogProbs[r] = targetLogProb;
}

/** Views (no copy) of row r. */
export function readRow(dist: TopKDistribution, r: number): TopKRow & { ids: Int32Array; logProbs: Float32Array } {
  const offset = r * dist.k;
  return {
    ids: dist.ids.subarray(offset, offset + dist.k),
    logProbs: dist.logProbs.subarray(offset, offset + dist.k),
    restMass: dist.restMass[r]!,
  };
}

/** Scores one logits row into row r of `dist`: top-k plus the exact log-prob of the actual next token. */
export function scoreRowInto(dist: TopKDistribution, r: number, logits: ArrayLike<number>, targetId: number): TopKResult {
  if (!Number.isInteger(targetId) || targetId < 0 || targetId >= logits.length) {
    throw new InvalidArgumentError(`Token id ${targetId} at row ${r} is outside the vocabulary of ${logits.length} logits.`);
  }
  const top = topKLogProbs(logits, dist.k);
  writeRow(dist, r, top, targetId, logits[targetId]! - top.logSumExp);
  return top;
}
