// "Models & storage": everything this site keeps in the browser (IndexedDB items, web-llm's own
// model cache), the storage estimate, per-item delete, and the persistent-storage request.
import { deleteCached, estimate, listCached, requestPersistence, type CachedItem, type CachedKind, type StorageEstimateInfo } from '../../lib/storage/inventory.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { webLlmCache } from '../../lib/engines/mlc/cache-inventory.ts';
import type { ExternalCache, ExternalCacheItem } from '../../lib/storage/external-cache.ts';
import { describeError } from '../describe-error.ts';

export class ModelsStorageStore {
  #items = $state<CachedItem[]>([]);
  #external = $state<ExternalCacheItem[]>([]);
  #estimate = $state<StorageEstimateInfo | null>(null);
  #message = $state<{ kind: 'info' | 'error'; text: string } | null>(null);
  #busy = $state(false);
  readonly externalCache: ExternalCache = webLlmCache;

  get items() { return this.#items; }
  get external() { return this.#external; }
  get estimate() { return this.#estimate; }
  get message() { return this.#message; }
  get busy() { return this.#busy; }

  readonly totalBytes: number = $derived(this.#items.reduce((sum, item) => sum + item.bytes, 0) + this.#external.reduce((s, i) => s + i.bytes, 0));

  async refresh(): Promise<void> {
    this.#busy = true;
    try {
      const storage = await appStorage();
      const [items, numbers, external] = await Promise.all([
        listCached(storage.db),
        estimate(globalThis.navigator?.storage),
        this.externalCache.list().catch((): ExternalCacheItem[] => []),
      ]);
      this.#items = items;
      this.#estimate = numbers;
      this.#external = external;
    } catch (error) {
      this.#message = { kind: 'error', text: describeError(error) };
    } finally {
      this.#busy = false;
    }
  }

  async remove(kind: CachedKind, id: string): Promise<void> {
    try {
      await deleteCached((await appStorage()).db, kind, id);
      this.#message = { kind: 'info', text: 'Deleted.' };
    } catch (error) {
      this.#message = { kind: 'error', text: describeError(error) };
    }
    await this.refresh();
  }

  async removeExternal(id: string): Promise<void> {
    try {
      await this.externalCache.remove(id);
      this.#message = { kind: 'info', text: 'Deleted.' };
    } catch (error) {
      this.#message = { kind: 'error', text: describeError(error) };
    }
    await this.refresh();
  }

  async persist(): Promise<void> {
    const granted = await requestPersistence(globalThis.navigator?.storage);
    this.#message = granted
      ? { kind: 'info', text: 'Storage is persistent: the browser will not evict these models under storage pressure.' }
      : { kind: 'error', text: 'The browser declined persistent storage (Chrome grants it to sites you visit often or have bookmarked). Cached models may be evicted when the disk is nearly full.' };
    await this.refresh();
  }
}

export const modelsStorage = new ModelsStorageStore();
