// int8 per-channel weights: onnxruntime-web runs DequantizeLinear(axis=1) -> MatMul from a model
// holding only our bytes, compared with A @ dequant(W) in float64.
import { describe, expect, it } from 'vitest';
import { dequantizeInt8PerChannel, quantizeInt8PerChannel } from '../../../../../src/core/compress/kernels/int8-per-channel.ts';
import { transpose } from '../../../../../src/core/compress/kernels/layout.ts';
import { buildModel, matmul64, randomMatrix, relativeError } from './model-builder.ts';
import { runModel } from './ort-run.ts';

describe('int8 per-channel DequantizeLinear weights', () => {
  for (const [K, N] of [[64, 8], [100, 7], [33, 1]] as const) {
    it(`K=${K} N=${N}: DequantizeLinear(axis=1) -> MatMul equals A @ dequant(W)`, async () => {
      const W = randomMatrix(K * N, K + N, 0.3);
      W[2] = -2; // a negative outlier uses the -128 level
      const q = quantizeInt8PerChannel(W, K, N);
      expect(q.axis).toBe(1);
      const deq = dequantizeInt8PerChannel(q, K, N);
      for (let i = 0; i < K * N; i++) {
        const s = q.scale[i % N]!;
        expect(Math.abs(W[i]! - deq[i]!)).toBeLessThanOrEqual(s / 2 + 1e-7 * Math.abs(W[i]!));
      }
      const model = buildModel(
        [
          { opType: 'DequantizeLinear', inputs: ['Wq', 'scale'], outputs: ['W'], attributes: { axis: 1 } },
          { opType: 'MatMul', inputs: ['A', 'W'], outputs: ['Y'] },
        ],
        [
          { name: 'Wq', type: 'int8', dims: [K, N], data: q.q },
          { name: 'scale', type: 'float32', dims: [N], data: q.scale },
        ],
        [{ name: 'A', type: 'float32', dims: ['M', K] }],
        [{ name: 'Y', type: 'float32', dims: ['M', N] }],
      );
      const M = 4;
      const A = randomMatrix(M * K, 99);
      const got = await runModel(model, { A: { type: 'float32', data: A, dims: [M, K] } }, 'Y');
      expect(relativeError(got, matmul64(A, deq, M, K, N))).toBeLessThan(1e-5);
    });
  }

  it("'nk' layout quantizes per row n and reports axis 0", () => {
    const W = randomMatrix(40 * 6, 5);
    const a = quantizeInt8PerChannel(W, 40, 6);
    const b = quantizeInt8PerChannel(transpose(W, 40, 6), 40, 6, 'nk');
    expect(b.axis).toBe(0);
    expect(b.scale).toEqual(a.scale);
    expect(b.q).toEqual(new Int8Array(transpose(Float32Array.from(a.q), 40, 6)));
  });

  it('a zero channel gets scale 0 and zeros, no NaN', () => {
    const W = new Float32Array(8 * 2);
    for (let k = 0; k < 8; k++) W[k * 2 + 1] = k;
    const q = quantizeInt8PerChannel(W, 8, 2);
    expect(q.scale[0]).toBe(0);
    expect(Array.from(dequantizeInt8PerChannel(q, 8, 2)).every(Number.isFinite)).toBe(true);
  });
});
