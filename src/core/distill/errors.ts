// Typed failures of a distillation run. Each says what went wrong and what to change; they cross
// the worker boundary by name (registerErrorClass) so the Distill page can branch on them.
import { LabError, registerErrorClass } from '../errors.ts';

/** The student cannot learn from this teacher as configured (vocabulary, tokenizer, context). */
export class DistillConfigError extends LabError {
  override name = 'DistillConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-argument', message, options);
  }
}

/** The transfer set is empty or too short for one training window. */
export class TransferSetError extends LabError {
  override name = 'TransferSetError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-argument', message, options);
  }
}

/** The training backend ran out of memory; the last checkpoint is kept. */
export class TrainOutOfMemoryError extends LabError {
  override name = 'TrainOutOfMemoryError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine', message, options);
  }
}

registerErrorClass('DistillConfigError', DistillConfigError);
registerErrorClass('TransferSetError', TransferSetError);
registerErrorClass('TrainOutOfMemoryError', TrainOutOfMemoryError);

const OOM_PATTERNS = [/out of memory/i, /\boom\b/i, /failed to allocate/i, /allocation failed/i, /cannot enlarge memory/i, /memory access out of bounds/i, /invalid array length/i];

/** Rewrites a backend allocation failure as TrainOutOfMemoryError; other errors pass through unchanged. */
export function asOutOfMemory(error: unknown, what: { batch: number; context: number; step: number }): unknown {
  if (error instanceof LabError) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (!OOM_PATTERNS.some((pattern) => pattern.test(message))) return error;
  return new TrainOutOfMemoryError(
    `The training backend ran out of memory at step ${what.step} (batch ${what.batch}, context ${what.context}): ${message}. ` +
      'Lower the batch size or the context, or use a smaller student; the last saved checkpoint is kept and can be resumed.',
    { cause: error },
  );
}
