// One error family for the whole lab. Every error has a stable `code` the UI can branch on and a
// message that says what happened and what to do next. Errors cross worker boundaries as
// `WireError` values and are rebuilt into the same class on the other side.

export type ErrorCode =
  | 'cancelled'
  | 'invalid-argument'
  | 'onnx-parse'
  | 'onnx-truncated'
  | 'onnx-not-model'
  | 'onnx-invalid'
  | 'onnx-unsupported'
  | 'onnx-external-data'
  | 'onnx-runtime'
  | 'webgpu-unavailable'
  | 'shader-f16-unavailable'
  | 'device-lost'
  | 'quota-exceeded'
  | 'storage'
  | 'network'
  | 'model-not-found'
  | 'recipe'
  | 'compress'
  | 'engine'
  | 'internal';

export class LabError extends Error {
  override name = 'LabError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export class CancelledError extends LabError {
  override name = 'CancelledError';
  constructor(message = 'The operation was cancelled.') {
    super('cancelled', message);
  }
}

export class InvalidArgumentError extends LabError {
  override name = 'InvalidArgumentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-argument', message, options);
  }
}

export class WebGpuUnavailableError extends LabError {
  override name = 'WebGpuUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('webgpu-unavailable', message, options);
  }
}

export class OnnxRuntimeError extends LabError {
  override name = 'OnnxRuntimeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnx-runtime', message, options);
  }
}

/** The plain shape an error has while it crosses `postMessage`. */
export interface WireError {
  name: string;
  code: ErrorCode;
  message: string;
}

type ErrorClass = new (message: string) => LabError;
const registry = new Map<string, ErrorClass>();

/** Lets `fromWire` rebuild a subclass by name. Domain modules register their own classes. */
export function registerErrorClass(name: string, ctor: ErrorClass): void {
  registry.set(name, ctor);
}

registerErrorClass('CancelledError', CancelledError);
registerErrorClass('InvalidArgumentError', InvalidArgumentError);
registerErrorClass('WebGpuUnavailableError', WebGpuUnavailableError);
registerErrorClass('OnnxRuntimeError', OnnxRuntimeError);

export function toWire(error: unknown): WireError {
  if (error instanceof LabError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) {
    if (error.name === 'AbortError') return { name: 'CancelledError', code: 'cancelled', message: 'The operation was cancelled.' };
    return { name: error.name, code: 'internal', message: error.message || String(error) };
  }
  return { name: 'Error', code: 'internal', message: String(error) };
}

export function fromWire(wire: WireError): LabError {
  const ctor = registry.get(wire.name);
  if (ctor) {
    const rebuilt = new ctor(wire.message);
    if (rebuilt.code === wire.code) return rebuilt;
  }
  const generic = new LabError(wire.code, wire.message);
  generic.name = wire.name;
  return generic;
}

/** Throws `CancelledError` when the signal has fired; call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export function isCancelled(error: unknown): boolean {
  return error instanceof LabError ? error.code === 'cancelled' : error instanceof Error && error.name === 'AbortError';
}
