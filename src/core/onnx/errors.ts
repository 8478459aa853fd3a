// Typed errors of the ONNX toolkit. Each says what is wrong with which file or tensor and what a
// person can do about it; the class (and its `code`) lets callers branch without parsing text.
// All are registered so they survive a worker boundary (see ../errors.ts).
import { LabError, registerErrorClass } from '../errors.ts';

/** The bytes are not protobuf at all (or are corrupt inside): wrong file, or damaged. */
export class OnnxParseError extends LabError {
  override name = 'OnnxParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-parse', message, options);
  }
}

/** The file ends before the data it declares: an interrupted download or copy. */
export class OnnxTruncatedError extends LabError {
  override name = 'OnnxTruncatedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-truncated', message, options);
  }
}

/** Valid protobuf, but not an ONNX ModelProto (no graph, wrong field types: e.g. a TensorProto .pb). */
export class NotOnnxModelError extends LabError {
  override name = 'NotOnnxModelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-not-model', message, options);
  }
}

/** An ONNX model whose content contradicts itself: data length vs shape, a cycle in the graph. */
export class InvalidOnnxModelError extends LabError {
  override name = 'InvalidOnnxModelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-invalid', message, options);
  }
}

/** A tensor's external data file is missing, or its offset/length fall outside that file. */
export class ExternalDataError extends LabError {
  override name = 'ExternalDataError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-external-data', message, options);
  }
}

/**
 * A tensor's external data `location` would leave the model's folder: an absolute path, a '..'
 * segment, or (checked where a file system exists) a symbolic link whose target is outside it.
 * Refused before anything is read, so a model file cannot make the tool read other files.
 */
export class UnsafeExternalDataLocationError extends ExternalDataError {
  override name = 'UnsafeExternalDataLocationError';
  /** The location as the model wrote it ('' when rebuilt from a worker message). */
  readonly location: string;
  constructor(message: string, options?: { cause?: unknown; location?: string }) {
    super(message, options);
    this.location = options?.location ?? '';
  }
}

/** A data type this toolkit cannot read or write (string, float8, or a code newer than it knows). */
export class UnsupportedDtypeError extends LabError {
  override name = 'UnsupportedDtypeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-unsupported', message, options);
  }
}

export const ONNX_ERROR_CODES = [
  'onnx-parse',
  'onnx-truncated',
  'onnx-not-model',
  'onnx-invalid',
  'onnx-external-data',
  'onnx-unsupported',
] as const;

/** True for the errors this toolkit throws on bad input (as opposed to bugs). */
export function isOnnxInputError(error: unknown): error is LabError {
  return error instanceof LabError && (ONNX_ERROR_CODES as readonly string[]).includes(error.code);
}

registerErrorClass('OnnxParseError', OnnxParseError);
registerErrorClass('OnnxTruncatedError', OnnxTruncatedError);
registerErrorClass('NotOnnxModelError', NotOnnxModelError);
registerErrorClass('InvalidOnnxModelError', InvalidOnnxModelError);
registerErrorClass('ExternalDataError', ExternalDataError);
registerErrorClass('UnsafeExternalDataLocationError', UnsafeExternalDataLocationError);
registerErrorClass('UnsupportedDtypeError', UnsupportedDtypeError);
