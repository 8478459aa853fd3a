// Deleting runs: chosen ids or the whole history, in one transaction, leaving other stores intact.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, test } from 'vitest';
import { LabStorage } from '../../../../src/lib/storage/lab-storage.ts';
import type { RunResult } from '../../../../src/core/results/run-result.ts';

function run(id: string, createdAt: string): RunResult {
  return {
    id, createdAt, prompt: 'p', load: null, generation: null, latency: null, perplexity: null, comparison: null, greedyAgreement: null, outputText: '', error: null,
    device: { adapter: null, features: [], userAgent: 'Node', hardwareConcurrency: 2, deviceMemoryGb: null },
    variant: { engine: 'onnx', model: 'demo:m (fp32)', spec: { model: { source: 'demo-pack', modelId: 'm', dtype: 'fp32' }, device: 'wasm' }, dtype: 'fp32', recipe: null, device: 'wasm', executionProvider: 'wasm', sizeOnDiskBytes: 1 },
  };
}

test('deleteRuns removes chosen runs, then all of them', async () => {
  const storage = await LabStorage.open({ factory: new IDBFactory() });
  await storage.putRuns([run('a', '2026-01-01T00:00:00Z'), run('b', '2026-01-02T00:00:00Z'), run('c', '2026-01-03T00:00:00Z')]);
  await storage.putSetting('theme', 'dark');
  expect(await storage.deleteRuns(['b'])).toBe(1);
  expect((await storage.listRuns()).map((r) => r.id)).toEqual(['c', 'a']);
  expect(await storage.deleteRuns()).toBe(2);
  expect(await storage.listRuns()).toEqual([]);
  expect(await storage.getSetting('theme')).toBe('dark');
  storage.close();
});
