// Storage errors with messages a person can act on. Every failed write leaves what was stored before
// intact (writes are single transactions), and the messages say so where it helps.
import { LabError, registerErrorClass } from '../../core/errors.ts';

export class StorageError extends LabError {
  override name = 'StorageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage', message, options);
  }
}

export class QuotaError extends LabError {
  override name = 'QuotaError';
  constructor(message = QuotaError.messageFor('the data'), options?: { cause?: unknown }) {
    super('quota-exceeded', message, options);
  }

  static messageFor(what: string): string {
    return `The browser's storage for this site is full, so ${what} could not be saved (nothing was half-written). Free space in 'Models & storage' by deleting cached models or variants, or request persistent storage there, then try again.`;
  }
}

/** Another tab holds the database open at an older version, so this tab cannot upgrade it. */
export class StorageBlockedError extends LabError {
  override name = 'StorageBlockedError';
  constructor(
    message = 'LLM Lab needs to upgrade its saved-data database, but another tab of LLM Lab still has it open. Close the other LLM Lab tabs, then reload this page.',
    options?: { cause?: unknown },
  ) {
    super('storage', message, options);
  }
}

registerErrorClass('StorageError', StorageError);
registerErrorClass('QuotaError', QuotaError);
registerErrorClass('StorageBlockedError', StorageBlockedError);

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

export function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && QUOTA_NAMES.has((error as { name?: string }).name ?? '');
}

/** Maps a raw IndexedDB failure while doing `what` ("the variant 'x'") to a storage error. */
export function toStorageError(error: unknown, what: string): LabError {
  if (error instanceof LabError) return error;
  if (isQuotaError(error)) return new QuotaError(QuotaError.messageFor(what), { cause: error });
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof Error && error.name === 'InvalidStateError') {
    return new StorageError(`Could not access saved data for ${what}: the database connection was closed (another tab may have upgraded it). Reload this page. (${detail})`, { cause: error });
  }
  return new StorageError(`Could not save or read ${what} in the browser's storage; what was stored before is unchanged. (${detail})`, { cause: error });
}
