// The device self-test: one forward pass of a decoder model on a fixed token sequence, summarized
// so two execution providers can be compared (max |difference| of the logits) and shown to a person.
import { decoderShapeFromConfig, firstStepFeeds } from './decoder-feeds.ts';
import type { TensorData } from './session-host.ts';

export const SELF_TEST_TOKENS = 16;

/** A fixed, vocabulary-spread token sequence: the same on every device, so runs are comparable. */
export function selfTestTokenIds(vocabSize: number, length = SELF_TEST_TOKENS): number[] {
  return Array.from({ length }, (_, i) => (1 + i * 37) % vocabSize);
}

export function selfTestFeeds(config: Record<string, unknown>): Record<string, TensorData> {
  return firstStepFeeds(decoderShapeFromConfig(config), selfTestTokenIds(Number(config.vocab_size)));
}

export interface TopToken {
  id: number;
  logit: number;
}

/** The k largest entries of the last row of logits [1, n, vocab]. */
export function lastRowTop(logits: Float32Array, vocabSize: number, k = 5): TopToken[] {
  const start = logits.length - vocabSize;
  const top: TopToken[] = [];
  for (let id = 0; id < vocabSize; id++) {
    const logit = logits[start + id]!;
    if (top.length < k || logit > top[top.length - 1]!.logit) {
      top.push({ id, logit });
      top.sort((a, b) => b.logit - a.logit);
      if (top.length > k) top.pop();
    }
  }
  return top;
}

export interface Agreement {
  /** Largest |difference| of any logit. Logits are unnormalized, so this grows with their scale. */
  maxAbsDiff: number;
  /** Largest |difference| of any logit divided by the largest |logit|. */
  maxRelativeDiff: number;
  /** Largest |difference| of any next-token probability (softmax of each row): what sampling sees. */
  maxProbabilityDiff: number;
  sameArgmax: boolean;
}

/** Softmax of one row into `out`, computed stably in float64. */
function softmaxRow(logits: Float32Array, start: number, vocabSize: number, out: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < vocabSize; i++) max = Math.max(max, logits[start + i]!);
  let sum = 0;
  for (let i = 0; i < vocabSize; i++) sum += out[i] = Math.exp(logits[start + i]! - max);
  for (let i = 0; i < vocabSize; i++) out[i]! /= sum;
}

/** Compares two runs' logits [1, n, vocab]: absolute, relative and probability differences. */
export function compareLogits(a: Float32Array, b: Float32Array, vocabSize: number): Agreement {
  if (a.length !== b.length) throw new Error(`The two runs returned logits of different sizes (${a.length} vs ${b.length}).`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    maxAbs = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(maxAbs, d);
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  const pa = new Float64Array(vocabSize);
  const pb = new Float64Array(vocabSize);
  let maxProbability = 0;
  for (let start = 0; start < a.length; start += vocabSize) {
    softmaxRow(a, start, vocabSize, pa);
    softmaxRow(b, start, vocabSize, pb);
    for (let i = 0; i < vocabSize; i++) maxProbability = Math.max(maxProbability, Math.abs(pa[i]! - pb[i]!));
  }
  const sameArgmax = lastRowTop(a, vocabSize, 1)[0]?.id === lastRowTop(b, vocabSize, 1)[0]?.id;
  return { maxAbsDiff: maxAbs, maxRelativeDiff: scale > 0 ? maxAbs / scale : maxAbs, maxProbabilityDiff: Number.isFinite(maxAbs) ? maxProbability : Number.POSITIVE_INFINITY, sameArgmax };
}
