// The WebAssembly SIMD path must produce exactly the bytes of the JavaScript reference, for every
// layout, bit width, block size and awkward value (zero blocks, denormals, ties at .5, outliers),
// and report bad weights at the same position.
import { afterEach, describe, expect, it } from 'vitest';
import { quantizeGatherBlockQuantized } from '../../../../../src/core/compress/kernels/gather-block-quantized.ts';
import { transpose } from '../../../../../src/core/compress/kernels/layout.ts';
import { quantizeMatMulNBits, type MatMulNBitsOptions } from '../../../../../src/core/compress/kernels/matmul-nbits.ts';
import { setSimdEnabled, simdKernels } from '../../../../../src/core/compress/kernels/simd-kernels.ts';
import { randomMatrix, rng } from './model-builder.ts';

afterEach(() => setSimdEnabled(true));

function both<T>(run: () => T): { simd: T; js: T } {
  setSimdEnabled(true);
  const simd = run();
  setSimdEnabled(false);
  const js = run();
  setSimdEnabled(true);
  return { simd, js };
}

/** Random weights salted with the values that break sloppy kernels. */
function awkwardMatrix(count: number, seed: number): Float32Array {
  const W = randomMatrix(count, seed, 0.05);
  const r = rng(seed + 1);
  for (let i = 0; i < count; i++) {
    const pick = r();
    if (pick < 0.02) W[i] = 0;
    else if (pick < 0.03) W[i] = 1e-42; // denormal
    else if (pick < 0.04) W[i] = -Math.round(r() * 14) / 2; // exact halves: ties
    else if (pick < 0.045) W[i] = 3e4 * (r() - 0.5); // outliers
  }
  W.fill(0, 0, 64); // a whole zero block (or two)
  for (let i = 64; i < Math.min(count, 96); i++) W[i] = 1e-41 * (i - 80); // denormal-only block
  return W;
}

describe('WebAssembly SIMD quantization', () => {
  it('is available in this runtime (so the comparisons below exercise it)', () => {
    expect(simdKernels()).not.toBeNull();
  });

  const shapes = [
    [128, 12],
    [100, 7],
    [256, 5],
    [64, 3],
  ] as const;
  for (const [K, N] of shapes) {
    for (const bits of [4, 8] as const) {
      for (const symmetric of [true, false]) {
        it(`K=${K} N=${N} bits=${bits} ${symmetric ? 'sym' : 'asym'}: SIMD bytes equal the JS reference in both layouts, all block sizes`, () => {
          const W = awkwardMatrix(K * N, K * N + bits);
          const Wt = transpose(W, K, N);
          for (const blockSize of [16, 32, 64, 128]) {
            const options: MatMulNBitsOptions = { bits, blockSize, symmetric };
            const kn = both(() => quantizeMatMulNBits(W, K, N, options));
            const nk = both(() => quantizeMatMulNBits(Wt, K, N, { ...options, layout: 'nk' }));
            for (const r of [kn.simd, nk.simd, nk.js]) {
              expect(r.B).toEqual(kn.js.B);
              expect(r.scales).toEqual(kn.js.scales);
              expect(r.zeroPoints).toEqual(kn.js.zeroPoints);
            }
          }
        });
      }
    }
  }

  it('GatherBlockQuantized tables match the JS reference too', () => {
    const table = awkwardMatrix(9 * 96, 3);
    for (const symmetric of [true, false]) {
      const r = both(() => quantizeGatherBlockQuantized(table, 9, 96, { bits: 4, blockSize: 32, symmetric }));
      expect(r.simd.data).toEqual(r.js.data);
      expect(r.simd.scales).toEqual(r.js.scales);
      expect(r.simd.zeroPoints).toEqual(r.js.zeroPoints);
    }
  });

  it('reports NaN and Infinity at the same position as the JS reference', () => {
    for (const layout of ['kn', 'nk'] as const) {
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        const W = randomMatrix(128 * 6, 1);
        W[70 * 6 + 4] = bad; // k = 70, n = 4 in [K, N]
        const source = layout === 'kn' ? W : transpose(W, 128, 6);
        const message = (): string => {
          try {
            quantizeMatMulNBits(source, 128, 6, { bits: 4, blockSize: 32, symmetric: true, layout });
          } catch (e) {
            return (e as Error).message;
          }
          return 'no error';
        };
        const r = both(message);
        expect(r.simd).toMatch(/NaN or Infinity near row 4, element 64/);
        expect(r.simd).toBe(r.js);
      }
    }
  });
});
