// inspectModel on the real exports (facts stated in the fixtures' README, counts recomputed a
// second way from the raw fields) and on built models: statistics against a naive float64
// computation over values read through a different path, old-IR inputs, progress and cancel.
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/core/errors.ts';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { dtypeInfo, dtypeOfCode } from '../../../../src/core/onnx/dtype.ts';
import { GraphIndex } from '../../../../src/core/onnx/graph-index.ts';
import { inspectModel, type InitializerReport } from '../../../../src/core/onnx/inspect.ts';
import type { onnx } from '../../../../src/core/onnx/proto.ts';
import { createTensor } from '../../../../src/core/onnx/tensor-build.ts';
import { tensorToFloat32 } from '../../../../src/core/onnx/tensor-values.ts';
import { readBytes, realFixture, realFixtureNames } from './helpers.ts';
import { buildLinearModel, randomFloats, withInitializersAsInputs } from './models.ts';

/** TensorProto data types FLOAT, FLOAT16, DOUBLE, BFLOAT16 (onnx.proto numbering). */
const FLOAT_TYPES = new Set([1, 10, 11, 16]);
const load = (name: string) => decodeModel(readBytes(realFixture(name)), { name });

/** Elements from how much data each initializer holds, ignoring its dims. */
function elementsFromStoredData(tensor: onnx.TensorProto): number {
  if (tensor.rawData.length) return (tensor.rawData.length * 8) / dtypeInfo(dtypeOfCode(tensor.dataType)!).bits;
  return tensor.floatData.length + tensor.int32Data.length + tensor.int64Data.length + tensor.doubleData.length + tensor.uint64Data.length;
}

/** Naive two-pass statistics in float64 over all values (the reference). */
function referenceStats(values: Float32Array) {
  const finite = Array.from(values).filter(Number.isFinite);
  const mean = finite.reduce((sum, x) => sum + x, 0) / finite.length;
  const variance = finite.reduce((sum, x) => sum + (x - mean) ** 2, 0) / finite.length;
  return {
    zeros: values.filter((x) => x === 0).length / values.length,
    min: Math.min(...finite),
    max: Math.max(...finite),
    mean,
    std: Math.sqrt(variance),
    nonFinite: values.length - finite.length,
  };
}

function expectStatsMatch(report: InitializerReport, values: Float32Array): void {
  const expected = referenceStats(values);
  expect(report.zeros, report.name).toBe(expected.zeros);
  expect(report.min, report.name).toBe(expected.min);
  expect(report.max, report.name).toBe(expected.max);
  expect(report.nonFinite, report.name).toBe(expected.nonFinite);
  expect(Math.abs(report.mean! - expected.mean), report.name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected.std)));
  expect(Math.abs(report.std! - expected.std), report.name).toBeLessThanOrEqual(1e-9 * Math.max(1e-12, expected.std));
}

describe('inspect on real exports', () => {
  it('tiny-qwen35 (IR 10, float16 weights, GroupQueryAttention)', () => {
    const report = inspectModel(load('genai_tiny-qwen35_decoder_fp16.onnx'));
    expect(report.irVersion).toBe(10);
    expect(report.opsets).toEqual({ 'ai.onnx': 21, 'com.microsoft': 1 });
    expect(report.ops).toMatchObject({ MatMul: 13, 'com.microsoft.GroupQueryAttention': 2, 'com.microsoft.SkipLayerNormalization': 4, LayerNormalization: 1 });
    expect(report.nodeCount).toBe(29);
    expect(report.inputs.map((input) => input.name)).toEqual(['input_ids', 'attention_mask', 'past_key_values.0.key', 'past_key_values.0.value', 'past_key_values.1.key', 'past_key_values.1.value']);
    expect(report.inputs[2]).toEqual({ name: 'past_key_values.0.key', dtype: 'float16', shape: ['batch_size', 2, 'past_seq_len', 16] });
    expect(report.bytesByDtype['float16']).toBe(371968);
  });

  it('tiny-random-gpt2 past (com.microsoft fused ops, 16 MatMul weights)', () => {
    const model = load('genai_tiny-random-gpt2-fp32_past.onnx');
    const report = inspectModel(model);
    expect(report.irVersion).toBe(6);
    expect(report.ops).toEqual({
      MatMul: 16,
      'com.microsoft.SkipLayerNormalization': 10,
      'com.microsoft.Attention': 5,
      'com.microsoft.FastGelu': 5,
      Cast: 2,
      'com.microsoft.EmbedLayerNormalization': 1,
    });
    const index = new GraphIndex(model.graph!);
    const matmulWeights = model.graph!.node!.filter((node) => node.opType === 'MatMul' && node.input!.some((input) => index.initializers.has(input)));
    expect(matmulWeights).toHaveLength(16);
  });

  it('bert toy (out-of-order nodes, 33 weight matrices)', () => {
    const model = load('ort_bert_toy_optimized.onnx');
    const report = inspectModel(model);
    expect(report.ops['MatMul']).toBe(42);
    const index = new GraphIndex(model.graph!);
    // The README's 33 weight matrices: 31 MatMul and 2 Gemm nodes read an initializer directly.
    const readsWeight = (op: string) => model.graph!.node!.filter((node) => node.opType === op && index.initializers.has(node.input![1]!));
    expect(readsWeight('MatMul').length + readsWeight('Gemm').length).toBe(33);
    // One more MatMul reads Transpose(initializer): constant, though not an initializer.
    expect(model.graph!.node!.filter((node) => node.opType === 'MatMul' && index.isConstant(node.input![1]!))).toHaveLength(32);
    expect(report.inputs.map((input) => input.name)).toEqual(['input_ids', 'token_type_ids', 'input_mask']);
  });

  it('gpt2 pytorch 1.4 export (Gemm layers, float_data initializers, one real input)', () => {
    const model = load('ort_gpt2_nopast_pytorch1.4_opset11.onnx');
    const report = inspectModel(model);
    expect(report.irVersion).toBe(4);
    expect(report.inputs).toEqual([{ name: 'input_ids', dtype: 'int64', shape: ['batch_size', 'seq_len'] }]);
    expect(report.ops).toMatchObject({ Gemm: 48, Constant: 799, MatMul: 24 });
    expect(report.nodeCount).toBe(2848);
    const storage = report.initializers.reduce<Record<string, number>>((counts, tensor) => ({ ...counts, [tensor.storage]: (counts[tensor.storage] ?? 0) + 1 }), {});
    expect(storage).toEqual({ raw: 172, 'typed-field': 160 });
  });

  it.each(realFixtureNames())('%s: params and bytes agree with the stored data; statistics match a float64 reference', (name) => {
    const model = load(name);
    const report = inspectModel(model);
    const initializers = model.graph!.initializer as onnx.TensorProto[]; // decoded: TensorProto instances
    // Parameters are the float initializers (no quantized weights in these exports); int constants are not.
    const floats = initializers.filter((tensor) => FLOAT_TYPES.has(tensor.dataType));
    expect(report.params).toBe(floats.reduce((sum, tensor) => sum + elementsFromStoredData(tensor), 0));
    expect(report.totalBytes).toBe(Object.values(report.bytesByDtype).reduce((a, b) => a + b, 0));
    initializers.forEach((tensor, i) => expectStatsMatch(report.initializers[i]!, tensorToFloat32(tensor)));
  });
});

describe('inspect on built models', () => {
  it('old IR lists initializers as graph inputs: only real inputs are reported', () => {
    const model = decodeModel(encodeModel(withInitializersAsInputs(buildLinearModel())));
    expect(model.graph!.input!).toHaveLength(5);
    const report = inspectModel(model);
    expect(report.irVersion).toBe(3);
    expect(report.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 64] }]);
    expect(report.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: ['batch', 32] }]);
    expect(report.params).toBe(64 * 32 + 32 + 32); // float32 weight and bias, float16 extra; not the int64 shape
    expect(report.bytesByDtype).toEqual({ float32: (64 * 32 + 32) * 4, float16: 64, int64: 16 });
  });

  it('statistics of zeros, infinities and float16/int4 weights', () => {
    const values = randomFloats(20_000, 3); // more than one chunk of the streaming pass
    values.fill(0, 100, 5100);
    values[7] = Number.NEGATIVE_INFINITY;
    values[8] = Number.NaN;
    const model = buildLinearModel();
    model.graph!.initializer!.push(
      createTensor('sparse', 'float32', [values.length], values),
      createTensor('q4', 'int4', [5], [-8, 7, 0, 0, 3]),
      createTensor('wide', 'int64', [2], BigInt64Array.from([-(2n ** 40n), 2n ** 40n])),
    );
    const report = inspectModel(decodeModel(encodeModel(model)));
    const byName = new Map(report.initializers.map((tensor) => [tensor.name, tensor]));
    expectStatsMatch(byName.get('sparse')!, values);
    expect(byName.get('sparse')!.nonFinite).toBe(2);
    expect(byName.get('q4')).toMatchObject({ zeros: 0.4, min: -8, max: 7, mean: 0.4, bytes: 3, params: 5 });
    expect(byName.get('wide')).toMatchObject({ min: -(2 ** 40), max: 2 ** 40, mean: 0, std: 2 ** 40 });
    expectStatsMatch(byName.get('h')!, tensorToFloat32(model.graph!.initializer!.find((tensor) => tensor.name === 'h')!));
  });

  it('reports progress per initializer and stops when cancelled', () => {
    const model = buildLinearModel();
    const seen: number[] = [];
    inspectModel(model, { onProgress: ({ done, total }) => seen.push(done / total) });
    expect(seen).toHaveLength(4);
    expect(seen.at(-1)).toBe(1);
    const controller = new AbortController();
    const cancelling = () => inspectModel(model, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(cancelling).toThrow(CancelledError);
  });

  it('stats: false reads no tensor data', () => {
    const model = buildLinearModel();
    model.graph!.initializer![0]!.rawData = new Uint8Array(3); // would fail a read
    const report = inspectModel(model, { stats: false });
    expect(report.initializers[0]).toMatchObject({ name: 'W', bytes: 64 * 32 * 4, zeros: null, std: null });
  });
});
