// Cache of files downloaded from the Hugging Face hub: url -> bytes (as chunk records) with size,
// etag and time stored. The ONNX engine serves transformers.js from it before going to the network.
import { joinChunks, splitIntoChunks } from './chunks.ts';
import type { LabDb } from './db.ts';
import { StorageError } from './errors.ts';
import { CHUNK_BYTES, type HubFileRecord } from './schema.ts';
import { issueAll, readTransaction, writeTransaction } from './transaction.ts';

export interface HubFileInput {
  url: string;
  bytes: Uint8Array;
  etag?: string | null;
  contentType?: string | null;
}

export interface CachedHubFile {
  record: HubFileRecord;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Stores (or replaces) one downloaded file atomically. */
export async function putHubFile(db: LabDb, input: HubFileInput, now: Date = new Date(), chunkBytes = CHUNK_BYTES): Promise<HubFileRecord> {
  const chunks = splitIntoChunks(input.bytes, chunkBytes);
  const record: HubFileRecord = {
    url: input.url,
    size: input.bytes.byteLength,
    etag: input.etag ?? null,
    contentType: input.contentType ?? null,
    storedAt: now.toISOString(),
    chunkCount: chunks.length,
  };
  await writeTransaction(db, ['hubFiles', 'hubChunks'], `the downloaded file ${input.url}`, async (tx) => {
    const chunkStore = tx.objectStore('hubChunks');
    const oldKeys = await chunkStore.index('by-url').getAllKeys(input.url);
    await issueAll([
      ...oldKeys.map((key) => () => chunkStore.delete(key)),
      ...chunks.map((bytes, index) => () => chunkStore.put({ url: input.url, index, bytes })),
      () => tx.objectStore('hubFiles').put(record),
    ]);
  });
  return record;
}

/** The cached file's metadata without reading its bytes. */
export async function getHubFileRecord(db: LabDb, url: string): Promise<HubFileRecord | undefined> {
  return readTransaction(db, ['hubFiles'], `the cached file ${url}`, (tx) => tx.objectStore('hubFiles').get(url));
}

export async function getHubFile(db: LabDb, url: string): Promise<CachedHubFile | undefined> {
  return readTransaction(db, ['hubFiles', 'hubChunks'], `the cached file ${url}`, async (tx) => {
    const record = await tx.objectStore('hubFiles').get(url);
    if (!record) return undefined;
    const store = tx.objectStore('hubChunks');
    const chunks = await Promise.all(Array.from({ length: record.chunkCount }, (_, i) => store.get([url, i])));
    const bytes = chunks.every((c) => c !== undefined) ? joinChunks(chunks.map((c) => c!.bytes), record.size) : null;
    if (!bytes) throw new StorageError(`The cached file ${url} is incomplete; delete it in 'Models & storage' so it downloads again.`);
    return { record, bytes };
  });
}

export async function listHubFiles(db: LabDb): Promise<HubFileRecord[]> {
  return readTransaction(db, ['hubFiles'], 'the list of cached files', (tx) => tx.objectStore('hubFiles').getAll());
}

export async function deleteHubFile(db: LabDb, url: string): Promise<boolean> {
  return writeTransaction(db, ['hubFiles', 'hubChunks'], `the cached file ${url}`, async (tx) => {
    const existed = (await tx.objectStore('hubFiles').getKey(url)) !== undefined;
    const store = tx.objectStore('hubChunks');
    const keys = await store.index('by-url').getAllKeys(url);
    await issueAll([...keys.map((key) => () => store.delete(key)), () => tx.objectStore('hubFiles').delete(url)]);
    return existed;
  });
}
