// Structured (neuron) pruning: the written model has the smaller shapes, the parameter count it
// reports, and onnxruntime gives the same logits as the ORIGINAL model with the removed neurons'
// gate rows zeroed (silu(0) = 0, so the neuron contributes nothing): an independent second way.
import { describe, expect, it } from 'vitest';
import { collectCalibration } from '../../../../../src/core/compress/calibration/index.ts';
import { compressModel } from '../../../../../src/core/compress/compress.ts';
import { applyPruneStep, MlpNotFoundError } from '../../../../../src/core/compress/prune/index.ts';
import type { PruneNeuronsStep } from '../../../../../src/core/compress/types.ts';
import { fromWire, toWire } from '../../../../../src/core/errors.ts';
import { createTensor, decodeModel, encodeModel, externalDataFromFiles, float32ArrayToFloat16, int64ToNumber, onnx, tensorToFloat32, writeModelWithExternalData } from '../../../../../src/core/onnx/index.ts';
import { contextOf, logitsOf, maxAbsDiff, readBack, rebuild, tinyLlama, TINY, tokenSequence, written } from './fixtures.ts';
import { H, I, namedMlpWithBias, reluMlp, S, structuralMlp, swigluReference } from './mlp-graphs.ts';
import { runModel } from '../kernels/ort-run.ts';

const neurons = (sparsity: number, score: 'l2' | 'wanda' = 'l2'): PruneNeuronsStep => ({ kind: 'prune-neurons', sparsity, score });

/** Which original columns of gate [rows, cols] the pruned gate [rows, kept] holds, by exact match. */
function keptColumns(original: Float32Array, pruned: Float32Array, rows: number, cols: number): number[] {
  const keptCount = pruned.length / rows;
  return Array.from({ length: keptCount }, (_, j) => {
    const match = Array.from({ length: cols }, (_, i) => i).find((i) => Array.from({ length: rows }, (_, r) => r).every((r) => original[r * cols + i] === pruned[r * keptCount + j]));
    if (match === undefined) throw new Error(`pruned column ${j} matches no original column`);
    return match;
  });
}

/** Float initializer elements, counted from the decoded protobuf (int64 shape constants are not parameters). */
function paramsOf(bytes: Uint8Array): number {
  const floats = new Set<number>([onnx.TensorProto.DataType.FLOAT, onnx.TensorProto.DataType.FLOAT16, onnx.TensorProto.DataType.BFLOAT16, onnx.TensorProto.DataType.DOUBLE]);
  return decodeModel(bytes)
    .graph!.initializer!.filter((t) => floats.has(t.dataType ?? 0))
    .reduce((sum, t) => sum + (t.dims ?? []).map(int64ToNumber).reduce((a, b) => a * b, 1), 0);
}

describe('prune-neurons on a builder LLaMA', () => {
  it('shrinks every MLP to I - floor(s * I), reports it, and equals the original with those gate rows zeroed', async () => {
    const model = tinyLlama();
    const context = contextOf(model.bytes);
    const outcome = await applyPruneStep(context, neurons(0.25), 0, null);
    const bytes = written(context);
    const removed = Math.floor(0.25 * TINY.intermediate_size); // 12
    const width = TINY.intermediate_size - removed;
    expect(outcome.intermediateSize).toBe(width);
    const paramsBefore = paramsOf(model.bytes);
    const paramsAfter = paramsBefore - TINY.num_hidden_layers * 3 * TINY.hidden_size * removed;
    expect(paramsOf(bytes)).toBe(paramsAfter);
    expect(outcome.structure).toEqual({ intermediateBefore: 48, intermediateAfter: width, layers: 2, paramsBefore, paramsAfter });
    expect(outcome.sparsity).toMatchObject({ target: 0.25, achieved: removed / 48 });

    const zeroed = { ...model.weights };
    for (let layer = 0; layer < TINY.num_hidden_layers; layer++) {
      const p = `model.layers.${layer}.mlp.`;
      const gate = readBack(bytes, `${p}gate_proj.weight`);
      expect(gate.dims).toEqual([TINY.hidden_size, width]);
      expect(readBack(bytes, `${p}up_proj.weight`).dims).toEqual([TINY.hidden_size, width]);
      expect(readBack(bytes, `${p}down_proj.weight`).dims).toEqual([width, TINY.hidden_size]);
      const kept = new Set(keptColumns(readBack(model.bytes, `${p}gate_proj.weight`).values, gate.values, TINY.hidden_size, TINY.intermediate_size));
      const hfGate = model.weights[`${p}gate_proj.weight`]!.slice(); // HF layout [I, H]
      for (let i = 0; i < TINY.intermediate_size; i++) if (!kept.has(i)) hfGate.fill(0, i * TINY.hidden_size, (i + 1) * TINY.hidden_size);
      zeroed[`${p}gate_proj.weight`] = hfGate;
    }
    const tokens = tokenSequence(10, TINY.vocab_size);
    const pruned = await logitsOf(bytes, TINY, tokens);
    const reference = await logitsOf(rebuild(TINY, zeroed), TINY, tokens);
    expect(maxAbsDiff(pruned, reference)).toBeLessThan(1e-4);
    expect(maxAbsDiff(pruned, await logitsOf(model.bytes, TINY, tokens))).toBeGreaterThan(1e-3);
  });

  it("'wanda' keeps the neurons with the largest ||a_i|| * sum_h |down[i, h]| from calibration", async () => {
    const model = tinyLlama();
    const calibration = await collectCalibration(model.bytes, undefined, [tokenSequence(20, 64, 1), tokenSequence(20, 64, 5)]);
    const context = contextOf(model.bytes);
    const down = context.weights.find((w) => w.name === 'model.layers.1.mlp.down_proj.weight')!;
    const norms = calibration.activations.get(down.input)!.l2Norm();
    const downValues = readBack(model.bytes, down.name).values;
    const scores = Array.from({ length: 48 }, (_, i) => ({ i, s: norms[i]! * Array.from({ length: 32 }, (_, h) => Math.abs(downValues[i * 32 + h]!)).reduce((a, b) => a + b, 0) }));
    const expected = scores.sort((a, b) => a.s - b.s || a.i - b.i).slice(Math.floor(0.5 * 48)).map((x) => x.i).sort((a, b) => a - b);
    await applyPruneStep(context, neurons(0.5, 'wanda'), 0, calibration);
    const bytes = written(context);
    const gate = 'model.layers.1.mlp.gate_proj.weight';
    expect(keptColumns(readBack(model.bytes, gate).values, readBack(bytes, gate).values, 32, 48)).toEqual(expected);
  });
});

describe('prune-neurons in the pipeline', () => {
  it('then q4/q8 with block 32 on the new width (36, not a multiple of 32): runs in onnxruntime; q8 stays close to the float pruned model', async () => {
    const model = tinyLlama();
    const prune = { kind: 'prune-neurons', sparsity: 0.25, score: 'l2' } as const;
    const pruned = await compressModel({ model: model.bytes }, { version: 1, steps: [prune] });
    const tokens = tokenSequence(10, TINY.vocab_size);
    const float = await logitsOf(pruned.model, TINY, tokens);
    const scale = Math.max(...Array.from(float, Math.abs));
    for (const method of ['q4', 'q8'] as const) {
      const both = await compressModel({ model: model.bytes }, { version: 1, steps: [prune, { kind: 'quantize', method, blockSize: 32 }] });
      expect(both.report.structure!.intermediateAfter).toBe(36);
      expect(both.report.output.params).toBe(pruned.report.output.params);
      // One parameter count in one report: the structure figures and input/output agree.
      expect(both.report.structure!.paramsBefore).toBe(both.report.input.params);
      expect(both.report.structure!.paramsAfter).toBe(both.report.output.params);
      expect(both.report.input.params).toBe(paramsOf(model.bytes));
      const quantized = await logitsOf(both.model, TINY, tokens);
      expect(quantized.every(Number.isFinite)).toBe(true);
      // Tiny random models are very sensitive to 4-bit rounding (q4 alone moves these logits ~40%).
      if (method === 'q8') expect(maxAbsDiff(float, quantized) / scale).toBeLessThan(0.05);
    }
  });
});

describe('prune-neurons on hand-built MLP graphs', () => {
  it('found by structure: slices through a Reshape, rewrites its shape constant and the value_info, runs in onnxruntime', async () => {
    const graph = structuralMlp();
    const context = contextOf(graph.bytes);
    const outcome = await applyPruneStep(context, neurons(1 / 3), 0, null);
    const bytes = written(context);
    const model = decodeModel(bytes);
    const kept = keptColumns(graph.gate, readBack(bytes, 'w_a').values, H, I);
    expect(kept.length).toBe(8);
    expect(outcome.intermediateSize).toBe(8);
    for (const info of model.graph!.valueInfo!) expect(int64ToNumber(info.type!.tensorType!.shape!.dim!.at(-1)!.dimValue)).toBe(8);
    const flat = model.graph!.initializer!.find((t) => t.name === 'flat')!;
    expect(Array.from(new BigInt64Array(flat.rawData!.slice().buffer))).toEqual([-1n, 8n]);
    const y = await runModel(bytes, { x: { type: 'float32', data: graph.x, dims: [1, S, H] } }, 'y');
    const reference = swigluReference(graph, kept);
    expect(maxAbsDiff(y, reference)).toBeLessThan(1e-5);
  });

  it('found by Hugging Face names when a bias hides the SiLU pattern: the bias is sliced too', async () => {
    const graph = namedMlpWithBias();
    const context = contextOf(graph.bytes);
    await applyPruneStep(context, neurons(0.25), 0, null);
    const bytes = written(context);
    const kept = keptColumns(graph.gate, readBack(bytes, 'model.layers.0.mlp.gate_proj.weight').values, H, I);
    expect(readBack(bytes, 'gate_bias').values).toEqual(Float32Array.from(kept, (i) => graph.bias![i]!));
    const y = await runModel(bytes, { x: { type: 'float32', data: graph.x, dims: [1, S, H] } }, 'y');
    expect(maxAbsDiff(y, swigluReference(graph, kept))).toBeLessThan(1e-5);
  });

  it('float16 weights in external data are sliced in float16', async () => {
    const graph = structuralMlp();
    const decoded = decodeModel(graph.bytes);
    decoded.graph!.initializer = decoded.graph!.initializer!.map((t) => (t.name!.startsWith('w_') ? createTensor(t.name!, 'float16', (t.dims ?? []).map(int64ToNumber), float32ArrayToFloat16(tensorToFloat32(t))) : t));
    const stored = writeModelWithExternalData(decoded, { sizeThreshold: 0 });
    const external = externalDataFromFiles(stored.files);
    const context = contextOf(encodeModel(decodeModel(stored.model)), external);
    await applyPruneStep(context, neurons(0.5), 0, null);
    const bytes = written(context);
    const before = readBack(stored.model, 'w_c', external);
    const after = readBack(bytes, 'w_c', external);
    expect(after.dataType).toBe(10);
    expect(after.dims).toEqual([6, H]);
    const kept = keptColumns(readBack(stored.model, 'w_a', external).values, readBack(bytes, 'w_a', external).values, H, I);
    kept.forEach((i, j) => expect(after.values.subarray(j * H, (j + 1) * H)).toEqual(before.values.subarray(i * H, (i + 1) * H)));
  });

  it('a model without a SwiGLU MLP gets MlpNotFoundError, which survives a worker boundary', async () => {
    const error = await applyPruneStep(contextOf(reluMlp()), neurons(0.25), 0, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlpNotFoundError);
    const rebuilt = fromWire(structuredClone(toWire(error)));
    expect(rebuilt).toBeInstanceOf(MlpNotFoundError);
    expect(rebuilt).toMatchObject({ code: 'compress', message: (error as Error).message });
  });
});
