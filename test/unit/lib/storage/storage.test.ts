// IndexedDB storage against fake-indexeddb (a fresh in-memory factory per test): the edge of the
// world here is the browser's IndexedDB; e2e runs the same code against Chromium's real one.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { LabStorage } from '../../../../src/lib/storage/lab-storage.ts';
import { HubResponseCache } from '../../../../src/lib/storage/hub-response-cache.ts';
import { baselineKey } from '../../../../src/lib/storage/baselines.ts';
import { estimate, requestPersistence, type StorageManagerLike } from '../../../../src/lib/storage/inventory.ts';
import { StorageError } from '../../../../src/lib/storage/errors.ts';
import { createTopKDistribution, scoreRowInto } from '../../../../src/core/metrics/top-k.ts';
import { sampleRun } from '../../core/results/sample-run.ts';
import { bytesOf, countRecords, variantInput } from './helpers.ts';

const opened: LabStorage[] = [];
async function open(factory = new IDBFactory()): Promise<LabStorage> {
  const storage = await LabStorage.open({ factory, chunkBytes: 1000 });
  opened.push(storage);
  return storage;
}
afterEach(() => opened.splice(0).forEach((s) => s.close()));

describe('LabStorage round trips', () => {
  it('stores a variant as chunk records and reassembles every file', async () => {
    const storage = await open();
    const model = bytesOf(2500, 1);
    const data = bytesOf(1000, 2);
    const record = await storage.putVariant(variantInput('v1'), [
      { name: 'model.onnx', role: 'model', bytes: model },
      { name: 'model.onnx.data', role: 'external-data', bytes: data },
    ]);
    expect(record.files).toEqual([
      { name: 'model.onnx', role: 'model', bytes: 2500, chunkCount: 3 },
      { name: 'model.onnx.data', role: 'external-data', bytes: 1000, chunkCount: 1 },
    ]);
    expect(record.totalBytes).toBe(3500);
    expect(await countRecords(storage, 'variantChunks')).toBe(4);
    const stored = await storage.getVariant('v1');
    expect(stored?.record).toEqual(record);
    expect(stored?.files.get('model.onnx')).toEqual(model);
    expect(stored?.files.get('model.onnx.data')).toEqual(data);
    expect(await storage.getVariant('missing')).toBeUndefined();

    // Replacing with a smaller file drops the old chunks in the same transaction.
    await storage.putVariant(variantInput('v1'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(10, 3) }]);
    expect(await countRecords(storage, 'variantChunks')).toBe(1);
    expect((await storage.getVariant('v1'))?.files.get('model.onnx')).toEqual(bytesOf(10, 3));
  });

  it('refuses variants without a model file or with duplicate names', async () => {
    const storage = await open();
    await expect(storage.putVariant(variantInput('x'), [{ name: 'a.data', role: 'external-data', bytes: bytesOf(3, 1) }])).rejects.toThrow(/role "model"/);
    const file = { name: 'm.onnx', role: 'model' as const, bytes: bytesOf(3, 1) };
    await expect(storage.putVariant(variantInput('x'), [file, file])).rejects.toThrow(/twice/);
  });

  it('caches hub files with size, etag and time, chunked', async () => {
    const storage = await open();
    const url = 'https://huggingface.co/onnx-community/SmolLM2-135M-Instruct/resolve/main/onnx/model_q4.onnx';
    const bytes = bytesOf(2001, 4);
    await storage.putHubFile({ url, bytes, etag: '"abc"', contentType: 'application/octet-stream' }, new Date('2025-01-02T03:04:05Z'));
    const cached = await storage.getHubFile(url);
    expect(cached?.bytes).toEqual(bytes);
    expect(cached?.record).toEqual({
      url, size: 2001, etag: '"abc"', contentType: 'application/octet-stream', storedAt: '2025-01-02T03:04:05.000Z', chunkCount: 3,
    });
    expect(await storage.getHubFile('https://example.com/none')).toBeUndefined();
  });

  it('stores runs (newest first, by model) and settings', async () => {
    const storage = await open();
    await storage.putRuns([
      sampleRun('old', { createdAt: '2025-01-01T00:00:00.000Z' }),
      sampleRun('new', { createdAt: '2025-02-01T00:00:00.000Z' }),
    ]);
    expect((await storage.listRuns()).map((r) => r.id)).toEqual(['new', 'old']);
    expect(await storage.getRun('old')).toEqual(sampleRun('old', { createdAt: '2025-01-01T00:00:00.000Z' }));
    expect(await storage.listRunsForModel(sampleRun('x').variant.model)).toHaveLength(2);
    expect(await storage.getSetting('theme')).toBeUndefined();
    await storage.putSetting('theme', { dark: true });
    expect(await storage.getSetting('theme')).toEqual({ dark: true });
  });

  it('stores baseline distributions as typed arrays under a key of everything that must match', async () => {
    const storage = await open();
    const dist = createTopKDistribution(2, 2, 3);
    scoreRowInto(dist, 0, new Float32Array([1, 2, 3]), 1);
    scoreRowInto(dist, 1, new Float32Array([3, 2, 1]), 0);
    const parts = { model: 'demo:tiny (fp32)', tokenizerKey: 'tiny', text: 'the cat', context: 64, stride: 32, topK: 2 };
    const record = await storage.putBaseline({ ...parts, runId: 'r1', tokenIds: new Int32Array([5, 1, 0]), distribution: dist });
    expect(record.key).toBe(baselineKey(parts));
    expect(baselineKey({ ...parts, text: 'the dog' })).not.toBe(record.key);
    const read = await storage.getBaseline(record.key);
    expect(read?.distribution.logProbs).toBeInstanceOf(Float32Array);
    expect(read?.distribution).toEqual(dist);
    expect(read?.tokenIds).toEqual(new Int32Array([5, 1, 0]));
    expect(read?.bytes).toBe(2 * 2 * 4 * 2 + 2 * 8 + 2 * 4 * 2 + 3 * 4);
  });
});

describe("'Models & storage' helpers", () => {
  it('lists every item with kind, name and bytes, and deletes one with its chunks', async () => {
    const storage = await open();
    await storage.putVariant(variantInput('v1'), [{ name: 'model.onnx', role: 'model', bytes: bytesOf(2500, 1) }]);
    await storage.putHubFile({ url: 'https://huggingface.co/org/repo/resolve/main/tokenizer.json', bytes: bytesOf(300, 2) });
    await storage.putRun(sampleRun('r1'));
    const items = await storage.listCached();
    const byKind = new Map(items.map((item) => [item.kind, item]));
    expect(byKind.get('variant')).toMatchObject({ id: 'v1', name: 'SmolLM2 v1', bytes: 2500 });
    expect(byKind.get('hub-file')).toMatchObject({ name: 'org/repo / tokenizer.json', bytes: 300 });
    expect(byKind.get('run')?.bytes).toBe(new TextEncoder().encode(JSON.stringify(sampleRun('r1'))).byteLength);
    expect(items.map((i) => i.bytes)).toEqual(items.map((i) => i.bytes).sort((a, b) => b - a));
    expect(await storage.delete('variant', 'v1')).toBe(true);
    expect(await storage.delete('variant', 'v1')).toBe(false);
    expect(await countRecords(storage, 'variantChunks')).toBe(0);
    expect((await storage.listCached()).map((i) => i.kind).sort()).toEqual(['hub-file', 'run']);
  });

  it('reports the estimate and asks for persistence through the injected storage manager', async () => {
    let persisted = false;
    const manager: StorageManagerLike = {
      estimate: async () => ({ usage: 1200, quota: 10_000 }),
      persisted: async () => persisted,
      persist: async () => (persisted = true),
    };
    expect(await estimate(manager)).toEqual({ available: true, usageBytes: 1200, quotaBytes: 10_000, persisted: false });
    expect(await requestPersistence(manager)).toBe(true);
    expect(await estimate(manager)).toMatchObject({ persisted: true });
    expect(await estimate(undefined)).toEqual({ available: false, usageBytes: null, quotaBytes: null, persisted: null });
    expect(await requestPersistence(undefined)).toBe(false);
  });

  it('turns use of a closed connection into a StorageError that says to reload', async () => {
    const storage = await open();
    storage.close();
    await expect(storage.listRuns()).rejects.toThrow(StorageError);
    await expect(storage.listRuns()).rejects.toThrow(/Reload this page/);
  });
});

describe('HubResponseCache (transformers.js customCache shape)', () => {
  it('puts a Response with progress and matches it back with its headers', async () => {
    const storage = await open();
    const cache = new HubResponseCache(storage.db);
    const url = 'https://huggingface.co/o/r/resolve/main/config.json';
    const body = new TextEncoder().encode('{"n_layer": 2}');
    const progress: number[] = [];
    const response = new Response(body, { headers: { 'content-length': String(body.byteLength), etag: 'W/"1"', 'content-type': 'application/json' } });
    await cache.put(url, response, (p) => progress.push(p.progress));
    expect(progress.at(-1)).toBe(100);
    const matched = await cache.match(url);
    expect(await matched?.json()).toEqual({ n_layer: 2 });
    expect(matched?.headers.get('etag')).toBe('W/"1"');
    expect(matched?.headers.get('content-type')).toBe('application/json');
    expect(await cache.match('https://huggingface.co/o/r/resolve/main/missing.json')).toBeUndefined();
    expect(await cache.delete(url)).toBe(true);
    expect(await cache.match(url)).toBeUndefined();
  });
});
