// MatMulNBits weights: onnxruntime-web runs a model holding only our bytes, and its output must equal
// A @ dequant(W) computed here in float64 from the stored integers; every dequantized weight must be
// within half a step of the original.
import { describe, expect, it } from 'vitest';
import { dequantizeMatMulNBits, quantizeMatMulNBits, type MatMulNBitsWeight } from '../../../../../src/core/compress/kernels/matmul-nbits.ts';
import { transpose } from '../../../../../src/core/compress/kernels/layout.ts';
import { buildModel, matmul64, randomMatrix, relativeError } from './model-builder.ts';
import { runModel } from './ort-run.ts';

async function runMatMulNBits(q: MatMulNBitsWeight, A: Float32Array, M: number): Promise<ArrayLike<number>> {
  const inputs = ['A', 'B', 'scales'];
  const initializers = [
    { name: 'B', type: 'uint8' as const, dims: [q.N, q.kBlocks, q.blobSize], data: q.B },
    { name: 'scales', type: 'float32' as const, dims: [q.N * q.kBlocks], data: q.scales },
  ];
  if (q.zeroPoints) {
    inputs.push('zero_points');
    initializers.push({ name: 'zero_points', type: 'uint8', dims: [q.zeroPoints.length], data: q.zeroPoints });
  }
  const model = buildModel(
    [{ opType: 'MatMulNBits', domain: 'com.microsoft', inputs, outputs: ['Y'], attributes: { K: q.K, N: q.N, bits: q.bits, block_size: q.blockSize } }],
    initializers,
    [{ name: 'A', type: 'float32', dims: ['M', q.K] }],
    [{ name: 'Y', type: 'float32', dims: ['M', q.N] }],
  );
  return runModel(model, { A: { type: 'float32', data: A, dims: [M, q.K] } }, 'Y');
}

/** Largest |w - w'| / (step / 2) over all weights, step = that weight's block scale. */
function worstHalfStepRatio(W: Float32Array, deq: Float64Array, q: MatMulNBitsWeight): number {
  let worst = 0;
  for (let k = 0; k < q.K; k++) {
    for (let n = 0; n < q.N; n++) {
      const scale = q.scales[n * q.kBlocks + Math.floor(k / q.blockSize)]!;
      const err = Math.abs(W[k * q.N + n]! - deq[k * q.N + n]!);
      const bound = scale / 2 + 1e-6 * Math.abs(W[k * q.N + n]!) + 1e-30;
      worst = Math.max(worst, err / bound);
    }
  }
  return worst;
}

const cases = [
  { K: 64, N: 8, bits: 4, blockSize: 32, symmetric: true },
  { K: 100, N: 7, bits: 4, blockSize: 32, symmetric: true },
  { K: 100, N: 7, bits: 4, blockSize: 32, symmetric: false },
  { K: 100, N: 5, bits: 4, blockSize: 16, symmetric: false },
  { K: 130, N: 3, bits: 4, blockSize: 64, symmetric: true },
  { K: 300, N: 9, bits: 4, blockSize: 128, symmetric: false },
  { K: 100, N: 7, bits: 8, blockSize: 32, symmetric: true },
  { K: 100, N: 7, bits: 8, blockSize: 32, symmetric: false },
  { K: 96, N: 11, bits: 8, blockSize: 16, symmetric: false },
  { K: 10, N: 1, bits: 4, blockSize: 16, symmetric: false },
] as const;

describe('MatMulNBits weights', () => {
  for (const c of cases) {
    it(`K=${c.K} N=${c.N} bits=${c.bits} block=${c.blockSize} ${c.symmetric ? 'symmetric' : 'asymmetric'}: onnxruntime output equals A @ dequant(W)`, async () => {
      const W = randomMatrix(c.K * c.N, c.K * 31 + c.N, 0.2);
      W[5] = 0.9; // one outlier, so blocks differ in scale
      const q = quantizeMatMulNBits(W, c.K, c.N, c);
      expect(q.B.length).toBe(c.N * q.kBlocks * q.blobSize);
      expect(q.kBlocks).toBe(Math.ceil(c.K / c.blockSize));
      const deq = dequantizeMatMulNBits(q);
      expect(worstHalfStepRatio(W, deq, q)).toBeLessThanOrEqual(1);

      const M = 3;
      const A = randomMatrix(M * c.K, 7, 1);
      const got = await runMatMulNBits(q, A, M);
      expect(relativeError(got, matmul64(A, deq, M, c.K, c.N))).toBeLessThan(1e-5);
    });
  }

  it("'nk' layout (Gemm transB) gives the same bytes as the [K, N] weight", () => {
    const K = 100;
    const N = 6;
    const W = randomMatrix(K * N, 3);
    const a = quantizeMatMulNBits(W, K, N, { bits: 4, blockSize: 32, symmetric: false });
    const b = quantizeMatMulNBits(transpose(W, K, N), K, N, { bits: 4, blockSize: 32, symmetric: false, layout: 'nk' });
    expect(b.B).toEqual(a.B);
    expect(b.scales).toEqual(a.scales);
    expect(b.zeroPoints).toEqual(a.zeroPoints);
  });

  it('packs the first element in the low nibble and pads the last block with the zero point', () => {
    // K = 17, block 16: block 1 holds one real element and 15 pads.
    const W = new Float32Array(17);
    W[0] = -8; // -> q = -8, code 0
    W[1] = 7; // -> q = 7, code 15
    W[16] = 1;
    const q = quantizeMatMulNBits(W, 17, 1, { bits: 4, blockSize: 16, symmetric: true });
    expect(q.scales[0]).toBe(1);
    expect(q.B[0]).toBe(0x0 | (0xf << 4));
    expect(q.B[8]! & 0x0f).toBe(Math.round(1 / q.scales[1]!) + 8);
    expect(q.B[8]! >> 4).toBe(8);
    expect(Array.from(q.B.subarray(9))).toEqual(new Array(7).fill(0x88));
  });

  it('uses -8 for the largest negative magnitude without clipping the positive side', () => {
    const W = new Float32Array(16);
    W[0] = -1;
    W[1] = 0.875;
    const q = quantizeMatMulNBits(W, 16, 1, { bits: 4, blockSize: 16, symmetric: true });
    expect(q.scales[0]).toBe(0.125);
    const deq = dequantizeMatMulNBits(q);
    expect(deq[0]).toBe(-1);
    expect(deq[1]).toBe(0.875);
  });

  it('stores scale 0 and exact zeros for an all-zero block', () => {
    const W = new Float32Array(64 * 2);
    for (let k = 32; k < 64; k++) W[k * 2] = k / 64;
    for (const symmetric of [true, false]) {
      const q = quantizeMatMulNBits(W, 64, 2, { bits: 4, blockSize: 32, symmetric });
      expect(q.scales[0]).toBe(0);
      const deq = dequantizeMatMulNBits(q);
      expect(deq.every((v) => Number.isFinite(v))).toBe(true);
      for (let k = 0; k < 32; k++) expect(deq[k * 2]).toBe(0);
      expect(Array.from(deq.filter((_, i) => i % 2 === 1))).toEqual(new Array(64).fill(0));
    }
  });

  it('rejects NaN weights and bad block sizes with a clear message', () => {
    const W = new Float32Array(32);
    W[3] = Number.NaN;
    expect(() => quantizeMatMulNBits(W, 32, 1, { bits: 4, blockSize: 32, symmetric: true })).toThrow(/NaN or Infinity/);
    expect(() => quantizeMatMulNBits(new Float32Array(48), 48, 1, { bits: 4, blockSize: 24, symmetric: true })).toThrow(/power of two/);
    expect(() => quantizeMatMulNBits(new Float32Array(10), 4, 4, { bits: 4, blockSize: 16, symmetric: true })).toThrow(/expected 4 x 4/);
  });
});
