// Independent float64 reference computations for the metric tests: a seeded PRNG, a full softmax by
// sorting the whole vocabulary, and KL over full distributions. Deliberately naive (no top-k, no
// heaps) so the code under test is checked against a second way of computing the same numbers.
import { SeededRandom } from '../../../../src/core/models/seeded-random.ts';

/** mulberry32: small deterministic PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** [V] float32 logits, roughly normal with the given scale. */
export function randomLogits(vocab: number, random: () => number, scale = 3): Float32Array {
  const out = new Float32Array(vocab);
  for (let i = 0; i < vocab; i++) out[i] = scale * (random() + random() + random() - 1.5);
  return out;
}

/** Full softmax probabilities in float64, computed as exp(z - max) / sum. */
export function softmax64(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const p = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    p[i] = Math.exp(logits[i]! - max);
    sum += p[i]!;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i]! / sum;
  return p;
}

/** Full KL(p || q) in float64. */
export function fullKl(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) kl += p[i]! * Math.log(p[i]! / q[i]!);
  return kl;
}

/** Ids of the full vocabulary ordered by descending probability (ties: lower id first). */
export function sortedIds(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}
