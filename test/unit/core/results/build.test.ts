import { describe, expect, it } from 'vitest';
import { describeVariant, dtypeOf, summarizeGeneration, summarizeGenerations } from '../../../../src/core/results/build.ts';
import { backendOf, describeModel, onnxFileFor, variantKey } from '../../../../src/core/engines/spec.ts';
import type { GenerationReport, VariantSpec } from '../../../../src/core/engines/types.ts';
import { createTopKDistribution } from '../../../../src/core/metrics/top-k.ts';

const mlc: VariantSpec = { model: { source: 'mlc-prebuilt', modelId: 'SmolLM2-360M-Instruct-q4f16_1-MLC' }, device: 'webgpu' };
const hf: VariantSpec = { model: { source: 'hf-onnx', repoId: 'onnx-community/SmolLM2-135M-Instruct', dtype: 'q4f16' }, device: 'wasm' };

function report(ttft: number, decode: number): GenerationReport {
  return {
    text: 'hi', tokenIds: [1, 2], tokenCount: 2, promptTokenCount: 5, timeToFirstTokenMs: ttft,
    prefillTokensPerS: 50, decodeTokensPerS: decode, totalMs: ttft + 20, finishReason: 'length',
    tokenLogProbs: createTopKDistribution(2, 1, 10),
  };
}

describe('variant specs', () => {
  it('name files, engines and models consistently', () => {
    expect(onnxFileFor('fp32')).toBe('onnx/model.onnx');
    expect(onnxFileFor('q8')).toBe('onnx/model_quantized.onnx');
    expect(onnxFileFor('q4f16')).toBe('onnx/model_q4f16.onnx');
    expect(backendOf(mlc.model)).toBe('mlc');
    expect(backendOf(hf.model)).toBe('onnx');
    expect(describeModel(hf.model)).toBe('hf:onnx-community/SmolLM2-135M-Instruct (q4f16)');
    expect(describeModel({ source: 'demo-pack', modelId: 'tiny', dtype: 'q4', file: 'onnx/custom.onnx' })).toBe('demo:tiny (onnx/custom.onnx)');
    expect(variantKey(hf)).not.toBe(variantKey({ ...hf, device: 'webgpu' }));
  });

  it('describe a variant for a run, with the provider that actually ran', () => {
    expect(dtypeOf(mlc)).toBe('q4f16_1');
    expect(dtypeOf({ model: { source: 'mlc-prebuilt', modelId: 'Qwen2.5-0.5B-Instruct-q0f32-MLC' }, device: 'webgpu' })).toBe('q0f32');
    const described = describeVariant(hf, null, null);
    expect(described).toMatchObject({ engine: 'onnx', dtype: 'q4f16', device: 'wasm', executionProvider: null, sizeOnDiskBytes: null });
  });
});

describe('generation summaries', () => {
  it('drop per-token distributions and summarize repeats after the warm-up', () => {
    const summary = summarizeGeneration(report(80, 40));
    expect('tokenLogProbs' in summary).toBe(false);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    const latency = summarizeGenerations([report(900, 5), report(80, 40), report(100, 30), report(90, 35)]);
    expect(latency.timeToFirstTokenMs).toMatchObject({ samples: 3, discarded: 1, median: 90, min: 80, max: 100 });
    expect(latency.decodeTokensPerS.median).toBe(35);
    expect(latency.totalMs.median).toBe(110);
  });
});
