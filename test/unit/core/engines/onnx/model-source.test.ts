// Where each model source's files come from, the device checks made before any download, and a
// stored variant (LabStorage over fake-indexeddb) loaded with its base model's tokenizer and config:
// it generates what its own bytes generate when run by hand, not what the base model generates.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalDataChunks, metadataRequests, planModel, weightRequests } from '../../../../../src/core/engines/onnx/model-source.ts';
import { InvalidArgumentError, WebGpuUnavailableError } from '../../../../../src/core/errors.ts';
import { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import { ShaderF16UnavailableError } from '../../../../../src/core/engines/mlc/errors.ts';
import { greedyGenerate } from '../../../../../src/core/models/llama-runner.ts';
import { createSession } from '../../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { LabStorage } from '../../../../../src/lib/storage/lab-storage.ts';
import { CONFIG, TOKENIZER, TempPack, engineOver, modelFiles, onnxBytes } from './fixture.ts';

const endpoints = { demoPackUrl: 'https://lab.example/app/models/' };

describe('planModel', () => {
  it('puts the demo pack beside the app and a repository on the hub, naming the dtype file', async () => {
    const demo = await planModel({ source: 'demo-pack', modelId: 'moby-llama-1m', dtype: 'fp32' }, endpoints);
    expect(demo.folderUrl).toBe('https://lab.example/app/models/moby-llama-1m/');
    expect(weightRequests(demo, {}).map((r) => r.url)).toEqual(['https://lab.example/app/models/moby-llama-1m/onnx/model.onnx']);
    const hub = await planModel({ source: 'hf-onnx', repoId: 'onnx-community/SmolLM2-135M-Instruct', dtype: 'q8', revision: 'v1.0' }, endpoints);
    expect(weightRequests(hub, {})[0]!.url).toBe('https://huggingface.co/onnx-community/SmolLM2-135M-Instruct/resolve/v1.0/onnx/model_quantized.onnx');
    expect(metadataRequests(hub).map((r) => [r.path, r.required])).toEqual([
      ['config.json', true], ['generation_config.json', false], ['tokenizer.json', true], ['tokenizer_config.json', true],
    ]);
    const override = await planModel({ source: 'demo-pack', modelId: 'my model', dtype: 'q4', file: 'onnx/model q4.onnx' }, endpoints);
    expect(weightRequests(override, {})[0]!.url).toBe('https://lab.example/app/models/my%20model/onnx/model%20q4.onnx');
  });

  it('asks for the external-data chunks config.json declares, as transformers.js reads them', async () => {
    const plan = await planModel({ source: 'hf-onnx', repoId: 'a/b', dtype: 'fp16' }, endpoints);
    const config = { 'transformers.js_config': { use_external_data_format: { 'model_fp16.onnx': 2 } } };
    expect(weightRequests(plan, config).map((r) => r.path)).toEqual(['onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data', 'onnx/model_fp16.onnx_data_1']);
    expect(externalDataChunks({ 'transformers.js_config': { use_external_data_format: true } }, 'model.onnx')).toBe(1);
    expect(externalDataChunks({}, 'model.onnx')).toBe(0);
  });

  it('refuses ids that would leave their folder, web-llm models and unknown variants', async () => {
    await expect(planModel({ source: 'demo-pack', modelId: '..', dtype: 'fp32' }, endpoints)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(planModel({ source: 'demo-pack', modelId: 'a', dtype: 'fp32', file: '../x.onnx' }, endpoints)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(planModel({ source: 'hf-onnx', repoId: 'no-owner', dtype: 'fp32' }, endpoints)).rejects.toThrow(/owner\/name/);
    await expect(planModel({ source: 'mlc-prebuilt', modelId: 'x-MLC' }, endpoints)).rejects.toThrow(/MLC engine/);
    await expect(planModel({ source: 'stored-variant', variantId: 'v' }, endpoints)).rejects.toThrow(/without access to the browser storage/);
  });
});

describe('device checks before any download', () => {
  // The GPU probe is the platform's (navigator.gpu in the worker); here it is handed in.
  const spec = (dtype: 'fp16' | 'q4') => ({ model: { source: 'hf-onnx', repoId: 'a/b', dtype }, device: 'webgpu' }) as const;
  const noFetch = async (url: string): Promise<Response> => {
    throw new Error(`no request expected, got ${url}`);
  };

  it('refuses webgpu where there is no adapter, and fp16 weights on an adapter without shader-f16', async () => {
    const without = new OnnxEngine({ fetch: noFetch, endpoints, probeGpu: async () => null });
    await expect(without.load(spec('q4'))).rejects.toBeInstanceOf(WebGpuUnavailableError);
    const noF16 = new OnnxEngine({ fetch: noFetch, endpoints, probeGpu: async () => ({ description: 'google / swiftshader', shaderF16: false }) });
    await expect(noF16.load(spec('fp16'))).rejects.toBeInstanceOf(ShaderF16UnavailableError);
    await expect(noF16.load(spec('fp16'))).rejects.toThrow(/shader-f16.*google \/ swiftshader/);
  });
});

describe('a stored variant', () => {
  let pack: TempPack;
  let storage: LabStorage;

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
    storage = await LabStorage.open({ factory: new IDBFactory() });
    await storage.putVariant(
      { id: 'v1', name: 'teacher, other weights', baseModel: { source: 'demo-pack', modelId: 'teacher' }, recipe: {}, recipeSummary: 'test', createdAt: '2026-01-01T00:00:00.000Z', metadata: {} },
      [{ name: 'model.onnx', role: 'model', bytes: onnxBytes(9) }],
    );
  });
  afterAll(async () => {
    storage.close();
    await pack.remove();
  });

  it('runs its own bytes with the base model tokenizer, under the same tokenizer key', async () => {
    const engine = engineOver(pack, storage);
    const base = await engine.load({ model: { source: 'demo-pack', modelId: 'teacher', dtype: 'fp32' }, device: 'wasm' });
    const baseIds = (await engine.generate('Call me Ishmael.', { maxNewTokens: 8, sampling: { kind: 'greedy' }, ignoreEos: true })).tokenIds;
    const variant = await engine.load({ model: { source: 'stored-variant', variantId: 'v1' }, device: 'wasm' });
    const ids = (await engine.generate('Call me Ishmael.', { maxNewTokens: 8, sampling: { kind: 'greedy' }, ignoreEos: true })).tokenIds;
    await engine.unload();
    const { session } = await createSession(onnxBytes(9), 'wasm');
    const expected = await greedyGenerate(session, { ...CONFIG, eos_token_id: -1 }, new BpeTokenizer(TOKENIZER).encode('Call me Ishmael.'), 8);
    await session.release();
    expect(ids).toEqual(expected);
    expect(ids).not.toEqual(baseIds);
    expect(variant.tokenizerKey).toBe(base.tokenizerKey);
    expect(variant.sizeOnDiskBytes).toBe(onnxBytes(9).byteLength);
    expect(variant.files.map((f) => f.name)).not.toContain('onnx/model.onnx');
  });

  it('says when the variant is gone', async () => {
    const engine = engineOver(pack, storage);
    await expect(engine.load({ model: { source: 'stored-variant', variantId: 'deleted' }, device: 'wasm' })).rejects.toThrow(/No stored variant has the id "deleted"/);
  });
});
