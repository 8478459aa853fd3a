// The Compare page's pure parts: the Pareto front against a brute-force definition, token
// difference marking, sorting with missing figures, the variant matrix verdicts, plan validation.
import { describe, expect, test } from 'vitest';
import { paretoFront } from '../../../../src/core/compare/pareto.ts';
import { markDifferences } from '../../../../src/core/compare/token-diff.ts';
import { RESULT_COLUMNS, sortRuns } from '../../../../src/core/compare/results-columns.ts';
import { onnxVariantOptions, type StoredVariantSummary } from '../../../../src/core/compare/variant-options.ts';
import { validatePlan, DEFAULT_PLAN } from '../../../../src/core/compare/plan.ts';
import type { DeviceCapabilities } from '../../../../src/core/device/capabilities.ts';
import { sampleRun } from '../results/sample-run.ts';

function bruteForce(points: { id: string; size: number; loss: number }[]): string[] {
  return points
    .filter((p) => !points.some((q) => q !== p && q.size <= p.size && q.loss <= p.loss && (q.size < p.size || q.loss < p.loss)))
    .sort((a, b) => a.size - b.size)
    .map((p) => p.id);
}

describe('pareto front', () => {
  test('equals the brute-force definition on random point sets', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const points = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => ({ id: `p${i}`, size: Math.round(random() * 10), loss: Math.round(random() * 10) / 10 }));
      // Exact duplicates keep only their first copy on the front; brute force keeps both: drop them.
      const unique = points.filter((p, i) => points.findIndex((q) => q.size === p.size && q.loss === p.loss) === i);
      expect(paretoFront(unique)).toEqual(bruteForce(unique));
    }
  });

  test('ignores points without a figure', () => {
    expect(paretoFront([{ id: 'a', size: 1, loss: Number.NaN }, { id: 'b', size: 2, loss: 0.1 }])).toEqual(['b']);
  });
});

describe('token differences', () => {
  test('marks from the first differing id on, even where later ids coincide', () => {
    const marked = markDifferences(['a', 'b', 'c', 'd'], [1, 2, 9, 4], [1, 2, 3, 4]);
    expect(marked.map((t) => t.differs)).toEqual([false, false, true, true]);
  });
  test('falls back to comparing token texts when ids are unknown', () => {
    expect(markDifferences(['x', 'y'], undefined, undefined, ['x', 'z']).map((t) => t.differs)).toEqual([false, true]);
  });
});

describe('results sorting', () => {
  const column = RESULT_COLUMNS.find((c) => c.id === 'kld')!;
  test('sorts by a figure, missing figures last in either direction', () => {
    const a = sampleRun('a');
    const b = sampleRun('b', { comparison: null });
    const c = sampleRun('c');
    c.comparison = { ...c.comparison!, kld: { ...c.comparison!.kld, mean: 0.001 } };
    expect(sortRuns([a, b, c], column, 'ascending').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRuns([a, b, c], column, 'descending').map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
});

describe('variant matrix', () => {
  const swiftshader: DeviceCapabilities = {
    secureContext: true, crossOriginIsolated: true, wasmThreads: 2, hardwareConcurrency: 2, deviceMemoryGiB: 8, userAgent: 'x', storage: null,
    webgpu: { available: true, adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader', isFallbackAdapter: true, features: { shaderF16: false, subgroups: true, timestampQuery: true }, limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 } } },
  };
  const stored: StoredVariantSummary[] = [{ id: 'v1', name: 'q8dyn', recipeSummary: 'q8dyn', totalBytes: 1, support: { wasm: true, webgpu: 'wasm only', needsShaderF16OnWebgpu: false } }];
  const options = onnxVariantOptions({ source: 'hf-onnx', repoId: 'org/model' }, ['fp32', 'fp16', 'q8'], stored, swiftshader);
  const verdict = (row: string, device: string) => options.find((o) => o.row.startsWith(row) && o.device === device)!.verdict;

  test('fp16 on WebGPU needs shader-f16, q8 and wasm-only variants are disabled on WebGPU, everything runs on wasm', () => {
    expect(verdict('fp32', 'webgpu').ok).toBe(true);
    expect(verdict('fp16', 'webgpu')).toMatchObject({ ok: false, reason: expect.stringContaining('shader-f16') });
    expect(verdict('q8', 'webgpu')).toMatchObject({ ok: false, reason: expect.stringContaining('wasm only') });
    expect(verdict('q8dyn', 'webgpu')).toEqual({ ok: false, reason: 'wasm only' });
    expect(options.filter((o) => o.device === 'wasm').every((o) => o.verdict.ok)).toBe(true);
  });

  test('without WebGPU every webgpu cell says why', () => {
    const none = onnxVariantOptions({ source: 'demo-pack', modelId: 'm' }, ['fp32'], [], { ...swiftshader, webgpu: { available: false, reason: 'no adapter' } });
    expect(none.find((o) => o.device === 'webgpu')!.verdict).toEqual({ ok: false, reason: 'WebGPU is unavailable: no adapter' });
  });
});

describe('plan validation', () => {
  const plan = { ...DEFAULT_PLAN, prompt: 'Hello', referenceText: '' };
  test('names the bad field and value', () => {
    expect(() => validatePlan({ ...plan, maxNewTokens: 0 })).toThrow('Generation length must be a whole number from 1 to 4096; got 0.');
    expect(() => validatePlan({ ...plan, prompt: '  ' })).toThrow(/prompt is empty/);
    expect(validatePlan(plan)).toBe(plan);
  });
});
