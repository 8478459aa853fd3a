// persistBeforeDownloads: a hub model (hf-onnx, mlc-prebuilt) asks for persistent storage before its
// load starts; built-in and stored models do not; a browser that throws does not stop the load.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Engine, VariantSpec } from '../../../../src/core/engines/types.ts';
import { persistBeforeDownloads } from '../../../../src/lib/storage/persist-before-download.ts';

function fakeEngine(order: string[]): Engine {
  return { load: async (spec: VariantSpec) => { order.push(`load ${spec.model.source}`); return {} as never; } } as unknown as Engine;
}

function stubStorage(order: string[], persist: () => Promise<boolean>): void {
  vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist: () => { order.push('persist'); return persist(); } } });
}

describe('persistBeforeDownloads', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks before a hub download, not for the demo pack', async () => {
    const order: string[] = [];
    stubStorage(order, async () => true);
    const engine = persistBeforeDownloads(fakeEngine(order));
    await engine.load({ model: { source: 'demo-pack', modelId: 'm', dtype: 'fp32' }, device: 'wasm' } as VariantSpec);
    await engine.load({ model: { source: 'hf-onnx', repoId: 'a/b', dtype: 'q4' }, device: 'wasm' } as VariantSpec);
    await engine.load({ model: { source: 'mlc-prebuilt', modelId: 'x' }, device: 'webgpu' } as VariantSpec);
    expect(order).toEqual(['load demo-pack', 'persist', 'load hf-onnx', 'persist', 'load mlc-prebuilt']);
  });

  it('loads even when the browser throws on persist()', async () => {
    const order: string[] = [];
    stubStorage(order, async () => { throw new Error('not allowed'); });
    await persistBeforeDownloads(fakeEngine(order)).load({ model: { source: 'hf-onnx', repoId: 'a/b', dtype: 'q4' }, device: 'wasm' } as VariantSpec);
    expect(order).toEqual(['persist', 'load hf-onnx']);
  });
});
