// MlcEngine through web-llm's real worker client and handler (in-process worker, fake-indexeddb).
// Failing loads run web-llm's real MLCEngine.reload against a faked network; successful loads and
// generation replace only the GPU parts (reload's model setup and the pipeline, see fake-pipeline.ts),
// which cannot run in Node: messaging, streaming, interrupts, cache reads and reports are real.
import 'fake-indexeddb/auto';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelFilesUrl } from '../../../../../src/core/engines/mlc/model-record.ts';
import type { EngineProgress, VariantSpec } from '../../../../../src/core/engines/types.ts';
import { MlcEngine } from '../../../../../src/lib/engines/mlc/mlc-engine.ts';
import { engineWith, fakeGpuGenerate, fakeGpuLoad, resetWorkers, words, workers } from './fake-engine.ts';
import { putWebLlmCache } from './web-llm-idb.ts';

const MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';
const spec: VariantSpec = { model: { source: 'mlc-prebuilt', modelId: MODEL }, device: 'webgpu' };
const record = prebuiltAppConfig.model_list.find((r) => r.model_id === MODEL)!;
const MiB = 1024 ** 2;

beforeEach(() => {
  resetWorkers();
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173' });
});
afterEach(() => vi.unstubAllGlobals());

describe('MlcEngine.load failures', () => {
  it('refuses the wasm device and unknown models before starting a worker', async () => {
    const engine = engineWith();
    await expect(engine.load({ ...spec, device: 'wasm' })).rejects.toMatchObject({ code: 'engine', message: expect.stringMatching(/only on WebGPU/) });
    await expect(engine.load({ ...spec, model: { source: 'mlc-prebuilt', modelId: 'Nope-q4f32_1-MLC' } })).rejects.toMatchObject({ code: 'model-not-found' });
    expect(workers).toEqual([]);
  });

  it('offline: the typed network error from web-llm\'s own reload, and the worker is gone', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const engine = engineWith();
    const progress: EngineProgress[] = [];
    await expect(engine.load(spec, (p) => progress.push(p))).rejects.toMatchObject({
      name: 'MlcNetworkError',
      code: 'network',
      message: `Could not download ${MODEL} — you seem to be offline or huggingface.co is unreachable. Models from the offline demo pack still work.`,
    });
    expect(progress[0]).toEqual({ phase: 'load', text: 'Starting web-llm' });
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(engine.modelId).toBeNull();
  });

  it('a cancelled load terminates the worker mid-download', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => undefined)); // the download never finishes
    const engine = engineWith();
    const controller = new AbortController();
    const loading = engine.load(spec, undefined, controller.signal);
    await vi.waitFor(() => expect(workers).toHaveLength(1));
    controller.abort();
    await expect(loading).rejects.toMatchObject({ code: 'cancelled' });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a crashed worker fails the load instead of hanging', async () => {
    vi.stubGlobal('fetch', () => new Promise(() => undefined));
    const engine = engineWith();
    const loading = engine.load(spec);
    await vi.waitFor(() => expect(workers).toHaveLength(1));
    workers[0]!.crash('Uncaught SyntaxError: bad chunk');
    await expect(loading).rejects.toMatchObject({ code: 'engine', message: expect.stringMatching(/worker stopped: Uncaught SyntaxError: bad chunk/) });
  });

  it('cannot generate before a load, and never scores', async () => {
    const engine = engineWith();
    await expect(engine.generate('x', { maxNewTokens: 1, sampling: { kind: 'greedy' } })).rejects.toMatchObject({ code: 'engine' });
    await expect(engine.score()).rejects.toMatchObject({ code: 'engine', message: expect.stringMatching(/cannot score/) });
  });
});

describe('MlcEngine load and generate (GPU parts faked)', () => {
  it('reports sizes from progress texts when nothing is cached, then exact sizes from the cache', async () => {
    const engine = engineWith(fakeGpuLoad);
    const first = await engine.load(spec);
    expect(first).toMatchObject({
      backend: 'mlc', executionProvider: 'webgpu', adapter: 'Fake GPU 9000', sizeSource: 'progress-text', cachedBeforeLoad: false,
      sizeOnDiskBytes: 277 * MiB, bytesDownloaded: 277 * MiB, bytesFromCache: 0, maxContext: 4096, tokenizerKey: 'mlc:SmolLM2-360M-Instruct',
    });
    expect(engine.modelId).toBe(MODEL);

    const base = modelFilesUrl(record.model);
    await putWebLlmCache('webllm/model', [
      { url: `${base}tensor-cache.json`, data: { records: [{ dataPath: 'params_shard_0.bin', nbytes: 1000 }] } },
      { url: `${base}params_shard_0.bin`, data: new ArrayBuffer(1000) },
      { url: `${base}tokenizer.json`, data: new TextEncoder().encode('{}').buffer },
    ]);
    await putWebLlmCache('webllm/config', [{ url: `${base}mlc-chat-config.json`, data: new TextEncoder().encode('{"vocab_size":49152,"context_window_size":8192}').buffer }]);
    const second = await engine.load(spec);
    expect(workers[0]!.terminated).toBe(true); // a new load replaces the old worker
    expect(second).toMatchObject({ sizeSource: 'cache-manifest', cachedBeforeLoad: true, vocabSize: 49152, maxContext: 4096, tokenizerKey: expect.stringMatching(/^sha256:[0-9a-f]{16}$/) });
    expect(second.files.map((f) => f.name)).toEqual(['params_shard_0.bin', 'tokenizer.json', 'mlc-chat-config.json']);
  });

  it('streams tokens through the worker and reports web-llm\'s timings', async () => {
    const engine = engineWith((worker) => {
      fakeGpuLoad(worker);
      fakeGpuGenerate(worker, words(['The', ' sky', ' is', ' blue', '.']));
    });
    await engine.load(spec);
    const tokens: string[] = [];
    const report = await engine.generate([{ role: 'user', content: 'Why is the sky blue?' }], { maxNewTokens: 5, sampling: { kind: 'greedy' }, topLogProbs: 2 }, (t) => tokens.push(t.text));
    expect(tokens).toEqual(['The', ' sky', ' is', ' blue', '.']);
    expect(report).toMatchObject({ text: 'The sky is blue.', tokenCount: 5, promptTokenCount: 7, finishReason: 'length', logProbsComplete: true });
    expect(report.decodeTokensPerS).toBeCloseTo(100, 9); // the fake pipeline's 10 ms per decoded token
    expect(report.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('an abort mid-generation interrupts web-llm and ends with finishReason cancelled', async () => {
    const engine = engineWith((worker) => {
      fakeGpuLoad(worker);
      fakeGpuGenerate(worker, words(Array.from({ length: 50 }, (_, i) => ` w${i}`)));
    });
    await engine.load(spec);
    const controller = new AbortController();
    const report = await engine.generate('Count:', { maxNewTokens: 50, sampling: { kind: 'greedy' }, signal: controller.signal }, (t) => {
      if (t.index === 2) controller.abort();
    });
    expect(report.finishReason).toBe('cancelled');
    expect(report.tokenCount).toBeGreaterThanOrEqual(3);
    expect(report.tokenCount).toBeLessThan(50);
    expect(workers[0]!.terminated).toBe(false); // interrupted, not killed: the model stays loaded
  });
});
