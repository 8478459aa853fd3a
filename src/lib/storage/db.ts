// Opens the lab's IndexedDB database, running migrations. The IDBFactory is passed in (tests use a
// fresh fake per test; the app passes `indexedDB`). A blocked upgrade (another tab holds an older
// version open) rejects with `StorageBlockedError`; this tab's own connection closes itself when a
// newer version elsewhere needs it to, so other tabs are never blocked by it.
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { StorageBlockedError, StorageError, toStorageError } from './errors.ts';
import { runMigrations } from './migrations.ts';
import { DB_NAME, DB_VERSION, type LabDbSchema } from './schema.ts';

export type LabDb = IDBPDatabase<LabDbSchema>;

export interface OpenLabDbOptions {
  /** The IndexedDB factory; defaults to the global `indexedDB`. */
  factory?: IDBFactory;
  name?: string;
  /** Schema version to open at (tests open older versions to exercise migrations). */
  version?: number;
}

function startUpgrade(request: IDBOpenDBRequest, event: IDBVersionChangeEvent, version: number, onFailure: (error: unknown) => void): void {
  const db = wrap(request.result) as IDBPDatabase<unknown>;
  const tx = wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  runMigrations(db, tx, event.oldVersion, version).catch((error: unknown) => {
    onFailure(error);
    try {
      tx.abort();
    } catch {
      // The transaction already ended; the open request reports the failure.
    }
  });
}

export function openLabDb(options: OpenLabDbOptions = {}): Promise<LabDb> {
  const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) {
    return Promise.reject(new StorageError('IndexedDB is not available here (private browsing can disable it), so models and results cannot be saved. Use a normal window of a recent browser.'));
  }
  const version = options.version ?? DB_VERSION;
  return new Promise<LabDb>((resolve, reject) => {
    let settled = false;
    let migrationError: unknown;
    const request = factory.open(options.name ?? DB_NAME, version);
    request.onupgradeneeded = (event) => startUpgrade(request, event, version, (error) => (migrationError = error));
    request.onblocked = () => {
      if (settled) return;
      settled = true;
      reject(new StorageBlockedError());
    };
    request.onerror = () => {
      if (settled) return;
      settled = true;
      reject(toStorageError(migrationError ?? request.error, 'the database upgrade'));
    };
    request.onsuccess = () => {
      const raw = request.result;
      if (settled) {
        raw.close(); // the caller already got StorageBlockedError; nobody uses this late connection
        return;
      }
      settled = true;
      raw.onversionchange = () => raw.close();
      resolve(wrap(raw) as unknown as LabDb);
    };
  });
}
