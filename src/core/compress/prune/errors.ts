// Typed errors of graph-level pruning. Each names the weight or the graph part that is missing and
// says what to do; registered so they survive the compress worker's postMessage boundary.
import { LabError, registerErrorClass } from '../../errors.ts';

/** The model has no MLP block structured pruning understands (SwiGLU: down(silu(gate(x)) * up(x))). */
export class MlpNotFoundError extends LabError {
  override name = 'MlpNotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('compress', message, options);
  }
}

/** A Wanda score needs activation norms the calibration data does not hold. */
export class CalibrationMissingError extends LabError {
  override name = 'CalibrationMissingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('compress', message, options);
  }
}

/** A weight cannot be pruned as stored (already quantized, wrong rank, shared in a way slicing would break). */
export class UnprunableWeightError extends LabError {
  override name = 'UnprunableWeightError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('compress', message, options);
  }
}

registerErrorClass('MlpNotFoundError', MlpNotFoundError);
registerErrorClass('CalibrationMissingError', CalibrationMissingError);
registerErrorClass('UnprunableWeightError', UnprunableWeightError);
