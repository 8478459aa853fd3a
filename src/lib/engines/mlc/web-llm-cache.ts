// Reads back what web-llm cached for a model, to report exact sizes after a load. Layout (web-llm
// 0.2.86, tvmjs ArtifactIndexedDBCache): one IndexedDB database per scope ('webllm/model',
// 'webllm/config', 'webllm/wasm'), version 1, object store 'urls' of { url, data }, keyed by file URL;
// JSON files are stored parsed, the others as ArrayBuffers. Read-only, and never creates a database.
import type { CachedModelFiles } from '../../../core/engines/mlc/cache-manifest.ts';
import { modelFilesUrl, type MlcModelRecord } from '../../../core/engines/mlc/model-record.ts';

const STORE = 'urls';

/**
 * Opens an existing web-llm database, or resolves null. `open(name)` would create an empty database
 * when none exists, and web-llm (which creates its store only on upgrade from version 0) would then
 * never get its store: aborting the upgrade transaction prevents that.
 */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const request = factory.open(name);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      if (db.objectStoreNames.contains(STORE)) return resolve(db);
      db.close();
      resolve(null);
    };
  });
}

function getData(db: IDBDatabase, url: string): Promise<unknown> {
  return new Promise((resolve) => {
    const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(url);
    request.onsuccess = () => resolve((request.result as { data?: unknown } | undefined)?.data ?? null);
    request.onerror = () => resolve(null);
  });
}

async function readScope<T>(factory: IDBFactory, scope: string, read: (db: IDBDatabase) => Promise<T>, empty: T): Promise<T> {
  const db = await openExisting(factory, scope);
  if (!db) return empty;
  try {
    return await read(db);
  } finally {
    db.close();
  }
}

function asBytes(value: unknown): ArrayBuffer | null {
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return null;
}

export interface CachedModelRead extends CachedModelFiles {
  /** tokenizer.json bytes, for the tokenizer hash. */
  tokenizerBytes: ArrayBuffer | null;
}

/** The model's cached tensor-cache.json, chat config, tokenizer and kernel wasm (nulls when absent). */
export async function readCachedModel(record: MlcModelRecord, factory: IDBFactory = indexedDB): Promise<CachedModelRead> {
  const base = modelFilesUrl(record.model);
  const url = (file: string) => new URL(file, base).href;
  const [model, chatConfig, wasm] = await Promise.all([
    readScope(factory, 'webllm/model', async (db) => {
      const tensorCache = await getData(db, url('tensor-cache.json'));
      // web-llm reads tokenizer.json when the config lists it, else tokenizer.model (SentencePiece).
      for (const name of ['tokenizer.json', 'tokenizer.model']) {
        const bytes = asBytes(await getData(db, url(name)));
        if (bytes) return { tensorCache, tokenizer: { name, bytes } };
      }
      return { tensorCache, tokenizer: null };
    }, { tensorCache: null, tokenizer: null }),
    readScope(factory, 'webllm/config', async (db) => asBytes(await getData(db, url('mlc-chat-config.json'))), null),
    readScope(factory, 'webllm/wasm', async (db) => asBytes(await getData(db, record.model_lib)), null),
  ]);
  return {
    tensorCache: model.tensorCache,
    chatConfig,
    tokenizer: model.tokenizer ? { name: model.tokenizer.name, bytes: model.tokenizer.bytes.byteLength } : null,
    tokenizerBytes: model.tokenizer?.bytes ?? null,
    wasmBytes: wasm?.byteLength ?? null,
  };
}

/** `sha256:<first 16 hex>` of the tokenizer file: rungs of one base model share it. */
export async function tokenizerHash(bytes: ArrayBuffer | null): Promise<string | null> {
  if (!bytes || !globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
