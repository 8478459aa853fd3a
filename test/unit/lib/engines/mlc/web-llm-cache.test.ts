// Reading web-llm's IndexedDB cache back (fake-indexeddb). web-llm itself writes the chat config and
// kernel wasm here: its real MLCEngine.reload runs in Node with the hub faked by a fetch stub and
// stops at wasm instantiation (no GPU). The weight manifest is written by hand in the same layout,
// and web-llm's own hasModelInCache must agree that the model is cached.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { hasModelInCache, MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { summarizeCachedModel } from '../../../../../src/core/engines/mlc/cache-manifest.ts';
import { modelFilesUrl } from '../../../../../src/core/engines/mlc/model-record.ts';
import { readCachedModel, tokenizerHash } from '../../../../../src/lib/engines/mlc/web-llm-cache.ts';
import { putWebLlmCache } from './web-llm-idb.ts';

const appConfig = { ...prebuiltAppConfig, cacheBackend: 'indexeddb' as const };
const record = appConfig.model_list.find((r) => r.model_id === 'SmolLM2-135M-Instruct-q0f32-MLC')!;
const base = modelFilesUrl(record.model);
const chatConfig = new TextEncoder().encode(JSON.stringify({ vocab_size: 49152, context_window_size: 8192, tokenizer_files: ['tokenizer.json'], conv_template: {} }));
const wasm = new Uint8Array(1234).fill(7);
const tokenizer = new TextEncoder().encode('{"model":{"type":"BPE"}}');
const tensorCache = { records: [{ dataPath: 'params_shard_0.bin', nbytes: 64 }, { dataPath: 'params_shard_1.bin', nbytes: 32 }] };

beforeAll(async () => {
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173' });
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === `${base}mlc-chat-config.json`) return new Response(chatConfig);
    if (url === record.model_lib) return new Response(wasm);
    return new Response('not found', { status: 404 });
  });
  // web-llm caches the config and the kernels, then fails compiling the fake wasm: expected here.
  await expect(new MLCEngine({ appConfig, logLevel: 'SILENT' }).reload(record.model_id)).rejects.toBeTruthy();
  await putWebLlmCache('webllm/model', [
    { url: `${base}tensor-cache.json`, data: tensorCache },
    { url: `${base}params_shard_0.bin`, data: new ArrayBuffer(64) },
    { url: `${base}params_shard_1.bin`, data: new ArrayBuffer(32) },
    { url: `${base}tokenizer.json`, data: tokenizer.buffer },
  ]);
});
afterAll(() => vi.unstubAllGlobals());

describe('readCachedModel', () => {
  it('reads what web-llm cached, in the layout its own hasModelInCache uses', async () => {
    expect(await hasModelInCache(record.model_id, appConfig)).toBe(true);
    const cached = await readCachedModel(record);
    expect(cached.tensorCache).toEqual(tensorCache);
    expect(new Uint8Array(cached.chatConfig!)).toEqual(chatConfig);
    expect(cached.wasmBytes).toBe(wasm.byteLength);
    expect(cached.tokenizer).toEqual({ name: 'tokenizer.json', bytes: tokenizer.byteLength });
    const summary = summarizeCachedModel(record, cached)!;
    expect(summary.sizeOnDiskBytes).toBe(64 + 32 + tokenizer.byteLength + chatConfig.byteLength + wasm.byteLength);
    expect(summary).toMatchObject({ vocabSize: 49152, maxContext: 4096 });
  });

  it('hashes the tokenizer like node:crypto does', async () => {
    const expected = createHash('sha256').update(tokenizer).digest('hex').slice(0, 16);
    expect(await tokenizerHash(tokenizer.buffer)).toBe(`sha256:${expected}`);
    expect(await tokenizerHash(null)).toBeNull();
  });

  it('never creates a database web-llm has not created', async () => {
    const other = appConfig.model_list.find((r) => r.model_id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC')!;
    const fresh = new (indexedDB.constructor as { new (): IDBFactory })();
    const cached = await readCachedModel(other, fresh);
    expect(cached).toEqual({ tensorCache: null, chatConfig: null, tokenizer: null, tokenizerBytes: null, wasmBytes: null });
    expect(await fresh.databases()).toEqual([]);
  });
});
