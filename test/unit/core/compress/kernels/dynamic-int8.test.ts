// Dynamic int8 weights: onnxruntime-web runs DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul
// from a model holding only our bytes. The reference uses the activation quantization onnxruntime
// produced (A_u8, A_scale, A_zp are graph outputs) and our stored integers, in float64.
import { describe, expect, it } from 'vitest';
import { dequantizeDynamicInt8, quantizeDynamicInt8, type DynamicInt8Options } from '../../../../../src/core/compress/kernels/dynamic-int8.ts';
import { buildModel, randomMatrix, relativeError } from './model-builder.ts';
import { runModelOutputs } from './ort-run.ts';

function dynamicModel(K: number, N: number, w: ReturnType<typeof quantizeDynamicInt8>): Uint8Array {
  const groups = w.scale.length;
  const dims = w.granularity === 'per-column' ? [N] : [];
  return buildModel(
    [
      { opType: 'DynamicQuantizeLinear', inputs: ['A'], outputs: ['A_q', 'A_scale', 'A_zp'] },
      { opType: 'MatMulInteger', inputs: ['A_q', 'W_q', 'A_zp', 'W_zp'], outputs: ['Y_int'] },
      { opType: 'Cast', inputs: ['Y_int'], outputs: ['Y_float'], attributes: { to: 1 } },
      { opType: 'Mul', inputs: ['A_scale', 'W_scale'], outputs: ['S'] },
      { opType: 'Mul', inputs: ['Y_float', 'S'], outputs: ['Y'] },
    ],
    [
      { name: 'W_q', type: w.type, dims: [K, N], data: w.q },
      { name: 'W_zp', type: w.type, dims, data: w.zeroPoint },
      { name: 'W_scale', type: 'float32', dims: groups === 1 ? [] : [N], data: w.scale },
    ],
    [{ name: 'A', type: 'float32', dims: ['M', K] }],
    [
      { name: 'Y', type: 'float32', dims: ['M', N] },
      { name: 'A_q', type: 'uint8', dims: ['M', K] },
      { name: 'A_scale', type: 'float32', dims: [] },
      { name: 'A_zp', type: 'uint8', dims: [] },
    ],
  );
}

const cases: (DynamicInt8Options & { K: number; N: number })[] = [
  { K: 64, N: 8, type: 'int8', granularity: 'per-tensor' },
  { K: 100, N: 7, type: 'int8', granularity: 'per-column' },
  { K: 100, N: 7, type: 'uint8', granularity: 'per-tensor' },
  { K: 37, N: 9, type: 'uint8', granularity: 'per-column' },
];

describe('dynamic int8 weights (DynamicQuantizeLinear + MatMulInteger)', () => {
  for (const c of cases) {
    it(`K=${c.K} N=${c.N} ${c.type} ${c.granularity}: onnxruntime equals A_scale * W_scale * (A_q - A_zp)(W_q - W_zp)`, async () => {
      const W = randomMatrix(c.K * c.N, c.K * 3 + c.N, 0.25);
      for (let k = 0; k < c.K; k++) W[k * c.N] = W[k * c.N]! * 4; // column 0 is wider: per-column scales differ
      const w = quantizeDynamicInt8(W, c.K, c.N, c);
      const deq = dequantizeDynamicInt8(w, c.K, c.N);
      for (let i = 0; i < W.length; i++) {
        const s = w.scale[c.granularity === 'per-column' ? i % c.N : 0]!;
        expect(Math.abs(W[i]! - deq[i]!)).toBeLessThanOrEqual(s / 2 + 1e-7 * Math.abs(W[i]!));
      }
      if (c.type === 'int8') expect(Array.from(w.zeroPoint).every((z) => z === 0)).toBe(true);

      const M = 3;
      const A = randomMatrix(M * c.K, 11, 2);
      const out = await runModelOutputs(dynamicModel(c.K, c.N, w), { A: { type: 'float32', data: A, dims: [M, c.K] } });
      const aq = out['A_q']!;
      const aScale = out['A_scale']![0]!;
      const aZp = out['A_zp']![0]!;
      const want = new Float64Array(M * c.N);
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < c.N; n++) {
          let acc = 0;
          for (let k = 0; k < c.K; k++) acc += (aq[m * c.K + k]! - aZp) * deq[k * c.N + n]!;
          want[m * c.N + n] = acc * aScale;
        }
      }
      expect(relativeError(out['Y']!, want)).toBeLessThan(1e-5);
    });
  }

  it('an all-zero weight gets scale 0 and no NaN', () => {
    for (const type of ['int8', 'uint8'] as const) {
      const w = quantizeDynamicInt8(new Float32Array(12), 3, 4, { type, granularity: 'per-column' });
      expect(Array.from(w.scale)).toEqual([0, 0, 0, 0]);
      expect(Array.from(dequantizeDynamicInt8(w, 3, 4))).toEqual(new Array(12).fill(0));
    }
  });
});
