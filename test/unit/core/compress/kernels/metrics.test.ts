// Error metrics against hand-computed values; stored sizes against the byte lengths the quantizers
// actually produce; gzip sizes that show pruning helps a compressed download.
import { describe, expect, it } from 'vitest';
import { quantizeDynamicInt8 } from '../../../../../src/core/compress/kernels/dynamic-int8.ts';
import { quantizeGatherBlockQuantized } from '../../../../../src/core/compress/kernels/gather-block-quantized.ts';
import { quantizeInt8PerChannel } from '../../../../../src/core/compress/kernels/int8-per-channel.ts';
import { quantizeMatMulNBits } from '../../../../../src/core/compress/kernels/matmul-nbits.ts';
import { gzipBytes, sparsity, storedBitsPerWeight, storedBytes, tensorError } from '../../../../../src/core/compress/kernels/metrics.ts';
import { pruneUnstructured } from '../../../../../src/core/compress/kernels/prune-unstructured.ts';
import { randomMatrix } from './model-builder.ts';

const bytes = (...arrays: (ArrayBufferView | null)[]): number => arrays.reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);

describe('tensorError', () => {
  it('matches hand-computed RMSE, max error and SQNR', () => {
    const e = tensorError([1, 2, 3, 4], [1, 2, 3, 5]);
    expect(e.rmse).toBe(0.5); // sqrt(1 / 4)
    expect(e.maxAbsError).toBe(1);
    expect(e.sqnrDb).toBeCloseTo(10 * Math.log10(30), 12); // 14.771 dB
    const f = tensorError([3, -4], [2.5, -3]);
    expect(f.rmse).toBeCloseTo(Math.sqrt((0.25 + 1) / 2), 15);
    expect(f.sqnrDb).toBeCloseTo(10 * Math.log10(25 / 1.25), 12);
  });

  it('is Infinity dB for an exact reconstruction and rejects mismatched lengths', () => {
    expect(tensorError(new Float32Array([1, -2]), new Float64Array([1, -2])).sqnrDb).toBe(Infinity);
    expect(() => tensorError([1, 2], [1])).toThrow(/reconstruction/);
  });
});

describe('stored bits per weight', () => {
  it('q4 block 32: 5.0 bits symmetric, 5.125 asymmetric (hand-computed)', () => {
    expect(storedBitsPerWeight({ kind: 'matmul-nbits', K: 64, N: 8, bits: 4, blockSize: 32, symmetric: true })).toBe(5);
    expect(storedBitsPerWeight({ kind: 'matmul-nbits', K: 64, N: 8, bits: 4, blockSize: 32, symmetric: false })).toBe(5.125);
    expect(storedBitsPerWeight({ kind: 'float16', count: 10 })).toBe(16);
  });

  it('equals the bytes the quantizers really store, padding included', () => {
    for (const [K, N, bits, blockSize, symmetric] of [[100, 7, 4, 32, false], [100, 7, 8, 16, true], [65, 3, 4, 64, false]] as const) {
      const q = quantizeMatMulNBits(randomMatrix(K * N, 1), K, N, { bits, blockSize, symmetric });
      expect(storedBytes({ kind: 'matmul-nbits', K, N, bits, blockSize, symmetric })).toBe(bytes(q.B, q.scales, q.zeroPoints));
    }
    const t = quantizeGatherBlockQuantized(randomMatrix(5 * 96, 2), 5, 96, { bits: 4, blockSize: 32, symmetric: false });
    expect(storedBytes({ kind: 'gather-block-quantized', vocab: 5, hidden: 96, bits: 4, blockSize: 32, symmetric: false })).toBe(bytes(t.data, t.scales, t.zeroPoints));
    const c = quantizeInt8PerChannel(randomMatrix(30 * 4, 3), 30, 4);
    expect(storedBytes({ kind: 'int8-per-channel', K: 30, N: 4 })).toBe(bytes(c.q, c.scale));
    const d = quantizeDynamicInt8(randomMatrix(30 * 4, 3), 30, 4, { type: 'uint8', granularity: 'per-column' });
    expect(storedBytes({ kind: 'dynamic-int8', K: 30, N: 4, granularity: 'per-column' })).toBe(bytes(d.q, d.scale, d.zeroPoint));
  });
});

describe('sparsity and gzip size', () => {
  it('counts exact zeros', () => {
    expect(sparsity([0, 1, 0, 2])).toBe(0.5);
    expect(sparsity(new Float32Array(0))).toBe(0);
  });

  it('zeros compress; a 50% pruned tensor gzips smaller than the dense one at the same dense size', () => {
    expect(gzipBytes(new Float32Array(10_000))).toBeLessThan(200);
    const dense = randomMatrix(64 * 64, 4);
    const pruned = dense.slice();
    pruneUnstructured([{ weight: pruned, K: 64, N: 64 }], { sparsity: 0.5, scope: 'per-tensor' });
    expect(pruned.byteLength).toBe(dense.byteLength);
    expect(gzipBytes(pruned)).toBeLessThan(gzipBytes(dense) * 0.75);
    expect(gzipBytes(dense)).toBeGreaterThan(dense.byteLength * 0.8);
  });
});
