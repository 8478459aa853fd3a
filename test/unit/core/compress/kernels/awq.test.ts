// AWQ: on weights whose inputs include a few outlier channels, the searched scales must beat plain
// round-to-nearest, alpha = 0 must be plain RTN byte for byte, and the reported errors must match
// a float64 recomputation of ||X W - (X * inputScale) dequant(Q)||^2.
import { describe, expect, it } from 'vitest';
import { ActivationStats } from '../../../../../src/core/compress/kernels/activation-stats.ts';
import { awqInputScale, awqSearch, scaleWeightRows } from '../../../../../src/core/compress/kernels/awq.ts';
import { dequantizeMatMulNBits, quantizeMatMulNBits } from '../../../../../src/core/compress/kernels/matmul-nbits.ts';
import { matmul64, randomMatrix } from './model-builder.ts';

const K = 128;
const N = 48;
const T = 96;

function outlierActivations(): Float32Array {
  const X = randomMatrix(T * K, 21, 1);
  for (let t = 0; t < T; t++) for (const j of [3, 40, 77, 100]) X[t * K + j] = X[t * K + j]! * 25;
  return X;
}

function squaredError(X: Float32Array, W: Float32Array, inputScale: Float32Array, deq: Float64Array): number {
  const Xs = new Float64Array(T * K);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) Xs[t * K + k] = X[t * K + k]! * inputScale[k]!;
  const want = matmul64(X, W, T, K, N);
  const got = matmul64(Xs, deq, T, K, N);
  let e = 0;
  for (let i = 0; i < want.length; i++) e += (want[i]! - got[i]!) ** 2;
  return e;
}

describe('AWQ scale search', () => {
  const W = randomMatrix(K * N, 5, 0.1);
  const X = outlierActivations();
  const stats = new ActivationStats(K);
  stats.add(X, T);
  const quantizer = { bits: 4 as const, blockSize: 32, symmetric: true };

  it('beats plain RTN on inputs with outlier channels, and reports errors that recompute in float64', () => {
    const result = awqSearch({ weight: W, K, N, activationMeanAbs: stats.meanAbs(), sample: X, T, quantizer });
    expect(result.points).toHaveLength(20);
    expect(result.alpha).toBeGreaterThan(0);
    expect(result.errorBest).toBeLessThan(result.errorRtn * 0.8);
    const recomputed = squaredError(X, W, result.inputScale, dequantizeMatMulNBits(result.quantized));
    expect(Math.abs(recomputed - result.errorBest) / recomputed).toBeLessThan(1e-5);
    expect(result.errorBest / result.outputEnergy).toBeLessThan(0.01);
  });

  it('alpha = 0 is plain RTN exactly', () => {
    const inputScale = awqInputScale(stats.meanAbs(), 0);
    expect(Array.from(inputScale).every((v) => v === 1)).toBe(true);
    const rtn = quantizeMatMulNBits(W, K, N, quantizer);
    const atZero = quantizeMatMulNBits(scaleWeightRows(W, K, N, inputScale), K, N, quantizer);
    expect(atZero.B).toEqual(rtn.B);
    expect(atZero.scales).toEqual(rtn.scales);
    const result = awqSearch({ weight: W, K, N, activationMeanAbs: stats.meanAbs(), sample: X, T, quantizer, gridSize: 3 });
    const rtnError = squaredError(X, W, inputScale, dequantizeMatMulNBits(rtn));
    expect(Math.abs(result.errorRtn - rtnError) / rtnError).toBeLessThan(1e-5);
  });

  it('stops when cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => awqSearch({ weight: W, K, N, activationMeanAbs: stats.meanAbs(), sample: X, T, quantizer, signal: controller.signal })).toThrow(/cancelled/);
  });
});

describe('ActivationStats', () => {
  it('accumulates mean |x| and L2 norms across batches', () => {
    const stats = new ActivationStats(2);
    stats.add(new Float32Array([1, -2, 3, 0]), 2);
    stats.add(new Float32Array([-4, 2]), 1);
    expect(stats.tokens).toBe(3);
    expect(Array.from(stats.meanAbs())).toEqual([Math.fround(8 / 3), Math.fround(4 / 3)]);
    expect(Array.from(stats.l2Norm())).toEqual([Math.fround(Math.sqrt(26)), Math.fround(Math.sqrt(8))]);
  });
});
