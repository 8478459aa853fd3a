// Schema migrations, one step per version, run inside the upgrade (versionchange) transaction, so a
// failed step rolls the whole upgrade back and the old data stays as it was.
//   v1: variants + variantChunks, runs, baselines, hubFiles (whole file bytes in one record).
//   v2: settings store; runs indexed by creation time and model; hub file bytes moved into
//       8 MB `hubChunks` records (existing v1 records are rewritten).
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { splitIntoChunks } from './chunks.ts';
import { CHUNK_BYTES, type HubFileRecord } from './schema.ts';

type AnyDb = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;
type Migration = (db: AnyDb, tx: UpgradeTx) => Promise<void>;

/** Hub file record as version 1 stored it. */
export interface HubFileRecordV1 {
  url: string;
  bytes: ArrayBuffer;
  size: number;
  etag: string | null;
  storedAt: string;
}

async function toVersion1(db: AnyDb): Promise<void> {
  db.createObjectStore('variants', { keyPath: 'id' });
  const chunks = db.createObjectStore('variantChunks', { keyPath: ['variantId', 'file', 'index'] });
  chunks.createIndex('by-variant', 'variantId');
  db.createObjectStore('runs', { keyPath: 'id' });
  db.createObjectStore('baselines', { keyPath: 'key' });
  db.createObjectStore('hubFiles', { keyPath: 'url' });
}

async function toVersion2(db: AnyDb, tx: UpgradeTx): Promise<void> {
  db.createObjectStore('settings', { keyPath: 'key' });
  const runs = tx.objectStore('runs');
  runs.createIndex('by-created', 'createdAt');
  runs.createIndex('by-model', 'variant.model');
  const hubChunks = db.createObjectStore('hubChunks', { keyPath: ['url', 'index'] });
  hubChunks.createIndex('by-url', 'url');

  const writes: Promise<unknown>[] = [];
  let cursor = await tx.objectStore('hubFiles').openCursor();
  while (cursor) {
    const old = cursor.value as HubFileRecordV1;
    const pieces = splitIntoChunks(new Uint8Array(old.bytes), CHUNK_BYTES);
    pieces.forEach((bytes, index) => writes.push(hubChunks.put({ url: old.url, index, bytes })));
    const record: HubFileRecord = {
      url: old.url, size: old.size, etag: old.etag, contentType: null, storedAt: old.storedAt, chunkCount: pieces.length,
    };
    writes.push(cursor.update(record));
    cursor = await cursor.continue();
  }
  await Promise.all(writes);
}

/** MIGRATIONS[i] upgrades version i to version i + 1. */
export const MIGRATIONS: readonly Migration[] = [toVersion1, toVersion2];

/** Runs the steps from `oldVersion` up to `newVersion`, in order. */
export async function runMigrations(db: AnyDb, tx: UpgradeTx, oldVersion: number, newVersion: number): Promise<void> {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`No migration from schema version ${version} to ${version + 1}.`);
    await step(db, tx);
  }
}
