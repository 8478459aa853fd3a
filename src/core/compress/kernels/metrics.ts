// Per-tensor numbers for the compression report: reconstruction error (float64), stored bits per
// weight including scales and zero points, achieved sparsity, and gzip size (fflate) to show that
// unstructured zeros shrink a compressed download but not the dense file.
import { gzipSync } from 'fflate';
import { InvalidArgumentError } from '../../errors.ts';
import { blockCount, zeroPointRowBytes } from './block-quantize.ts';
import type { DynamicGranularity } from './dynamic-int8.ts';
import type { QuantBits } from './validate.ts';

export interface TensorError {
  count: number;
  /** sqrt(mean (w - w')^2) */
  rmse: number;
  maxAbsError: number;
  /** 10 log10(sum w^2 / sum (w - w')^2); Infinity when the reconstruction is exact */
  sqnrDb: number;
}

/** Error of a reconstruction against the original, accumulated in float64. */
export function tensorError(original: ArrayLike<number>, reconstructed: ArrayLike<number>): TensorError {
  if (original.length !== reconstructed.length) {
    throw new InvalidArgumentError(`tensorError: the original has ${original.length} values but the reconstruction ${reconstructed.length}.`);
  }
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  for (let i = 0; i < original.length; i++) {
    const w = original[i]!;
    const d = w - reconstructed[i]!;
    signal += w * w;
    noise += d * d;
    maxAbsError = Math.max(maxAbsError, Math.abs(d));
  }
  return errorFromSums({ count: original.length, signal, noise, maxAbs: maxAbsError });
}

/**
 * Running sums of a reconstruction error, so a kernel can accumulate it while it quantizes (no
 * dequantized copy): sum w^2, sum (w - w')^2 and max |w - w'| in float64, over `count` weights.
 */
export interface ErrorSums {
  count: number;
  signal: number;
  noise: number;
  maxAbs: number;
}

export function emptyErrorSums(): ErrorSums {
  return { count: 0, signal: 0, noise: 0, maxAbs: 0 };
}

/** The TensorError that tensorError() would give for the same sums. */
export function errorFromSums(sums: ErrorSums): TensorError {
  const { count, signal, noise, maxAbs } = sums;
  return {
    count,
    rmse: count === 0 ? 0 : Math.sqrt(noise / count),
    maxAbsError: maxAbs,
    sqnrDb: noise === 0 ? Infinity : 10 * Math.log10(signal / noise),
  };
}

/** How a weight is stored; shapes as in the quantizers. */
export type StoredFormat =
  | { kind: 'float32'; count: number }
  | { kind: 'float16'; count: number }
  | { kind: 'int8-per-channel'; K: number; N: number }
  | { kind: 'matmul-nbits'; K: number; N: number; bits: QuantBits; blockSize: number; symmetric: boolean }
  | { kind: 'gather-block-quantized'; vocab: number; hidden: number; bits: QuantBits; blockSize: number; symmetric: boolean }
  | { kind: 'dynamic-int8'; K: number; N: number; granularity: DynamicGranularity };

/** Bytes of every stored tensor of the format (data, scales, zero points), padding included. */
export function storedBytes(format: StoredFormat): number {
  switch (format.kind) {
    case 'float32':
      return format.count * 4;
    case 'float16':
      return format.count * 2;
    case 'int8-per-channel':
      return format.K * format.N + format.N * 4;
    case 'matmul-nbits': {
      const blocks = blockCount(format.K, format.blockSize);
      const zeroPoints = format.symmetric ? 0 : format.N * zeroPointRowBytes(blocks, format.bits);
      return format.N * blocks * ((format.blockSize * format.bits) / 8) + format.N * blocks * 4 + zeroPoints;
    }
    case 'gather-block-quantized': {
      const blocks = blockCount(format.hidden, format.blockSize);
      const zeroPoints = format.symmetric ? 0 : format.vocab * zeroPointRowBytes(blocks, format.bits);
      return (format.vocab * format.hidden * format.bits) / 8 + format.vocab * blocks * 4 + zeroPoints;
    }
    case 'dynamic-int8': {
      const groups = format.granularity === 'per-column' ? format.N : 1;
      return format.K * format.N + groups * 5; // float32 scale + one-byte zero point per group
    }
  }
}

export function weightCount(format: StoredFormat): number {
  switch (format.kind) {
    case 'float32':
    case 'float16':
      return format.count;
    case 'gather-block-quantized':
      return format.vocab * format.hidden;
    default:
      return format.K * format.N;
  }
}

/** Stored bits per weight, scales and zero points included (e.g. q4 block 32 symmetric: 5.0). */
export function storedBitsPerWeight(format: StoredFormat): number {
  return (storedBytes(format) * 8) / weightCount(format);
}

/** Share of exact zeros (pruned or not) in a tensor. */
export function sparsity(data: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return data.length === 0 ? 0 : zeros / data.length;
}

/** Size in bytes of the tensor's bytes after gzip (fflate, level 6 by default). */
export function gzipBytes(data: ArrayBufferView, level: 1 | 6 | 9 = 6): number {
  return gzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { level }).length;
}
