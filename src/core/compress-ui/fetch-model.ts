// Downloading a model by URL for the Compress page: bytes with progress (the fetch function is passed
// in), errors a person can act on (unreachable or CORS, 404, a web page instead of the file), where
// the companion files sit (external data next to the .onnx; config.json and tokenizer.json in the
// folder above onnx/), and the Hugging Face repository a resolve URL belongs to.
import type { OnnxModelRef } from '../engines/types.ts';
import { isCancelled, LabError, registerErrorClass } from '../errors.ts';

export class ModelFetchError extends LabError {
  override name = 'ModelFetchError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('network', message, options);
  }
}
registerErrorClass('ModelFetchError', ModelFetchError);

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FetchProgress {
  /** The file's name (last path segment). */
  file: string;
  loaded: number;
  /** From Content-Length; null when the server does not say. */
  total: number | null;
}

export interface FetchBytesOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  /** A binary file: a text/html answer (a viewer page, a login page) is refused. Default true. */
  binary?: boolean;
}

export function fileNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? url);
  } catch {
    return url;
  }
}

/** Checks the address before any request: absolute http(s) only. */
export function checkModelUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ModelFetchError(`"${text.trim()}" is not a web address. Paste a full URL starting with https://, e.g. https://huggingface.co/<owner>/<repo>/resolve/main/onnx/model.onnx.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ModelFetchError(`Only http and https addresses can be fetched here; got ${url.protocol}. For a file on this computer, drop it on the page instead.`);
  if (/huggingface\.co$/.test(url.hostname) && url.pathname.includes('/blob/')) {
    throw new ModelFetchError(`That Hugging Face address shows the file's web page (/blob/). Use its download link instead: replace /blob/ with /resolve/.`);
  }
  return url.href;
}

/** Reads the body in chunks; with a known length into one buffer as they arrive (no big copy at the end). */
async function readBody(response: Response, file: string, total: number | null, options: FetchBytesOptions): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  let buffer = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buffer.length) {
      // Unknown or wrong Content-Length (compressed transfer): grow by doubling.
      const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + value.length));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(value, loaded);
    loaded += value.length;
    options.onProgress?.({ file, loaded, total });
  }
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}

/** The bytes at `url`, with progress; ModelFetchError says what went wrong and what to do. */
export async function fetchBytes(fetch: FetchLike, url: string, options: FetchBytesOptions = {}): Promise<Uint8Array> {
  const file = fileNameOf(url);
  let response: Response;
  try {
    response = await fetch(url, options.signal ? { signal: options.signal } : {});
  } catch (cause) {
    if (isCancelled(cause) || options.signal?.aborted) throw cause;
    throw new ModelFetchError(
      `Could not download ${file} from ${new URL(url).host}: the server is unreachable, or it does not let other sites read its files (CORS). Check the address, or download the file yourself and drop it on this page.`,
      { cause },
    );
  }
  if (!response.ok) {
    const hint = response.status === 404 ? ' Check the address (and, for external data, that the file sits next to the model).' : response.status === 401 || response.status === 403 ? ' The file is private or needs a login; download it yourself and drop it here.' : '';
    throw new ModelFetchError(`${file}: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.${hint}`);
  }
  if ((options.binary ?? true) && /text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new ModelFetchError(`${file}: the address returned a web page, not a model file. Use the file's direct download link (on Hugging Face: /resolve/, not /blob/).`);
  }
  const length = Number(response.headers.get('content-length'));
  return readBody(response, file, Number.isFinite(length) && length > 0 ? length : null, options);
}

/** An external data file named by `location` in the model, next to the model's URL. */
export function siblingUrl(modelUrl: string, location: string): string {
  return new URL(location.split('/').map(encodeURIComponent).join('/'), modelUrl).href;
}

/** Where config.json and tokenizer.json sit: above onnx/ in transformers.js layout, else beside the model. */
export function companionFolder(modelUrl: string): string {
  const url = new URL(modelUrl);
  url.search = '';
  url.hash = '';
  const parts = url.pathname.split('/');
  parts.pop();
  if (parts[parts.length - 1] === 'onnx') parts.pop();
  url.pathname = `${parts.join('/')}/`;
  return url.href;
}

/** The Hugging Face repository of a resolve URL (https://huggingface.co/<owner>/<repo>/resolve/<rev>/...), else null. */
export function hubModelRef(modelUrl: string): OnnxModelRef | null {
  const match = /^https:\/\/huggingface\.co\/([\w.-]+\/[\w.-]+)\/resolve\/([^/]+)\//.exec(modelUrl);
  if (!match) return null;
  const revision = decodeURIComponent(match[2]!);
  return { source: 'hf-onnx', repoId: match[1]!, ...(revision === 'main' ? {} : { revision }) };
}

/** The folder holding a base model's config.json and tokenizer.json (demo pack folder or Hugging Face resolve URL). */
export function baseFolderUrl(ref: OnnxModelRef, demoPackUrl: string): string {
  if (ref.source === 'demo-pack') return new URL(`${encodeURIComponent(ref.modelId)}/`, demoPackUrl).href;
  return `https://huggingface.co/${ref.repoId}/resolve/${encodeURIComponent(ref.revision ?? 'main')}/`;
}
