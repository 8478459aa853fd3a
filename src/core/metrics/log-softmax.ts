// Numerically stable log-softmax pieces over one row of logits ([vocab] float32), accumulated in
// float64: logsumexp(z) = max(z) + log(sum_i exp(z_i - max(z))), log p_i = z_i - logsumexp(z).
import { InvalidArgumentError } from '../errors.ts';

/** Index of the largest logit (first one on ties). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i]!;
    if (z > bestValue) {
      bestValue = z;
      best = i;
    }
  }
  return best;
}

function assertFiniteRow(max: number, sum: number): void {
  if (!Number.isFinite(max) || !Number.isFinite(sum)) {
    throw new InvalidArgumentError(
      'The logits contain NaN or +Infinity, so no probabilities can be computed. The variant produced non-finite outputs (often an fp16 overflow); try fp32 or another quantization.',
    );
  }
}

/** Largest logit; -Infinity entries (masked tokens) are allowed, NaN is not. */
export function rowMax(logits: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i]!;
    if (z !== z) return Number.NaN; // NaN poisons the whole row
    if (z > max) max = z;
  }
  return max;
}

/** max(z) and log(sum_i exp(z_i - max(z))) in float64; throws for NaN or +Infinity logits. */
function normalizer(logits: ArrayLike<number>): { max: number; logSum: number } {
  const max = rowMax(logits);
  let sum = 0;
  if (Number.isFinite(max)) for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  assertFiniteRow(max, sum);
  return { max, logSum: Math.log(sum) };
}

/** logsumexp of the row, in float64. Throws `InvalidArgumentError` for NaN or +Infinity logits. */
export function logSumExp(logits: ArrayLike<number>): number {
  const { max, logSum } = normalizer(logits);
  return max + logSum;
}

/** Negative log-likelihood of token `target`: nll = logsumexp(z) - z_target (llama.cpp). */
export function nllAt(logits: ArrayLike<number>, target: number): number {
  if (!Number.isInteger(target) || target < 0 || target >= logits.length) {
    throw new InvalidArgumentError(`Token id ${target} is outside the vocabulary of ${logits.length} logits.`);
  }
  const { max, logSum } = normalizer(logits);
  return logSum - (logits[target]! - max);
}

/** Full log-softmax as float64 ([vocab]): (z_i - max) - log(sum), never adding max back first. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  const { max, logSum } = normalizer(logits);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - max - logSum;
  return out;
}
