import { describe, expect, it } from 'vitest';
import { compareGreedyGeneration, greedyAgreement } from '../../../../src/core/metrics/generation-comparison.ts';
import { createTopKDistribution, writeRow } from '../../../../src/core/metrics/top-k.ts';

describe('greedy agreement', () => {
  it('counts the matching prefix and overall positional agreement', () => {
    expect(greedyAgreement([1, 2, 3, 4], [1, 2, 9, 4])).toEqual({
      baselineTokens: 4, variantTokens: 4, matchingPrefix: 2, firstDivergence: 2, prefixAgreement: 0.5, overallAgreement: 0.75,
    });
    expect(greedyAgreement([1, 2], [1, 2]).firstDivergence).toBeNull();
    // The variant stopped early: divergence where it ended; overall over the longer output.
    expect(greedyAgreement([1, 2, 3, 4], [1, 2])).toMatchObject({ firstDivergence: 2, overallAgreement: 0.5 });
    expect(() => greedyAgreement([], [1])).toThrow(/generated no tokens/);
  });
});

describe('compareGreedyGeneration', () => {
  // V = 4, k = 2 per row. Baseline greedy output [0, 1, 2]; variant output [0, 3, 2] with top-2 rows.
  function rows(entries: Array<[number[], number[], number, number]>) {
    const dist = createTopKDistribution(entries.length, 2, 4);
    entries.forEach(([ids, probs, target, targetProb], r) =>
      writeRow(dist, r, { ids, logProbs: probs.map(Math.log), restMass: 1 - probs[0]! - probs[1]! }, target, Math.log(targetProb)));
    return dist;
  }

  it('compares only positions with a shared context and labels everything approximate', () => {
    const baseline = rows([[[0, 1], [0.7, 0.2], 0, 0.7], [[1, 3], [0.5, 0.4], 1, 0.5], [[2, 0], [0.9, 0.05], 2, 0.9]]);
    const variant = rows([[[0, 1], [0.7, 0.2], 0, 0.7], [[3, 1], [0.5, 0.4], 3, 0.5], [[2, 1], [0.6, 0.3], 2, 0.6]]);
    const result = compareGreedyGeneration(baseline, [0, 3, 2], variant);
    expect(result.agreement).toMatchObject({ matchingPrefix: 1, firstDivergence: 1 });
    // Rows 0 (identical) and 1 (same context, first divergence); row 2 has different contexts.
    expect(result.comparison?.positions).toBe(2);
    expect(result.comparison?.sameTop1.fraction).toBe(0.5);
    // Row 1: p = {1: .5, 3: .4, rest .1}, q = {3: .5, 1: .4, rest .1}; row 0 contributes 0.
    const row1 = 0.5 * Math.log(0.5 / 0.4) + 0.4 * Math.log(0.4 / 0.5);
    expect(result.comparison?.kld.mean).toBeCloseTo(row1 / 2, 6);
    // delta-p of the baseline token: row 0: 0; row 1: q(1) - p(1) = 0.4 - 0.5
    expect(result.comparison?.deltaP.mean).toBeCloseTo(-0.05, 6);
    expect(result.comparison?.quality).toMatchObject({ exact: false, method: 'greedy-generation' });
    expect(result.quality.exact).toBe(false);
    expect(result.selfPerplexity?.value).toBeCloseTo(Math.exp(-(Math.log(0.7) + Math.log(0.5) + Math.log(0.6)) / 3), 5);
  });

  it('still reports agreement when the engine gives no log-probs', () => {
    const baseline = rows([[[0, 1], [0.7, 0.2], 0, 0.7]]);
    const result = compareGreedyGeneration(baseline, [0]);
    expect(result.agreement.prefixAgreement).toBe(1);
    expect(result.comparison).toBeNull();
  });
});
