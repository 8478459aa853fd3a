// The per-tensor report of a quantizer: bytes before (as stored in the input) and after (data,
// scales and zero points exactly as written, so float16 scales count 2 bytes), stored bits per
// weight, and the reconstruction error of the stored weight against the original: float64 sums of
// w - w' per weight, which the kernels accumulate while they quantize (no dequantized copy).
import { tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { TensorError } from '../kernels/index.ts';
import type { TensorReport } from '../types.ts';

/** What the report shows of a reconstruction error (kernels' TensorError has these and a count). */
export type ErrorSummary = Pick<TensorError, 'rmse' | 'maxAbsError' | 'sqnrDb'>;

/** A report's known parts; bytesAfter counts every tensor written for the weight (data, scales, zero points, AWQ input scale). */
export type ReportInput = Pick<TensorReport, 'name' | 'step' | 'method' | 'shape' | 'bytesBefore' | 'bytesAfter' | 'awq'> & { error: ErrorSummary };

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
