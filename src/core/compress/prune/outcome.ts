// What a prune step hands back to the pipeline, and the per-tensor report rows it is built from.
// Errors are measured in float64 against the weight before the step (for removed neurons: the
// original matrix with those neurons zeroed, which is what the slice does to the layer's output).
import { tensorError } from '../kernels/metrics.ts';
import type { StepOutcome } from '../context.ts';
import type { TensorReport } from '../types.ts';

export interface PruneOutcome extends StepOutcome {
  tensors: TensorReport[];
  notes: string[];
  /**
   * Structured pruning only: the MLP width after the step when every layer has the same one, to
   * write as config.json `intermediate_size`; null when layers differ (per-layer widths are then
   * in `intermediateSizes`).
   */
  intermediateSize?: number | null;
  intermediateSizes?: number[];
}

export interface TensorChange {
  name: string;
  stepIndex: number;
  method: string;
  dims: number[];
  dtype: 'float32' | 'float16';
  /** Values before the step, float32, in the stored layout. */
  before: Float32Array;
  /** The same shape as `before`: the step's effect (pruned values, or removed neurons zeroed). */
  after: Float32Array;
  /** Elements stored after the step (smaller than before.length for structured pruning). */
  storedElements: number;
  /** Share of zeros after the step; omitted for structured pruning, which leaves no zeros. */
  sparsity?: number;
}

export function tensorReport(change: TensorChange): TensorReport {
  const bytesPerValue = change.dtype === 'float16' ? 2 : 4;
  const error = tensorError(change.before, change.after);
  return {
    name: change.name,
    step: change.stepIndex,
    method: change.method,
    shape: change.dims,
    bytesBefore: change.before.length * bytesPerValue,
    bytesAfter: change.storedElements * bytesPerValue,
    bitsPerWeight: bytesPerValue * 8,
    rmse: error.rmse,
    maxAbsError: error.maxAbsError,
    sqnrDb: error.sqnrDb,
    ...(change.sparsity === undefined ? {} : { sparsity: change.sparsity }),
  };
}

/** Count of exact zeros. */
export function zeroCount(values: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros;
}
