// Unstructured pruning: zero the lowest-scoring weights, IN PLACE on the given Float32Arrays.
// Scores: magnitude |W| (default, read straight off the weights) or any non-negative score array of
// the same shape, e.g. Wanda's |W_kn| * ||X_k||_2 (Sun et al., "A Simple and Effective Pruning
// Approach for Large Language Models", ICLR 2024, arXiv:2306.11695).
// Exact counts: each comparison group prunes floor(sparsity * size) weights (see prunedCount), ties
// broken by position (earlier first). Groups by scope:
//   'per-output' each output n's K input weights (Wanda's rule: column n of a [K, N] MatMul weight)
//   'per-tensor' the whole tensor
//   'global'     one threshold over all the tensors passed together (position = tensor order, then index)
import { InvalidArgumentError } from '../../errors.ts';
import { stridesOf, type WeightLayout } from './layout.ts';
import { applyCut, prunedCount, selectLowest, type ScorePool } from './prune-select.ts';
import { assertFraction, assertLength, assertMatrix } from './validate.ts';

export type PruneScope = 'per-output' | 'per-tensor' | 'global';

export interface PruneTensor {
  /** float32 [K, N] ('kn') or [N, K] ('nk'); pruned in place */
  weight: Float32Array;
  K: number;
  N: number;
  layout?: WeightLayout;
  /** non-negative scores in the weight's layout; omitted = |weight| */
  scores?: Float32Array;
}

export interface PruneReport {
  /** weights set to zero by this call */
  pruned: number;
  count: number;
  /** pruned / count */
  sparsity: number;
}

export const MAX_SPARSITY = 0.95;

function poolOf(t: PruneTensor): ScorePool {
  return t.scores ? { scores: t.scores, absolute: false } : { scores: t.weight, absolute: true };
}

function report(pruned: number, count: number): PruneReport {
  return { pruned, count, sparsity: count === 0 ? 0 : pruned / count };
}

function validate(t: PruneTensor, index: number): void {
  assertMatrix(`pruned tensor ${index}`, t.weight, t.K, t.N);
  if (t.scores) assertLength(`scores of pruned tensor ${index}`, t.scores, t.K * t.N);
}

/** Prunes within each output: the K weights feeding output n form one group. */
function prunePerOutput(t: PruneTensor, sparsity: number): number {
  const { K, N } = t;
  const strides = stridesOf(t.layout ?? 'kn', K, N);
  const source = t.scores ?? t.weight;
  const groupScores = new Float32Array(K);
  const groupWeights = new Float32Array(K);
  const pool: ScorePool = { scores: groupScores, absolute: !t.scores };
  const count = prunedCount(sparsity, K);
  let pruned = 0;
  for (let n = 0; n < N; n++) {
    const base = n * strides.output;
    for (let k = 0; k < K; k++) {
      groupScores[k] = source[base + k * strides.input]!;
      groupWeights[k] = t.weight[base + k * strides.input]!;
    }
    const cut = selectLowest([pool], count);
    pruned += applyCut(pool, groupWeights, cut, { ties: cut.ties });
    for (let k = 0; k < K; k++) t.weight[base + k * strides.input] = groupWeights[k]!;
  }
  return pruned;
}

/** Prunes the given tensors in place; returns one report per tensor plus the total. */
export function pruneUnstructured(tensors: readonly PruneTensor[], options: { sparsity: number; scope: PruneScope }): { tensors: PruneReport[]; total: PruneReport } {
  assertFraction('sparsity', options.sparsity, MAX_SPARSITY);
  tensors.forEach(validate);
  let pruned: number[];
  if (options.scope === 'per-output') {
    pruned = tensors.map((t) => prunePerOutput(t, options.sparsity));
  } else if (options.scope === 'per-tensor') {
    pruned = tensors.map((t) => {
      const pool = poolOf(t);
      const cut = selectLowest([pool], prunedCount(options.sparsity, t.K * t.N));
      return applyCut(pool, t.weight, cut, { ties: cut.ties });
    });
  } else if (options.scope === 'global') {
    const pools = tensors.map(poolOf);
    const total = tensors.reduce((sum, t) => sum + t.K * t.N, 0);
    const cut = selectLowest(pools, prunedCount(options.sparsity, total));
    const state = { ties: cut.ties };
    pruned = tensors.map((t, i) => applyCut(pools[i]!, t.weight, cut, state));
  } else {
    throw new InvalidArgumentError(`unknown pruning scope '${String(options.scope)}'; use per-output, per-tensor or global.`);
  }
  const reports = tensors.map((t, i) => report(pruned[i]!, t.K * t.N));
  const sum = reports.reduce((a, r) => ({ pruned: a.pruned + r.pruned, count: a.count + r.count }), { pruned: 0, count: 0 });
  return { tensors: reports, total: report(sum.pruned, sum.count) };
}
