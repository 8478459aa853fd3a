// N:M semi-structured pruning (2:4, 4:8): in every M consecutive weights along the input dimension K
// of one output, keep the N highest scores and zero the other M - N, IN PLACE. Ties: the earlier
// input is pruned first. If K is not a multiple of M the last, shorter group of r weights prunes
// floor(r * (M - N) / M), the same rounding rule as unstructured pruning.
import { InvalidArgumentError } from '../../errors.ts';
import { stridesOf } from './layout.ts';
import { invalidScore, prunedCount } from './prune-select.ts';
import type { PruneReport, PruneTensor } from './prune-unstructured.ts';
import { assertLength, assertMatrix } from './validate.ts';

export interface NMPattern {
  /** kept per group */
  n: number;
  /** group size */
  m: number;
}

export function assertPattern({ n, m }: NMPattern): void {
  if (!Number.isInteger(n) || !Number.isInteger(m) || m < 2 || m > 16 || n < 1 || n >= m) {
    throw new InvalidArgumentError(`N:M pattern ${n}:${m} is not valid; use 1 <= N < M <= 16, e.g. 2:4 or 4:8.`);
  }
}

/** Prunes one tensor to the N:M pattern along K; returns how many weights it zeroed. */
export function pruneNM(t: PruneTensor, pattern: NMPattern): PruneReport {
  assertPattern(pattern);
  assertMatrix('N:M pruned tensor', t.weight, t.K, t.N);
  if (t.scores) assertLength('N:M scores', t.scores, t.K * t.N);
  const { K, N } = t;
  const strides = stridesOf(t.layout ?? 'kn', K, N);
  const { m } = pattern;
  const score = new Float64Array(m);
  const position = new Int32Array(m);
  let pruned = 0;
  for (let k0 = 0; k0 < K; k0 += m) {
    const size = Math.min(m, K - k0);
    const drop = size === m ? m - pattern.n : prunedCount((m - pattern.n) / m, size);
    if (drop === 0) continue;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < size; i++) {
        const p = (k0 + i) * strides.input + n * strides.output;
        position[i] = p;
        const v = t.scores ? t.scores[p]! : Math.abs(t.weight[p]!);
        if (!(v >= 0 && v < Infinity)) throw invalidScore();
        score[i] = v;
      }
      // rank_i = how many group members come before i in (score, position) order; drop the lowest ranks
      for (let i = 0; i < size; i++) {
        let rank = 0;
        for (let j = 0; j < size; j++) if (score[j]! < score[i]! || (score[j] === score[i] && j < i)) rank++;
        if (rank < drop) {
          t.weight[position[i]!] = 0;
          pruned++;
        }
      }
    }
  }
  const count = K * N;
  return { pruned, count, sparsity: pruned / count };
}
