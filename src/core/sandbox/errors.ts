// The sandbox's own failure: the interpreter could not be started or was closed. Failures of the
// user's code are not thrown; they are reported in PythonRunResult.error.
import { LabError, registerErrorClass } from '../errors.ts';

export class SandboxError extends LabError {
  override name = 'SandboxError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine', message, options);
  }
}

registerErrorClass('SandboxError', SandboxError);
