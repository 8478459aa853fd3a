// The hub file cache seen as the Web Cache API subset transformers.js accepts as `env.customCache`
// (`match(url)`, `put(url, response, progress?)`, `delete(url)`), so the ONNX engine can serve model
// files from IndexedDB. Structural: this module does not import transformers.js.
import type { LabDb } from './db.ts';
import { deleteHubFile, getHubFile, putHubFile } from './hub-cache.ts';

export type CachePutProgress = (data: { progress: number; loaded: number; total: number }) => void;

/** Reads a body fully, reporting progress (percent 0..100 as transformers.js does) when the size is known. */
async function readBody(response: Response, onProgress?: CachePutProgress): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.byteLength;
    if (onProgress && total > 0) onProgress({ progress: (100 * loaded) / total, loaded, total });
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export class HubResponseCache {
  readonly #db: LabDb;

  constructor(db: LabDb) {
    this.#db = db;
  }

  async match(url: string): Promise<Response | undefined> {
    const cached = await getHubFile(this.#db, url);
    if (!cached) return undefined;
    const headers = new Headers({ 'content-length': String(cached.record.size) });
    if (cached.record.etag) headers.set('etag', cached.record.etag);
    if (cached.record.contentType) headers.set('content-type', cached.record.contentType);
    return new Response(cached.bytes, { status: 200, headers });
  }

  async put(url: string, response: Response, onProgress?: CachePutProgress): Promise<void> {
    const bytes = await readBody(response, onProgress);
    await putHubFile(this.#db, {
      url,
      bytes,
      etag: response.headers.get('etag'),
      contentType: response.headers.get('content-type'),
    });
  }

  delete(url: string): Promise<boolean> {
    return deleteHubFile(this.#db, url);
  }
}
