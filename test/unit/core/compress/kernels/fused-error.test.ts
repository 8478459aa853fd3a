// The reconstruction error the quantizers sum while they quantize (and the streaming readers used
// when stored values change afterwards) must equal the slow path they replaced: dequantize the
// stored bytes to float64, then tensorError against the original in [K, N] order. The JS paths sum
// in float64 and differ in order only; the SIMD kernels sum each block in float32 (simd-common.ts):
// at most 128 positive float32 terms per lane, relative error below ~128 * 2^-24 = 2^-17, before
// the block sums go into float64. So rmse (sqrt of the noise sum) agrees within 2^-17 relative, SQNR
// within 10 * log10(e) * (2^-17 + 2^-17) dB, and the max error, which the kernels compute exactly but
// for one rounding of d in a rare corner (|w| < s, w within a few ulps of s / 2), within 2^-24 relative.
import { afterEach, describe, expect, it } from 'vitest';
import { dequantizeDynamicInt8, dynamicInt8Error, quantizeDynamicInt8 } from '../../../../../src/core/compress/kernels/dynamic-int8.ts';
import { dequantizeGatherBlockQuantized, gatherBlockQuantizedError, quantizeGatherBlockQuantized } from '../../../../../src/core/compress/kernels/gather-block-quantized.ts';
import { dequantizeInt8PerChannel, int8PerChannelError, quantizeInt8PerChannel } from '../../../../../src/core/compress/kernels/int8-per-channel.ts';
import { transpose } from '../../../../../src/core/compress/kernels/layout.ts';
import { dequantizeMatMulNBits, matMulNBitsError, quantizeMatMulNBits, type MatMulNBitsOptions } from '../../../../../src/core/compress/kernels/matmul-nbits.ts';
import { tensorError, type TensorError } from '../../../../../src/core/compress/kernels/metrics.ts';
import { setSimdEnabled } from '../../../../../src/core/compress/kernels/simd-kernels.ts';
import { float16BitsToFloat32, float32ArrayToFloat16 } from '../../../../../src/core/onnx/index.ts';
import { randomMatrix, rng } from './model-builder.ts';

afterEach(() => setSimdEnabled(true));

const SUM_RELATIVE = 2 ** -17;

function expectSame(fused: TensorError, slow: TensorError): void {
  expect(fused.count).toBe(slow.count);
  expect(Math.abs(fused.rmse - slow.rmse)).toBeLessThanOrEqual(SUM_RELATIVE * slow.rmse);
  expect(Math.abs(fused.maxAbsError - slow.maxAbsError)).toBeLessThanOrEqual(2 ** -24 * slow.maxAbsError);
  if (slow.sqnrDb === Infinity) expect(fused.sqnrDb).toBe(Infinity);
  else expect(Math.abs(fused.sqnrDb - slow.sqnrDb)).toBeLessThanOrEqual(10 * Math.LOG10E * 2 * SUM_RELATIVE);
}

/** Gaussian-ish weights with outliers, zeros and a whole zero block: what real layers look like, and the edge cases. */
function weights(count: number, seed: number): Float32Array {
  const W = randomMatrix(count, seed, 0.05);
  const r = rng(seed + 7);
  for (let i = 0; i < count; i++) {
    const pick = r();
    if (pick < 0.02) W[i] = 0;
    else if (pick < 0.025) W[i] = 40 * (r() - 0.5);
    else if (pick < 0.03) W[i] = 1e-41; // denormal
  }
  W.fill(0, 0, Math.min(count, 64));
  return W;
}

/** The weight's float32 bytes at an odd offset, as raw_data often sits in a model file. */
function unalignedBytes(W: Float32Array): Uint8Array {
  const bytes = new Uint8Array(W.byteLength + 3).subarray(3);
  bytes.set(new Uint8Array(W.buffer, W.byteOffset, W.byteLength));
  return bytes;
}

describe('fused q4/q8 error sums (MatMulNBits)', () => {
  const shapes = [
    [256, 12],
    [100, 7], // K not a multiple of any block size, N not a multiple of 4
    [96, 33],
    [64, 1],
  ] as const;
  for (const [K, N] of shapes) {
    for (const bits of [4, 8] as const) {
      for (const symmetric of [true, false]) {
        it(`K=${K} N=${N} bits=${bits} ${symmetric ? 'sym' : 'asym'}: SIMD and JS, both layouts, values and unaligned bytes`, () => {
          const W = weights(K * N, K * 31 + N + bits);
          const Wt = transpose(W, K, N);
          for (const blockSize of [16, 32, 128]) {
            for (const simd of [true, false]) {
              setSimdEnabled(simd);
              const options: MatMulNBitsOptions = { bits, blockSize, symmetric };
              const kn = quantizeMatMulNBits(W, K, N, options);
              const slow = tensorError(W, dequantizeMatMulNBits(kn));
              expectSame(kn.error, slow);
              expectSame(quantizeMatMulNBits(unalignedBytes(W), K, N, options).error, slow);
              const nk = quantizeMatMulNBits(unalignedBytes(Wt), K, N, { ...options, layout: 'nk' });
              expect(nk.B).toEqual(kn.B);
              expectSame(nk.error, slow);
            }
          }
        });
      }
    }
  }

  it('finite weights whose squares overflow float32 (|w| > 1.8e19) go to the float64 JS path, not a NaN error', () => {
    const [K, N] = [64, 12];
    const W = new Float32Array(K * N).map((_, i) => ((i % 7) - 3) * 1e25);
    for (const layout of ['kn', 'nk'] as const) {
      const q = quantizeMatMulNBits(layout === 'kn' ? W : transpose(W, K, N), K, N, { bits: 4, blockSize: 32, symmetric: false, layout });
      expect(Number.isFinite(q.error.sqnrDb)).toBe(true);
      expectSame(q.error, tensorError(W, dequantizeMatMulNBits(q)));
      setSimdEnabled(false);
      expect(q.B).toEqual(quantizeMatMulNBits(W, K, N, { bits: 4, blockSize: 32, symmetric: false }).B);
      setSimdEnabled(true);
    }
  });

  it('reports an exact reconstruction as Infinity dB', () => {
    const W = new Float32Array(64 * 8).map((_, i) => ((i % 15) - 7) * 0.25); // on the 4-bit grid of scale 0.25
    const q = quantizeMatMulNBits(W, 64, 8, { bits: 4, blockSize: 32, symmetric: true });
    expect(q.error.sqnrDb).toBe(Infinity);
    expect(q.error.rmse).toBe(0);
    expectSame(q.error, tensorError(W, dequantizeMatMulNBits(q)));
  });
});

describe('stored-value error readers (no dequantized copy)', () => {
  it('matMulNBitsError follows scales changed after quantizing (float16) and AWQ multipliers', () => {
    const [K, N] = [96, 10];
    const W = weights(K * N, 5);
    const multiplier = Float32Array.from({ length: K }, (_, k) => 0.5 + (k % 7) / 4);
    for (const layout of ['kn', 'nk'] as const) {
      for (const symmetric of [true, false]) {
        const source = layout === 'kn' ? W : transpose(W, K, N);
        const q = quantizeMatMulNBits(source, K, N, { bits: 4, blockSize: 32, symmetric, layout });
        const bits16 = float32ArrayToFloat16(q.scales);
        for (let i = 0; i < bits16.length; i++) q.scales[i] = float16BitsToFloat32(bits16[i]!);
        const dequantized = dequantizeMatMulNBits(q); // [K, N]
        expectSame(matMulNBitsError(source, layout, q), tensorError(W, dequantized));
        const scaled = dequantized.map((value, i) => value * multiplier[Math.floor(i / N)]!);
        expectSame(matMulNBitsError(source, layout, q, multiplier), tensorError(W, scaled));
      }
    }
  });

  it('GatherBlockQuantized tables: fused sums and the reader', () => {
    const [vocab, hidden] = [9, 100];
    const table = weights(vocab * hidden, 3);
    for (const symmetric of [true, false]) {
      for (const simd of [true, false]) {
        setSimdEnabled(simd);
        const t = quantizeGatherBlockQuantized(table, vocab, hidden, { bits: 4, blockSize: 32, symmetric });
        const slow = tensorError(table, dequantizeGatherBlockQuantized(t));
        expectSame(t.error, slow);
        expectSame(gatherBlockQuantizedError(table, t), slow);
      }
    }
  });

  it('int8 per channel and dynamic int8', () => {
    const [K, N] = [48, 20];
    const W = weights(K * N, 9);
    for (const layout of ['kn', 'nk'] as const) {
      const source = layout === 'kn' ? W : transpose(W, K, N);
      const q = quantizeInt8PerChannel(source, K, N, layout);
      expectSame(int8PerChannelError(source, q, K, N), tensorError(source, dequantizeInt8PerChannel(q, K, N)));
    }
    for (const type of ['int8', 'uint8'] as const) {
      for (const granularity of ['per-tensor', 'per-column'] as const) {
        const q = quantizeDynamicInt8(W, K, N, { type, granularity });
        expectSame(dynamicInt8Error(W, q, K, N), tensorError(W, dequantizeDynamicInt8(q, K, N)));
      }
    }
  });
});
