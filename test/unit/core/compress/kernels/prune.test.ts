// Pruning: exact counts under the floor rule, masks equal to an independent sort-based reference
// (ties broken by position), Wanda differing from magnitude, N:M groups, and structured MLP slicing
// that reproduces the original SwiGLU forward minus the removed neurons.
import { describe, expect, it } from 'vitest';
import { transpose } from '../../../../../src/core/compress/kernels/layout.ts';
import { wandaScores } from '../../../../../src/core/compress/kernels/prune-scores.ts';
import { prunedCount } from '../../../../../src/core/compress/kernels/prune-select.ts';
import { pruneNM } from '../../../../../src/core/compress/kernels/prune-semi-structured.ts';
import { mlpNeuronScores, selectNeurons, sliceMlp, type MlpWeights } from '../../../../../src/core/compress/kernels/prune-structured.ts';
import { pruneUnstructured } from '../../../../../src/core/compress/kernels/prune-unstructured.ts';
import { randomMatrix, rng } from './model-builder.ts';

/** Reference: positions sorted by (score, position), the first `count` pruned. */
function referenceMask(scores: ArrayLike<number>[], count: number): Set<string> {
  const all: { s: number; t: number; i: number }[] = [];
  scores.forEach((arr, t) => Array.from(arr).forEach((s, i) => all.push({ s, t, i })));
  all.sort((a, b) => a.s - b.s || a.t - b.t || a.i - b.i);
  return new Set(all.slice(0, count).map((e) => `${e.t}:${e.i}`));
}

function zeroSet(tensors: Float32Array[]): Set<string> {
  const out = new Set<string>();
  tensors.forEach((w, t) => w.forEach((v, i) => v === 0 && out.add(`${t}:${i}`)));
  return out;
}

/** Weights drawn from a few integer levels, so many scores tie. */
function tiedMatrix(count: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: count }, () => (Math.floor(r() * 7) - 3) || 0.5);
}

describe('unstructured pruning', () => {
  it('floor rule: 0.57 of 350 prunes exactly 199, the lowest magnitudes, ties by position', () => {
    expect(prunedCount(0.57, 100)).toBe(57);
    const W = tiedMatrix(50 * 7, 1);
    const scores = Array.from(W, Math.abs);
    const result = pruneUnstructured([{ weight: W, K: 50, N: 7 }], { sparsity: 0.57, scope: 'per-tensor' });
    expect(result.total.pruned).toBe(199);
    expect(result.tensors[0]!.sparsity).toBe(199 / 350);
    expect(zeroSet([W])).toEqual(referenceMask([scores], 199));
  });

  it('global scope: one threshold across tensors of different scale, exact total', () => {
    const a = randomMatrix(40 * 6, 2, 1);
    const b = randomMatrix(30 * 5, 3, 0.1);
    const reference = referenceMask([Array.from(a, Math.abs), Array.from(b, Math.abs)], prunedCount(0.5, 390));
    const result = pruneUnstructured([{ weight: a, K: 40, N: 6 }, { weight: b, K: 30, N: 5 }], { sparsity: 0.5, scope: 'global' });
    expect(result.total.pruned).toBe(195);
    expect(zeroSet([a, b])).toEqual(reference);
    expect(result.tensors[1]!.sparsity).toBeGreaterThan(result.tensors[0]!.sparsity);
  });

  it('global scope with tied scores prunes earlier tensors first among equals', () => {
    const a = new Float32Array(10).fill(1);
    const b = new Float32Array(10).fill(1);
    pruneUnstructured([{ weight: a, K: 10, N: 1 }, { weight: b, K: 10, N: 1 }], { sparsity: 0.75, scope: 'global' });
    expect(Array.from(a)).toEqual(new Array(10).fill(0));
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('per-output scope prunes floor(s * K) in every output column, and nk layout agrees', () => {
    const K = 30;
    const N = 9;
    const W = tiedMatrix(K * N, 4);
    const Wt = transpose(W, K, N);
    const norms = Float32Array.from({ length: K }, (_, k) => 1 + (k % 5));
    const scores = wandaScores(W, K, N, norms);
    pruneUnstructured([{ weight: W, K, N, scores }], { sparsity: 0.3, scope: 'per-output' });
    pruneUnstructured([{ weight: Wt, K, N, layout: 'nk', scores: wandaScores(Wt, K, N, norms, 'nk') }], { sparsity: 0.3, scope: 'per-output' });
    expect(transpose(Wt, N, K)).toEqual(W);
    for (let n = 0; n < N; n++) {
      const column = Array.from({ length: K }, (_, k) => scores[k * N + n]!);
      const want = referenceMask([column], 9);
      const got = new Set(Array.from({ length: K }, (_, k) => k).filter((k) => W[k * N + n] === 0).map((k) => `0:${k}`));
      expect(got).toEqual(want);
    }
  });

  it('Wanda keeps small weights on loud inputs that magnitude pruning removes', () => {
    const K = 8;
    const N = 4;
    const W = randomMatrix(K * N, 9, 1);
    for (let n = 0; n < N; n++) W[0 * N + n] = 0.01 * (n + 1); // input 0: tiny weights...
    const norms = new Float32Array(K).fill(1);
    norms[0] = 1000; // ...but a very loud input feature
    const magnitude = W.slice();
    const wanda = W.slice();
    pruneUnstructured([{ weight: magnitude, K, N }], { sparsity: 0.5, scope: 'per-output' });
    pruneUnstructured([{ weight: wanda, K, N, scores: wandaScores(W, K, N, norms) }], { sparsity: 0.5, scope: 'per-output' });
    for (let n = 0; n < N; n++) {
      expect(magnitude[n]).toBe(0);
      expect(wanda[n]).toBe(W[n]);
    }
    expect(zeroSet([wanda]).size).toBe(zeroSet([magnitude]).size);
  });

  it('sparsity 0 prunes nothing; out-of-range sparsity and NaN scores are rejected', () => {
    const W = randomMatrix(20, 1);
    expect(pruneUnstructured([{ weight: W, K: 4, N: 5 }], { sparsity: 0, scope: 'per-tensor' }).total.pruned).toBe(0);
    expect(zeroSet([W]).size).toBe(0);
    expect(pruneUnstructured([{ weight: W, K: 4, N: 5 }], { sparsity: 0.95, scope: 'per-tensor' }).total.pruned).toBe(19);
    expect(() => pruneUnstructured([{ weight: W, K: 4, N: 5 }], { sparsity: 0.96, scope: 'per-tensor' })).toThrow(/between 0 and 0.95/);
    const scores = new Float32Array(20).fill(1);
    scores[3] = Number.NaN;
    expect(() => pruneUnstructured([{ weight: W, K: 4, N: 5, scores }], { sparsity: 0.5, scope: 'global' })).toThrow(/finite and non-negative/);
  });
});

describe('N:M pruning', () => {
  for (const [n, m] of [[2, 4], [4, 8]] as const) {
    it(`${n}:${m} keeps the ${n} largest of every ${m} along K in each output`, () => {
      const K = 4 * m;
      const N = 5;
      const W = randomMatrix(K * N, m, 1);
      const original = W.slice();
      const report = pruneNM({ weight: W, K, N }, { n, m });
      expect(report.pruned).toBe((K / m) * (m - n) * N);
      for (let col = 0; col < N; col++) {
        for (let k0 = 0; k0 < K; k0 += m) {
          const group = Array.from({ length: m }, (_, i) => (k0 + i) * N + col);
          expect(group.filter((p) => W[p] === 0)).toHaveLength(m - n);
          const keptMin = Math.min(...group.filter((p) => W[p] !== 0).map((p) => Math.abs(original[p]!)));
          const prunedMax = Math.max(...group.filter((p) => W[p] === 0).map((p) => Math.abs(original[p]!)));
          expect(prunedMax).toBeLessThanOrEqual(keptMin);
        }
      }
    });
  }

  it('2:4 breaks ties by position, prunes floor(r/2) of a short tail group, and agrees across layouts', () => {
    const K = 10;
    const W = new Float32Array(K).fill(1); // one output, all tied
    pruneNM({ weight: W, K, N: 1 }, { n: 2, m: 4 });
    expect(Array.from(W)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 1]);
    const A = tiedMatrix(12 * 3, 8);
    const At = transpose(A, 12, 3);
    pruneNM({ weight: A, K: 12, N: 3 }, { n: 2, m: 4 });
    pruneNM({ weight: At, K: 12, N: 3, layout: 'nk' }, { n: 2, m: 4 });
    expect(transpose(At, 3, 12)).toEqual(A);
    expect(() => pruneNM({ weight: A, K: 12, N: 3 }, { n: 4, m: 4 })).toThrow(/N:M pattern/);
  });
});

describe('structured MLP neuron pruning', () => {
  const H = 12;
  const I = 20;
  const mlp: MlpWeights = { gate: randomMatrix(H * I, 1), up: randomMatrix(H * I, 2), down: randomMatrix(I * H, 3), hidden: H, intermediate: I };
  const silu = (z: number): number => z / (1 + Math.exp(-z));

  /** SwiGLU forward in float64, skipping neurons not in `active`. */
  function forward(m: MlpWeights, x: Float32Array, active: (i: number) => boolean): Float64Array {
    const y = new Float64Array(m.hidden);
    for (let i = 0; i < m.intermediate; i++) {
      if (!active(i)) continue;
      let g = 0;
      let u = 0;
      for (let h = 0; h < m.hidden; h++) {
        g += x[h]! * m.gate[h * m.intermediate + i]!;
        u += x[h]! * m.up[h * m.intermediate + i]!;
      }
      const a = silu(g) * u;
      for (let h = 0; h < m.hidden; h++) y[h]! += a * m.down[i * m.hidden + h]!;
    }
    return y;
  }

  it('slicing equals the original forward with the removed neurons dropped', () => {
    const kept = selectNeurons(mlpNeuronScores(mlp, 'l2'), 0.4);
    expect(kept).toHaveLength(I - 8);
    const sliced = sliceMlp(mlp, kept);
    expect(sliced.gate).toHaveLength(H * kept.length);
    const keptSet = new Set(kept);
    for (const seed of [5, 6]) {
      const x = randomMatrix(H, seed);
      const want = forward(mlp, x, (i) => keptSet.has(i));
      const got = forward(sliced, x, () => true);
      for (let h = 0; h < H; h++) expect(got[h]).toBeCloseTo(want[h]!, 10);
    }
  });

  it('removes the lowest scores, ties by index, and Wanda scores follow the down_proj input norms', () => {
    expect(Array.from(selectNeurons(new Float64Array([3, 1, 1, 2, 1]), 0.4))).toEqual([0, 3, 4]);
    const l2 = mlpNeuronScores(mlp, 'l2');
    const weakest = l2.indexOf(Math.min(...l2));
    const norms = new Float32Array(I).fill(1);
    norms[weakest] = 1e6; // the weakest neuron by weights carries by far the loudest activation
    expect(Array.from(selectNeurons(l2, 0.5))).not.toContain(weakest);
    expect(Array.from(selectNeurons(mlpNeuronScores(mlp, 'wanda', norms), 0.5))).toContain(weakest);
    expect(() => mlpNeuronScores(mlp, 'wanda')).toThrow(/down_proj input/);
  });
});
