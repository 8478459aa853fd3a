// The error a results import raises: which file and which field is wrong, and what was expected.
import { LabError, registerErrorClass } from '../errors.ts';

export class ImportError extends LabError {
  override name = 'ImportError';
  /** Path of the bad field, e.g. `runs[2].variant.engine`; empty when the whole file is unreadable. */
  readonly field: string;
  constructor(message: string, field = '', options?: { cause?: unknown }) {
    super('invalid-argument', message, options);
    this.field = field;
  }
}

registerErrorClass('ImportError', ImportError);
