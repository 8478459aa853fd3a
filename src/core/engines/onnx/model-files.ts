// Fetches a model folder's files through a response cache: a file in the cache is read from it, any
// other is downloaded (with byte progress) and stored, so a second load makes no network request.
// Optional files the server does not have are remembered as absent in the same cache. Pure: the
// platform hands in `fetch` and the cache (IndexedDB in the browser, none in the CLI).
import { CancelledError, InvalidArgumentError, throwIfCancelled } from '../../errors.ts';
import type { LoadedFile, ProgressCallback } from '../types.ts';
import { ModelDownloadError, ModelFileMissingError } from './errors.ts';

/** The Web Cache API subset the lab's hub cache (lib/storage HubResponseCache) offers. */
export interface ResponseCacheLike {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FileRequest {
  /** Path inside the model folder, e.g. `onnx/model_q4.onnx`. */
  path: string;
  url: string;
  /** Missing optional files (generation_config.json) are skipped; missing required ones fail the load. */
  required: boolean;
}

export interface FileSource {
  fetch: FetchLike;
  cache?: ResponseCacheLike;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

export interface FetchedFiles {
  /** path -> bytes; absent optional files are not in it. */
  bytes: Map<string, Uint8Array>;
  files: LoadedFile[];
}

/** Content type of a cache entry that records "the server has no such file" (0 bytes). */
export const ABSENT_CONTENT_TYPE = 'application/x-llm-lab-absent';

/** Progress events at most every this many bytes per file (plus the last one). */
const PROGRESS_STEP_BYTES = 256 * 1024;

function host(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

async function readWithProgress(response: Response, request: FileRequest, source: FileSource): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length') ?? 0) || undefined;
  const report = (loaded: number) =>
    source.onProgress?.({ phase: 'download', text: `Downloading ${request.path}`, file: request.path, loadedBytes: loaded, totalBytes: total, fraction: total ? Math.min(1, loaded / total) : undefined });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.byteLength);
    return bytes;
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  report(0);
  for (;;) {
    if (source.signal?.aborted) {
      await reader.cancel().catch(() => undefined);
      throw new CancelledError();
    }
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.byteLength;
    if (loaded - reported >= PROGRESS_STEP_BYTES) {
      reported = loaded;
      report(loaded);
    }
  }
  report(loaded);
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

async function download(request: FileRequest, source: FileSource): Promise<Response> {
  try {
    return await source.fetch(request.url, { signal: source.signal });
  } catch (cause) {
    if (source.signal?.aborted) throw new CancelledError();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ModelDownloadError(`Could not download ${request.path} from ${host(request.url)} (${reason}). You may be offline; models already in the cache and the offline demo pack still load.`, { cause });
  }
}

/** Reads or downloads one file; undefined when an optional file does not exist. */
async function fetchOne(request: FileRequest, source: FileSource, files: LoadedFile[]): Promise<Uint8Array | undefined> {
  const cached = await source.cache?.match(request.url);
  if (cached) {
    if (cached.headers.get('content-type') === ABSENT_CONTENT_TYPE && !request.required) return undefined;
    if (cached.headers.get('content-type') !== ABSENT_CONTENT_TYPE) {
      source.onProgress?.({ phase: 'load', text: `Reading ${request.path} from the cache`, file: request.path });
      const bytes = new Uint8Array(await cached.arrayBuffer());
      files.push({ name: request.path, bytes: bytes.byteLength, fromCache: true });
      return bytes;
    }
  }
  const response = await download(request, source);
  if (response.status === 404 && !request.required) {
    // Remembered so the next load does not ask the server again.
    await source.cache?.put(request.url, new Response(new Uint8Array(0), { headers: { 'content-type': ABSENT_CONTENT_TYPE } }));
    return undefined;
  }
  if (response.status === 404) {
    throw new ModelFileMissingError(`${request.url} does not exist (404). Check the model name and the dtype: not every repository has every weights file (onnx/model_q4.onnx, onnx/model_fp16.onnx...).`);
  }
  if (!response.ok) {
    throw new ModelDownloadError(`Downloading ${request.path} failed: ${host(request.url)} answered ${response.status} ${response.statusText}. The file may be gated or the server busy; try again later.`);
  }
  const bytes = await readWithProgress(response, request, source);
  files.push({ name: request.path, bytes: bytes.byteLength, fromCache: false });
  const headers: Record<string, string> = { 'content-length': String(bytes.byteLength) };
  const contentType = response.headers.get('content-type');
  const etag = response.headers.get('etag');
  if (contentType) headers['content-type'] = contentType;
  if (etag) headers.etag = etag;
  await source.cache?.put(request.url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
  return bytes;
}

/** Fetches the files one after another (progress stays per file; the largest usually comes last). */
export async function fetchModelFiles(requests: readonly FileRequest[], source: FileSource): Promise<FetchedFiles> {
  const paths = new Set(requests.map((r) => r.path));
  if (paths.size !== requests.length) throw new InvalidArgumentError('The same model file was requested twice.');
  const bytes = new Map<string, Uint8Array>();
  const files: LoadedFile[] = [];
  for (const request of requests) {
    throwIfCancelled(source.signal);
    const data = await fetchOne(request, source, files);
    if (data) bytes.set(request.path, data);
  }
  return { bytes, files };
}

/** Bytes read from the cache and downloaded, summed over `files`. */
export function byteTotals(files: readonly LoadedFile[]): { downloaded: number; fromCache: number } {
  let downloaded = 0;
  let fromCache = 0;
  for (const file of files) {
    if (file.fromCache) fromCache += file.bytes;
    else downloaded += file.bytes;
  }
  return { downloaded, fromCache };
}
