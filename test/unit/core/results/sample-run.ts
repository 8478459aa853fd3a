// Builders of complete, realistic RunResult values for the results and storage tests.
import type { DeviceDescription, RunResult } from '../../../../src/core/results/run-result.ts';

export const laptop: DeviceDescription = {
  adapter: { vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) Iris(R) Xe Graphics' },
  features: ['shader-f16', 'timestamp-query'],
  userAgent: 'Chrome 131 on Linux',
  hardwareConcurrency: 8,
  deviceMemoryGb: 8,
};

export const phone: DeviceDescription = {
  adapter: null,
  features: [],
  userAgent: 'Chrome 130 on Android',
  hardwareConcurrency: 8,
  deviceMemoryGb: null,
};

export function sampleRun(id: string, overrides: Partial<RunResult> = {}): RunResult {
  return {
    id,
    createdAt: '2025-03-01T10:00:00.000Z',
    variant: {
      engine: 'onnx',
      model: 'hf:onnx-community/SmolLM2-135M-Instruct (q4)',
      spec: { model: { source: 'hf-onnx', repoId: 'onnx-community/SmolLM2-135M-Instruct', dtype: 'q4' }, device: 'webgpu' },
      dtype: 'q4',
      recipe: null,
      device: 'webgpu',
      executionProvider: 'webgpu',
      sizeOnDiskBytes: 118_000_000,
    },
    device: laptop,
    prompt: 'Write a haiku about rain.',
    load: {
      backend: 'onnx', requestedDevice: 'webgpu', executionProvider: 'webgpu', adapter: 'intel gen-12lp',
      bytesDownloaded: 0, bytesFromCache: 118_000_000, sizeOnDiskBytes: 118_000_000, loadMs: 1834.5,
      files: [{ name: 'onnx/model_q4.onnx', bytes: 118_000_000, fromCache: true }],
      vocabSize: 49152, maxContext: 8192, tokenizerKey: 'smollm2',
    },
    generation: {
      text: 'Rain taps the window', tokenIds: [1, 2, 3, 4], tokenCount: 4, promptTokenCount: 12,
      timeToFirstTokenMs: 85.2, prefillTokensPerS: 140.8, decodeTokensPerS: 42.1, totalMs: 156.4, finishReason: 'length',
    },
    latency: null,
    perplexity: {
      value: 14.2, stdErr: 0.31, meanNll: Math.log(14.2), tokens: 511, context: 256, stride: 128, tokenizerKey: 'smollm2',
      quality: { exact: true, method: 'forced-full-logits', notes: [] },
    },
    comparison: {
      baselineRunId: 'base-1', positions: 511,
      kld: { mean: 0.031, stdErr: 0.002, median: 0.012, p90: 0.07, p95: 0.1, p99: 0.31, min: -0.000001, max: 1.9 },
      sameTop1: { fraction: 0.919, stdErr: 0.012 },
      deltaP: { mean: -0.004, stdErr: 0.001, rms: 0.041, rmsStdErr: 0.002 },
      logPerplexityRatio: { mean: 0.02, stdErr: 0.004 },
      approximatedEntries: 0,
      quality: { exact: true, method: 'forced-full-logits', notes: [] },
    },
    greedyAgreement: null,
    outputText: 'Rain taps the window',
    error: null,
    ...overrides,
  };
}
