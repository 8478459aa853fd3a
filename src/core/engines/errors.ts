// Errors an engine raises for its own domain (a model it cannot run, a method it does not support).
// Runtime failures keep their own classes (OnnxRuntimeError, WebGpuUnavailableError).
import { LabError, registerErrorClass } from '../errors.ts';

export class EngineError extends LabError {
  override name = 'EngineError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine', message, options);
  }
}

registerErrorClass('EngineError', EngineError);
