// Model files through the lab's hub cache (HubResponseCache over fake-indexeddb): the first load
// downloads with byte progress and stores, the second makes no request. The Hugging Face hub is the
// edge of the world here: a fake fetch serves a repository from memory (and says 404 otherwise).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchModelFiles, type FileRequest } from '../../../../../src/core/engines/onnx/model-files.ts';
import { ModelDownloadError, ModelFileMissingError } from '../../../../../src/core/engines/onnx/errors.ts';
import { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import type { EngineProgress } from '../../../../../src/core/engines/types.ts';
import { CancelledError } from '../../../../../src/core/errors.ts';
import { HubResponseCache } from '../../../../../src/lib/storage/hub-response-cache.ts';
import { LabStorage } from '../../../../../src/lib/storage/lab-storage.ts';
import { modelFiles } from './fixture.ts';

const REPO = 'https://huggingface.co/lab-tests/tiny-llama/resolve/main/';

/** A fake hub serving `files` under REPO; records every URL asked for. */
function fakeHub(files: ReadonlyMap<string, Uint8Array>, status: (path: string) => number = () => 200) {
  const requests: string[] = [];
  const fetch = async (url: string) => {
    requests.push(url);
    const path = url.startsWith(REPO) ? decodeURIComponent(url.slice(REPO.length)) : '';
    const bytes = files.get(path);
    if (!bytes) return new Response(null, { status: 404 });
    const code = status(path);
    return code === 200 ? new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength), etag: `"${path}"` } }) : new Response(null, { status: code, statusText: 'Busy' });
  };
  return { fetch, requests };
}

const request = (path: string, required = true): FileRequest => ({ path, url: REPO + path, required });

describe('fetchModelFiles with the IndexedDB hub cache', () => {
  const files = new Map([['config.json', new TextEncoder().encode('{"a":1}')], ['onnx/model.onnx', new Uint8Array(700_000).map((_, i) => i % 251)]]);
  let storage: LabStorage;

  beforeAll(async () => {
    storage = await LabStorage.open({ factory: new IDBFactory(), chunkBytes: 100_000 });
  });
  afterAll(() => storage.close());

  it('downloads with per-file byte progress, then reads everything from the cache', async () => {
    const hub = fakeHub(files);
    const cache = new HubResponseCache(storage.db);
    const progress: EngineProgress[] = [];
    const first = await fetchModelFiles([request('config.json'), request('generation_config.json', false), request('onnx/model.onnx')], { fetch: hub.fetch, cache, onProgress: (p) => progress.push(p) });
    expect(first.files).toEqual([
      { name: 'config.json', bytes: 7, fromCache: false },
      { name: 'onnx/model.onnx', bytes: 700_000, fromCache: false },
    ]);
    expect([...first.bytes.keys()]).toEqual(['config.json', 'onnx/model.onnx']);
    const weights = progress.filter((p) => p.file === 'onnx/model.onnx');
    expect(weights.at(-1)).toMatchObject({ phase: 'download', loadedBytes: 700_000, totalBytes: 700_000, fraction: 1 });
    expect(weights.length).toBeGreaterThan(2);
    expect(hub.requests).toHaveLength(3);

    const again = fakeHub(files);
    const second = await fetchModelFiles([request('config.json'), request('generation_config.json', false), request('onnx/model.onnx')], { fetch: again.fetch, cache });
    // The absent optional file was remembered too: not one request.
    expect(again.requests).toEqual([]);
    expect(second.files.every((f) => f.fromCache)).toBe(true);
    expect(second.bytes.get('onnx/model.onnx')).toEqual(files.get('onnx/model.onnx'));
  });

  it('fails with typed errors: a missing required file, a server error, no network, a cancel', async () => {
    const hub = fakeHub(files, (path) => (path === 'onnx/model.onnx' ? 503 : 200));
    await expect(fetchModelFiles([request('onnx/model_q4.onnx')], { fetch: hub.fetch })).rejects.toBeInstanceOf(ModelFileMissingError);
    await expect(fetchModelFiles([request('onnx/model.onnx')], { fetch: hub.fetch })).rejects.toThrow(/answered 503/);
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchModelFiles([request('config.json')], { fetch: offline })).rejects.toBeInstanceOf(ModelDownloadError);
    await expect(fetchModelFiles([request('config.json')], { fetch: hub.fetch, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('OnnxEngine with a Hugging Face repository', () => {
  let storage: LabStorage;
  afterEach(() => storage?.close());

  it('downloads on the first load and makes no request on the second, saying which bytes came from where', async () => {
    storage = await LabStorage.open({ factory: new IDBFactory() });
    const files = modelFiles(7);
    files.set('onnx/model_q4.onnx', files.get('onnx/model.onnx')!); // the dtype names the file
    const spec = { model: { source: 'hf-onnx', repoId: 'lab-tests/tiny-llama', dtype: 'q4' }, device: 'wasm' } as const;
    const hub = fakeHub(files);
    const engine = new OnnxEngine({ fetch: hub.fetch, cache: new HubResponseCache(storage.db), endpoints: { demoPackUrl: 'http://unused.invalid/' } });
    const first = await engine.load(spec);
    expect(hub.requests.map((url) => url.slice(REPO.length))).toEqual(['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_q4.onnx']);
    expect(first.bytesFromCache).toBe(0);
    expect(first.bytesDownloaded).toBe([...files.entries()].filter(([p]) => p !== 'onnx/model.onnx').reduce((n, [, b]) => n + b.byteLength, 0));
    expect(first.sizeOnDiskBytes).toBe(files.get('onnx/model_q4.onnx')!.byteLength);
    const text = (await engine.generate('Call me', { maxNewTokens: 4, sampling: { kind: 'greedy' }, ignoreEos: true })).tokenIds;

    hub.requests.length = 0;
    const second = await engine.load(spec);
    expect(hub.requests).toEqual([]);
    expect(second.bytesDownloaded).toBe(0);
    expect(second.bytesFromCache).toBe(first.bytesDownloaded);
    expect(second.tokenizerKey).toBe(first.tokenizerKey);
    expect((await engine.generate('Call me', { maxNewTokens: 4, sampling: { kind: 'greedy' }, ignoreEos: true })).tokenIds).toEqual(text);
    await engine.unload();
  });

  it('names the missing weights file when a repository lacks the dtype', async () => {
    storage = await LabStorage.open({ factory: new IDBFactory() });
    const engine = new OnnxEngine({ fetch: fakeHub(modelFiles(7)).fetch, endpoints: { demoPackUrl: 'http://unused.invalid/' } });
    await expect(engine.load({ model: { source: 'hf-onnx', repoId: 'lab-tests/tiny-llama', dtype: 'q4f16' }, device: 'wasm' })).rejects.toThrow(/onnx\/model_q4f16\.onnx does not exist/);
  });
});
