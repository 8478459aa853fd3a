// Writes entries into web-llm's IndexedDB cache the way tvmjs's ArtifactIndexedDBCache does:
// one database per scope ('webllm/model', 'webllm/config', 'webllm/wasm'), version 1, object store
// 'urls' keyed by `url`, values { url, data }.
export function putWebLlmCache(scope: string, entries: Array<{ url: string; data: unknown }>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(scope, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('urls', { keyPath: 'url' });
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const tx = request.result.transaction('urls', 'readwrite');
      for (const entry of entries) tx.objectStore('urls').put(entry);
      tx.oncomplete = () => {
        request.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
