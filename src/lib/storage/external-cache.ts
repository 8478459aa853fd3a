// A cache the lab does not own (web-llm keeps its own IndexedDB) but lists and deletes from the
// Models & storage view, next to the lab's own items.
export interface ExternalCacheItem {
  id: string;
  name: string;
  bytes: number;
}

export interface ExternalCache {
  label: string;
  list(): Promise<ExternalCacheItem[]>;
  remove(id: string): Promise<void>;
}
