// All-or-nothing writes: every write runs in one readwrite transaction; if any request fails (or the
// work throws before the transaction commits), the transaction is aborted so no partial record is
// left, and the failure becomes a QuotaError / StorageError. Reads map failures the same way.
import type { IDBPTransaction, StoreNames } from 'idb';
import { isQuotaError, toStorageError } from './errors.ts';
import type { LabDb } from './db.ts';
import type { LabDbSchema } from './schema.ts';

type Stores = StoreNames<LabDbSchema>[];

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: nothing left to undo.
  }
}

/**
 * Runs `work` in one transaction over `stores`. `work` must only await IndexedDB requests (awaiting
 * anything else lets the transaction auto-commit early). `what` names the data for error messages.
 */
export async function writeTransaction<S extends Stores, T>(
  db: LabDb,
  stores: S,
  what: string,
  work: (tx: IDBPTransaction<LabDbSchema, S, 'readwrite'>) => Promise<T>,
): Promise<T> {
  let tx: IDBPTransaction<LabDbSchema, S, 'readwrite'>;
  try {
    tx = db.transaction(stores, 'readwrite');
  } catch (error) {
    throw toStorageError(error, what);
  }
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    await tx.done.catch(() => undefined);
    // Browsers report a full disk on the transaction (tx.error) while requests see AbortError.
    throw toStorageError(isQuotaError(tx.error) ? tx.error : error, what);
  }
}

/** A read-only transaction with the same error mapping. */
export async function readTransaction<S extends Stores, T>(
  db: LabDb,
  stores: S,
  what: string,
  work: (tx: IDBPTransaction<LabDbSchema, S, 'readonly'>) => Promise<T>,
): Promise<T> {
  try {
    const tx = db.transaction(stores, 'readonly');
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    throw toStorageError(error, what);
  }
}

/**
 * Issues requests in order and waits for all. Each promise gets a handler at once, so when one
 * request throws or fails (and the transaction aborts) the others' AbortErrors are not unhandled.
 */
export async function issueAll(requests: Iterable<() => Promise<unknown>>): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const start of requests) {
    const promise = start();
    promise.catch(() => undefined);
    pending.push(promise);
  }
  await Promise.all(pending);
}
