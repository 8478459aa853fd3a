// The per-tensor report of a quantizer: bytes before (as stored in the input) and after (data,
// scales and zero points exactly as written, so float16 scales count 2 bytes), stored bits per weight, and the reconstruction error of the
// dequantized weight against the original, accumulated in float64 in [K, N] order whatever the
// stored layout was.
import { tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { WeightLayout } from '../kernels/index.ts';
import type { TensorReport } from '../types.ts';

export interface ErrorSummary {
  rmse: number;
  maxAbsError: number;
  /** 10 log10(sum w^2 / sum (w - w')^2); Infinity when exact. */
  sqnrDb: number;
}

/**
 * Error of `reconstructed(k, n)` against the original weight stored as `layout`
 * ('kn': [K, N], 'nk': [N, K]).
 */
export function weightError(original: Float32Array, layout: WeightLayout, K: number, N: number, reconstructed: (k: number, n: number) => number): ErrorSummary {
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      const w = original[layout === 'kn' ? k * N + n : n * K + k]!;
      const d = w - reconstructed(k, n);
      signal += w * w;
      noise += d * d;
      if (Math.abs(d) > maxAbsError) maxAbsError = Math.abs(d);
    }
  }
  const count = K * N;
  return { rmse: count === 0 ? 0 : Math.sqrt(noise / count), maxAbsError, sqnrDb: noise === 0 ? Infinity : 10 * Math.log10(signal / noise) };
}

/** Error of an element-wise reconstruction in the same order as the original (embeddings, fp16). */
export function flatError(original: ArrayLike<number>, reconstructed: ArrayLike<number>): ErrorSummary {
  return weightError(original as Float32Array, 'kn', 1, original.length, (_, n) => reconstructed[n]!);
}

export interface ReportInput {
  name: string;
  step: number;
  method: string;
  shape: number[];
  bytesBefore: number;
  /** Bytes of every tensor written for this weight: data, scales, zero points, AWQ input scale. */
  bytesAfter: number;
  error: ErrorSummary;
  awq?: TensorReport['awq'];
}

/** Sum of the data bytes of the tensors written for one weight. */
export function writtenBytes(tensors: readonly onnx.ITensorProto[]): number {
  return tensors.reduce((sum, tensor) => sum + tensorByteLength(tensor), 0);
}

export function tensorReport(input: ReportInput): TensorReport {
  const weights = input.shape.reduce((product, dim) => product * dim, 1);
  return {
    name: input.name,
    step: input.step,
    method: input.method,
    shape: input.shape,
    bytesBefore: input.bytesBefore,
    bytesAfter: input.bytesAfter,
    bitsPerWeight: weights === 0 ? 0 : (input.bytesAfter * 8) / weights,
    rmse: input.error.rmse,
    maxAbsError: input.error.maxAbsError,
    sqnrDb: input.error.sqnrDb,
    ...(input.awq ? { awq: input.awq } : {}),
  };
}
