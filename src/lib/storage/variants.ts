// Compressed variants: a metadata record plus its files' bytes as chunk records, written in one
// transaction (all chunks and the metadata, or nothing) and reassembled on read.
import { InvalidArgumentError } from '../../core/errors.ts';
import { joinChunks, splitIntoChunks } from './chunks.ts';
import type { LabDb } from './db.ts';
import { StorageError } from './errors.ts';
import { CHUNK_BYTES, type VariantFileRole, type VariantRecord } from './schema.ts';
import { issueAll, readTransaction, writeTransaction } from './transaction.ts';

export interface VariantFileInput {
  name: string;
  role: VariantFileRole;
  bytes: Uint8Array;
}

/** What the caller describes; sizes and chunk counts are filled in from the files. */
export type VariantInput = Omit<VariantRecord, 'files' | 'totalBytes'>;

export interface StoredVariant {
  record: VariantRecord;
  /** File name -> bytes. */
  files: Map<string, Uint8Array>;
}

function checkFiles(files: readonly VariantFileInput[]): void {
  const names = new Set<string>();
  for (const file of files) {
    if (names.has(file.name)) throw new InvalidArgumentError(`The variant lists the file "${file.name}" twice; each file name must be unique.`);
    names.add(file.name);
  }
  if (!files.some((f) => f.role === 'model')) throw new InvalidArgumentError('A variant needs one file with role "model" (the .onnx graph).');
}

/** Stores (or replaces) a variant atomically. Replacing removes the old chunks in the same transaction. */
export async function putVariant(db: LabDb, input: VariantInput, files: readonly VariantFileInput[], chunkBytes = CHUNK_BYTES): Promise<VariantRecord> {
  checkFiles(files);
  const split = files.map((file) => ({ file, chunks: splitIntoChunks(file.bytes, chunkBytes) }));
  const record: VariantRecord = {
    ...input,
    totalBytes: files.reduce((n, f) => n + f.bytes.byteLength, 0),
    files: split.map(({ file, chunks }) => ({ name: file.name, role: file.role, bytes: file.bytes.byteLength, chunkCount: chunks.length })),
  };
  await writeTransaction(db, ['variants', 'variantChunks'], `the variant "${input.name}"`, async (tx) => {
    const chunkStore = tx.objectStore('variantChunks');
    const oldKeys = await chunkStore.index('by-variant').getAllKeys(input.id);
    await issueAll([
      ...oldKeys.map((key) => () => chunkStore.delete(key)),
      ...split.flatMap(({ file, chunks }) =>
        chunks.map((bytes, index) => () => chunkStore.put({ variantId: input.id, file: file.name, index, bytes }))),
      () => tx.objectStore('variants').put(record),
    ]);
  });
  return record;
}

export async function getVariantRecord(db: LabDb, id: string): Promise<VariantRecord | undefined> {
  return readTransaction(db, ['variants'], `the variant "${id}"`, (tx) => tx.objectStore('variants').get(id));
}

export async function listVariants(db: LabDb): Promise<VariantRecord[]> {
  return readTransaction(db, ['variants'], 'the list of variants', (tx) => tx.objectStore('variants').getAll());
}

/** Reads a variant and reassembles every file. Undefined when no variant has this id. */
export async function getVariant(db: LabDb, id: string): Promise<StoredVariant | undefined> {
  return readTransaction(db, ['variants', 'variantChunks'], `the variant "${id}"`, async (tx) => {
    const record = await tx.objectStore('variants').get(id);
    if (!record) return undefined;
    const chunkStore = tx.objectStore('variantChunks');
    const files = new Map<string, Uint8Array>();
    for (const meta of record.files) {
      const chunks = await Promise.all(Array.from({ length: meta.chunkCount }, (_, i) => chunkStore.get([id, meta.name, i])));
      const bytes = chunks.every((c) => c !== undefined) ? joinChunks(chunks.map((c) => c!.bytes), meta.bytes) : null;
      if (!bytes) throw new StorageError(`The stored variant "${record.name}" is incomplete (file ${meta.name}); delete it in 'Models & storage' and create it again.`);
      files.set(meta.name, bytes);
    }
    return { record, files };
  });
}

/** Deletes a variant's metadata and every chunk in one transaction. True when it existed. */
export async function deleteVariant(db: LabDb, id: string): Promise<boolean> {
  return writeTransaction(db, ['variants', 'variantChunks'], `the variant "${id}"`, async (tx) => {
    const existed = (await tx.objectStore('variants').getKey(id)) !== undefined;
    const chunkStore = tx.objectStore('variantChunks');
    const keys = await chunkStore.index('by-variant').getAllKeys(id);
    await issueAll([...keys.map((key) => () => chunkStore.delete(key)), () => tx.objectStore('variants').delete(id)]);
    return existed;
  });
}
