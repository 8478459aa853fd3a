// Lists and deletes what web-llm cached (its own IndexedDB databases 'webllm/model' and
// 'webllm/config', store 'urls', keyed by file URL) for the Models & storage view, without loading
// web-llm itself. A model is the folder its files share: `.../<org>/<model>/resolve/<rev>/`.
import type { ExternalCache, ExternalCacheItem } from '../../storage/external-cache.ts';

const SCOPES = ['webllm/model', 'webllm/config'] as const;
const STORE = 'urls';

function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.transaction?.abort(); // never create web-llm's databases
    request.onerror = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      if (db.objectStoreNames.contains(STORE)) return resolve(db);
      db.close();
      resolve(null);
    };
  });
}

function modelFolder(url: string): string | null {
  return url.match(/^(.*\/resolve\/[^/]+\/)/)?.[1] ?? null;
}

function sizeOf(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return typeof data === 'string' ? data.length : JSON.stringify(data ?? null).length;
}

function eachRecord(db: IDBDatabase, visit: (url: string, data: unknown, cursor: IDBCursorWithValue) => void, mode: IDBTransactionMode): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = tx.objectStore(STORE).openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      const value = cursor.value as { url?: string; data?: unknown };
      visit(String(value.url ?? cursor.key), value.data, cursor);
      cursor.continue();
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

async function list(): Promise<ExternalCacheItem[]> {
  const models = new Map<string, number>();
  for (const scope of SCOPES) {
    const db = await openExisting(scope);
    if (!db) continue;
    try {
      await eachRecord(db, (url, data) => {
        const folder = modelFolder(url);
        if (folder) models.set(folder, (models.get(folder) ?? 0) + sizeOf(data));
      }, 'readonly');
    } finally {
      db.close();
    }
  }
  return [...models.entries()].map(([folder, bytes]) => ({ id: folder, name: folder.replace(/^https:\/\/huggingface\.co\//, '').replace(/\/resolve\/.*$/, ''), bytes }));
}

async function remove(folder: string): Promise<void> {
  for (const scope of SCOPES) {
    const db = await openExisting(scope);
    if (!db) continue;
    try {
      await eachRecord(db, (url, _data, cursor) => {
        if (url.startsWith(folder)) cursor.delete();
      }, 'readwrite');
    } finally {
      db.close();
    }
  }
}

export const webLlmCache: ExternalCache = { label: 'web-llm model', list, remove };
