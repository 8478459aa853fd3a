// LoadReport of a web-llm load from the cached manifest (exact bytes) or, failing that, from the
// progress texts; and the engine's up-front contract (WebGPU only, no forced scoring).
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { parseChatConfig, summarizeCachedModel, tensorShards } from '../../../../../src/core/engines/mlc/cache-manifest.ts';
import { MLC_CAPABILITIES, mlcModelIdOf, scoreUnsupported } from '../../../../../src/core/engines/mlc/engine-contract.ts';
import { buildMlcLoadReport, mlcTokenizerKey, type MlcLoadObservation } from '../../../../../src/core/engines/mlc/load-report.ts';

const record = prebuiltAppConfig.model_list.find((r) => r.model_id === 'SmolLM2-360M-Instruct-q4f32_1-MLC')!;
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const tensorCache = { metadata: { ParamBytes: 300 }, records: [{ dataPath: 'params_shard_0.bin', nbytes: 200, format: 'raw-shard', records: [] }, { dataPath: 'params_shard_1.bin', nbytes: 100 }] };
const chatConfig = encode({ vocab_size: 49152, context_window_size: 8192, tokenizer_files: ['tokenizer.json'] });

function observation(overrides: Partial<MlcLoadObservation> = {}): MlcLoadObservation {
  return {
    record,
    loadMs: 1234,
    cachedBeforeLoad: false,
    sawDownload: true,
    progressWeightBytes: 0,
    gpuLabel: 'WebGPU - SwiftShader Device (Subzero)',
    probedAdapter: 'probe',
    summary: summarizeCachedModel(record, { tensorCache, chatConfig, tokenizer: { name: 'tokenizer.json', bytes: 10 }, wasmBytes: 40 }),
    tokenizerHash: 'sha256:0123456789abcdef',
    ...overrides,
  };
}

describe('summarizeCachedModel', () => {
  it('lists shards, tokenizer, config and kernels with their sizes; the record\'s context override wins', () => {
    const summary = summarizeCachedModel(record, { tensorCache, chatConfig, tokenizer: { name: 'tokenizer.json', bytes: 10 }, wasmBytes: 40 })!;
    expect(summary.files).toEqual([
      { name: 'params_shard_0.bin', bytes: 200 },
      { name: 'params_shard_1.bin', bytes: 100 },
      { name: 'tokenizer.json', bytes: 10 },
      { name: 'mlc-chat-config.json', bytes: chatConfig.byteLength },
      { name: 'SmolLM2-360M-Instruct-q4f32_1_cs1k-webgpu.wasm', bytes: 40 },
    ]);
    expect(summary.sizeOnDiskBytes).toBe(350 + chatConfig.byteLength);
    expect(summary.vocabSize).toBe(49152);
    expect(record.overrides?.context_window_size).toBe(4096);
    expect(summary.maxContext).toBe(4096);
  });

  it('refuses malformed manifests and tolerates unreadable configs', () => {
    expect(tensorShards({ records: [{ dataPath: 'a', nbytes: -1 }] })).toBeNull();
    expect(tensorShards(null)).toBeNull();
    expect(summarizeCachedModel(record, { tensorCache: { nope: 1 }, chatConfig, tokenizer: null, wasmBytes: null })).toBeNull();
    expect(parseChatConfig(new TextEncoder().encode('{broken'))).toEqual({ vocabSize: null, contextWindow: null });
  });
});

describe('buildMlcLoadReport', () => {
  it('a first load: everything downloaded, exact sizes, the GPU web-llm named', () => {
    const report = buildMlcLoadReport(observation());
    expect(report).toMatchObject({
      backend: 'mlc', requestedDevice: 'webgpu', executionProvider: 'webgpu', adapter: 'SwiftShader Device (Subzero)',
      bytesFromCache: 0, loadMs: 1234, vocabSize: 49152, maxContext: 4096, tokenizerKey: 'sha256:0123456789abcdef', sizeSource: 'cache-manifest',
    });
    expect(report.bytesDownloaded).toBe(report.sizeOnDiskBytes);
    expect(report.files.every((f) => !f.fromCache)).toBe(true);
  });

  it('a cached load: no "Fetching" report means the weights came from the cache', () => {
    const report = buildMlcLoadReport(observation({ sawDownload: false, cachedBeforeLoad: true, gpuLabel: null }));
    expect(report).toMatchObject({ bytesDownloaded: 0, cachedBeforeLoad: true, adapter: 'probe' });
    expect(report.bytesFromCache).toBe(report.sizeOnDiskBytes);
  });

  it('falls back to the progress size (MiB-rounded) when the cache cannot be read, and says so', () => {
    const report = buildMlcLoadReport(observation({ summary: null, progressWeightBytes: 580 * 1024 ** 2, tokenizerHash: null }));
    expect(report).toMatchObject({ sizeSource: 'progress-text', sizeOnDiskBytes: 580 * 1024 ** 2, vocabSize: 0, maxContext: 4096, tokenizerKey: 'mlc:SmolLM2-360M-Instruct' });
    expect(mlcTokenizerKey(record, null)).toBe('mlc:SmolLM2-360M-Instruct');
  });
});

describe('engine contract', () => {
  it('refuses wasm and non-MLC sources before any download, with typed errors', () => {
    const model = { source: 'mlc-prebuilt', modelId: record.model_id } as const;
    expect(mlcModelIdOf({ model, device: 'webgpu' })).toBe(record.model_id);
    expect(() => mlcModelIdOf({ model, device: 'wasm' })).toThrow(expect.objectContaining({ code: 'engine', message: expect.stringMatching(/only on WebGPU, not on "wasm"/) }));
    expect(() => mlcModelIdOf({ model: { source: 'demo-pack', modelId: 'x', dtype: 'fp32' }, device: 'webgpu' })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(MLC_CAPABILITIES).toMatchObject({ backend: 'mlc', devices: ['webgpu'], forcedScoring: false, maxTopLogProbs: 5, tokenIds: false });
    expect(scoreUnsupported()).toMatchObject({ code: 'engine', name: 'EngineError' });
  });
});
