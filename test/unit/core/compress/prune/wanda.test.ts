// Wanda at graph level, on a model whose MLP inputs carry outlier channels (a few RMSNorm weights
// scaled up 25x, as in real LLMs): calibration sees the outliers, Wanda keeps the weights that
// multiply them where magnitude pruning would cut half of them, and the kept set equals the rule
// recomputed in float64 from the calibration norms.
import { describe, expect, it } from 'vitest';
import { collectCalibration } from '../../../../../src/core/compress/calibration/index.ts';
import { applyPruneStep } from '../../../../../src/core/compress/prune/index.ts';
import type { PruneStep } from '../../../../../src/core/compress/types.ts';
import { contextOf, readBack, tinyLlama, TINY, tokenSequence, written } from './fixtures.ts';

const OUTLIERS = [3, 17];
const wanda: PruneStep = { kind: 'prune', method: 'wanda', sparsity: 0.5, pattern: 'unstructured' };
const magnitude: PruneStep = { ...wanda, method: 'magnitude' };

describe('Wanda vs magnitude', () => {
  it('keeps the weights of outlier input channels that magnitude pruning removes', async () => {
    const model = tinyLlama(TINY, 7, (weights) => {
      for (let layer = 0; layer < TINY.num_hidden_layers; layer++) {
        const norm = weights[`model.layers.${layer}.post_attention_layernorm.weight`]!;
        for (const c of OUTLIERS) norm[c] = norm[c]! * 25;
      }
    });
    const calibration = await collectCalibration(model.bytes, undefined, [tokenSequence(24, 64, 2), tokenSequence(24, 64, 11)]);
    const byWanda = contextOf(model.bytes);
    await applyPruneStep(byWanda, wanda, 0, calibration);
    const byMagnitude = contextOf(model.bytes);
    await applyPruneStep(byMagnitude, magnitude, 0, calibration);
    const name = 'model.layers.0.mlp.gate_proj.weight';
    const weight = byWanda.weights.find((w) => w.name === name)!;
    const norms = calibration.activations.get(weight.input)!.l2Norm();
    expect(Math.min(...OUTLIERS.map((c) => norms[c]!))).toBeGreaterThan(5 * Math.max(...norms.filter((_, c) => !OUTLIERS.includes(c))));

    const original = readBack(model.bytes, name).values;
    const w = readBack(written(byWanda), name).values;
    const m = readBack(written(byMagnitude), name).values;
    const keptInRow = (values: Float32Array, k: number) => Array.from({ length: weight.N }, (_, n) => values[k * weight.N + n]).filter((v) => v !== 0).length;
    for (const k of OUTLIERS) {
      expect(keptInRow(w, k)).toBe(weight.N); // every weight on an outlier channel survives Wanda
      expect(keptInRow(m, k)).toBeLessThan(weight.N * 0.8);
    }
    // The Wanda mask, recomputed: per output n, prune the K/2 smallest |W_kn| * ||X_k||_2 (float64).
    for (let n = 0; n < weight.N; n++) {
      const order = Array.from({ length: weight.K }, (_, k) => ({ k, s: Math.abs(original[k * weight.N + n]!) * norms[k]! })).sort((a, b) => a.s - b.s || a.k - b.k);
      const pruned = new Set(order.slice(0, weight.K / 2).map((o) => o.k));
      for (let k = 0; k < weight.K; k++) expect(w[k * weight.N + n] === 0).toBe(pruned.has(k));
    }
    expect(Array.from(w).some((v, i) => (v === 0) !== (m[i] === 0))).toBe(true);
  });

  it('2:4 with Wanda scores reaches 50% and keeps more of an outlier channel than magnitude 2:4', async () => {
    const model = tinyLlama(TINY, 9, (weights) => {
      for (let layer = 0; layer < TINY.num_hidden_layers; layer++) weights[`model.layers.${layer}.post_attention_layernorm.weight`]![OUTLIERS[0]!]! *= 25;
    });
    const calibration = await collectCalibration(model.bytes, undefined, [tokenSequence(24, 64, 4)]);
    const context = contextOf(model.bytes);
    const outcome = await applyPruneStep(context, { ...wanda, pattern: '2:4' }, 0, calibration);
    expect(outcome.sparsity!.achieved).toBe(0.5);
    const name = 'model.layers.1.mlp.up_proj.weight';
    const byMagnitude = contextOf(model.bytes);
    await applyPruneStep(byMagnitude, { ...magnitude, pattern: '2:4' }, 0, null);
    const N = TINY.intermediate_size;
    const keptOnOutlier = (values: Float32Array) => Array.from({ length: N }, (_, n) => values[OUTLIERS[0]! * N + n]).filter((v) => v !== 0).length;
    const keptWanda = keptOnOutlier(readBack(written(context), name).values);
    const keptMagnitude = keptOnOutlier(readBack(written(byMagnitude), name).values);
    expect(keptWanda).toBeGreaterThanOrEqual(0.85 * N);
    expect(keptWanda).toBeGreaterThan(keptMagnitude);
  });
});
