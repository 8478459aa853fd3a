// Unstructured and N:M pruning at graph level, checked on what the written model holds: exact zero
// counts from the floor rule (per output, per tensor, global), masks recomputed independently in
// float64, the LM head left dense by default, float16 weights in external data pruned in their own
// dtype, and a pruned model that still runs in onnxruntime.
import { describe, expect, it } from 'vitest';
import { CompressContext } from '../../../../../src/core/compress/context.ts';
import { applyPruneStep, CalibrationMissingError } from '../../../../../src/core/compress/prune/index.ts';
import type { PruneStep } from '../../../../../src/core/compress/types.ts';
import { CancelledError, InvalidArgumentError } from '../../../../../src/core/errors.ts';
import { createTensor, decodeModel, externalDataFromFiles, float32ArrayToFloat16, writeModelWithExternalData } from '../../../../../src/core/onnx/index.ts';
import { contextOf, logitsOf, maxAbsDiff, readBack, tinyLlama, tokenSequence, written, zeros } from './fixtures.ts';

const step = (over: Partial<PruneStep>): PruneStep => ({ kind: 'prune', method: 'magnitude', sparsity: 0.5, pattern: 'unstructured', ...over });
const floorRule = (s: number, n: number) => Math.floor(s * n + 1e-9);

describe('magnitude, unstructured', () => {
  it('prunes floor(s * K) per output of every weight but the LM head, and reports it exactly', async () => {
    const model = tinyLlama();
    const context = contextOf(model.bytes);
    const outcome = await applyPruneStep(context, step({ sparsity: 0.37 }), 0, null);
    const bytes = written(context);
    let expectedTotal = 0;
    let count = 0;
    for (const weight of context.weights) {
      const { values } = readBack(bytes, weight.name);
      if (weight.name === 'lm_head.weight') {
        expect(zeros(values)).toBe(0);
        continue;
      }
      const perOutput = floorRule(0.37, weight.K);
      const original = readBack(model.bytes, weight.name).values;
      for (let n = 0; n < weight.N; n++) {
        // independent mask: the perOutput smallest |w| of column n (float64 sort) are the zeros
        const column = Array.from({ length: weight.K }, (_, k) => original[k * weight.N + n]!);
        const order = column.map((w, k) => ({ k, s: Math.abs(w) })).sort((a, b) => a.s - b.s || a.k - b.k);
        const pruned = new Set(order.slice(0, perOutput).map((o) => o.k));
        for (let k = 0; k < weight.K; k++) expect(values[k * weight.N + n] === 0).toBe(pruned.has(k));
      }
      const report = outcome.tensors.find((t) => t.name === weight.name)!;
      expect(report.sparsity).toBe((perOutput * weight.N) / values.length);
      expectedTotal += perOutput * weight.N;
      count += values.length;
    }
    expect(outcome.tensors.map((t) => t.name)).not.toContain('lm_head.weight');
    expect(outcome.sparsity).toEqual({ target: 0.37, achieved: expectedTotal / count, prunedWeights: expectedTotal, totalWeights: count });
  });

  it('per tensor prunes floor(s * K * N) of each weight; global prunes floor(s * total) under one threshold', async () => {
    const model = tinyLlama();
    const perTensor = contextOf(model.bytes);
    await applyPruneStep(perTensor, step({ sparsity: 0.55, scope: 'per-tensor' }), 0, null);
    const global = contextOf(model.bytes);
    const outcome = await applyPruneStep(global, step({ sparsity: 0.3, scope: 'global' }), 0, null);
    const tensorBytes = written(perTensor);
    const globalBytes = written(global);
    let maxPruned = 0;
    let minKept = Infinity;
    let total = 0;
    let pruned = 0;
    for (const report of outcome.tensors) {
      const original = readBack(model.bytes, report.name).values;
      expect(zeros(readBack(tensorBytes, report.name).values)).toBe(floorRule(0.55, original.length));
      const values = readBack(globalBytes, report.name).values;
      values.forEach((v, i) => (v === 0 ? (maxPruned = Math.max(maxPruned, Math.abs(original[i]!))) : (minKept = Math.min(minKept, Math.abs(original[i]!)))));
      total += values.length;
      pruned += zeros(values);
    }
    expect(pruned).toBe(floorRule(0.3, total));
    expect(maxPruned).toBeLessThanOrEqual(minKept);
    expect(outcome.sparsity!.prunedWeights).toBe(pruned);
  });

  it('follows include/exclude patterns; include replaces the default that keeps the LM head dense', async () => {
    const model = tinyLlama();
    const head = contextOf(model.bytes);
    const onlyHead = await applyPruneStep(head, step({ select: { include: ['lm_head'] } }), 0, null);
    expect(onlyHead.tensors.map((t) => t.name)).toEqual(['lm_head.weight']);
    const noMlp = await applyPruneStep(contextOf(model.bytes), step({ select: { exclude: ['mlp'] } }), 0, null);
    expect(noMlp.tensors.length).toBe(8); // q, k, v, o in two layers
    expect(noMlp.tensors.every((t) => !t.name.includes('mlp'))).toBe(true);
  });

  it('the pruned model runs in onnxruntime and its logits move', async () => {
    const model = tinyLlama();
    const context = contextOf(model.bytes);
    await applyPruneStep(context, step({ sparsity: 0.5 }), 0, null);
    const tokens = tokenSequence(12, model.config.vocab_size);
    const before = await logitsOf(model.bytes, model.config, tokens);
    const after = await logitsOf(written(context), model.config, tokens);
    expect(after.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(before, after)).toBeGreaterThan(1e-3);
  });

  it('rejects a sparsity outside 0..0.95, Wanda without calibration, and stops when cancelled', async () => {
    const model = tinyLlama();
    await expect(applyPruneStep(contextOf(model.bytes), step({ sparsity: 0.96 }), 0, null)).rejects.toThrow(InvalidArgumentError);
    await expect(applyPruneStep(contextOf(model.bytes), step({ method: 'wanda' }), 0, null)).rejects.toThrow(CalibrationMissingError);
    const controller = new AbortController();
    controller.abort();
    const cancelled = new CompressContext(decodeModel(model.bytes), { signal: controller.signal });
    await expect(applyPruneStep(cancelled, step({}), 0, null)).rejects.toThrow(CancelledError);
  });
});

describe('N:M', () => {
  it('2:4 on float16 weights in external data: every 4 inputs of an output keep 2, in float16, values untouched', async () => {
    const model = tinyLlama();
    const decoded = decodeModel(model.bytes);
    const graph = decoded.graph!;
    graph.initializer = graph.initializer!.map((t) => ((t.dims ?? []).length === 2 ? createTensor(t.name!, 'float16', (t.dims ?? []).map(Number), float32ArrayToFloat16(readBack(model.bytes, t.name!).values)) : t));
    const stored = writeModelWithExternalData(decoded, { sizeThreshold: 0 });
    const external = externalDataFromFiles(stored.files);
    const context = contextOf(stored.model, external);
    const progress: string[] = [];
    const withProgress = new CompressContext(context.model, { externalData: external, onProgress: (p) => progress.push(p.tensor) });
    const outcome = await applyPruneStep(withProgress, step({ pattern: '2:4' }), 1, null);
    expect(progress.length).toBe(outcome.tensors.length);
    const bytes = written(withProgress);
    for (const weight of withProgress.weights.filter((w) => w.name !== 'lm_head.weight')) {
      const original = readBack(stored.model, weight.name, external).values;
      const { values, dataType } = readBack(bytes, weight.name, external);
      expect(dataType).toBe(10); // FLOAT16
      for (let n = 0; n < weight.N; n++) {
        for (let k0 = 0; k0 < weight.K; k0 += 4) {
          const group = [0, 1, 2, 3].map((i) => (k0 + i) * weight.N + n);
          expect(group.filter((i) => values[i] === 0).length).toBeGreaterThanOrEqual(2);
          for (const i of group) if (values[i] !== 0) expect(values[i]).toBe(original[i]);
        }
      }
    }
    expect(outcome.sparsity).toMatchObject({ target: 0.5, achieved: 0.5 });
    expect(outcome.tensors.every((t) => t.bitsPerWeight === 16 && t.step === 1)).toBe(true);
  });

  it('4:8 keeps 4 of every 8 and reports 50%', async () => {
    const context = contextOf(tinyLlama().bytes);
    const outcome = await applyPruneStep(context, step({ pattern: '4:8' }), 0, null);
    const bytes = written(context);
    const weight = context.weights.find((w) => w.name.endsWith('down_proj.weight'))!;
    const { values } = readBack(bytes, weight.name);
    for (let n = 0; n < weight.N; n++) {
      for (let k0 = 0; k0 < weight.K; k0 += 8) {
        expect(Array.from({ length: 8 }, (_, i) => values[(k0 + i) * weight.N + n]).filter((v) => v === 0).length).toBe(4);
      }
    }
    expect(outcome.sparsity!.achieved).toBe(0.5);
  });
});
