import { describe, expect, it } from 'vitest';
import { klFromLogits, klFromTopK, logProbFromTopK } from '../../../../src/core/metrics/kl-divergence.ts';
import { topKLogProbs } from '../../../../src/core/metrics/top-k.ts';
import { fullKl, randomLogits, seededRandom, softmax64 } from './reference.ts';

const row = (ids: number[], probs: number[], restMass: number) => ({ ids, logProbs: probs.map(Math.log), restMass });

describe('KL divergence against a top-k baseline', () => {
  it('is 0 for identical distributions', () => {
    const logits = randomLogits(500, seededRandom(1));
    const base = topKLogProbs(logits, 64);
    expect(Math.abs(klFromLogits(base, logits).kld)).toBeLessThan(1e-12);
    expect(Math.abs(klFromTopK(base, base, 500).kld)).toBeLessThan(1e-12);
  });

  it('matches a hand-computed two-token example', () => {
    // p = [0.5, 0.5], q = [0.9, 0.1]: 0.5 ln(0.5 / 0.9) + 0.5 ln(0.5 / 0.1) = 0.5108...
    const expected = 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1);
    const base = row([0, 1], [0.5, 0.5], 0);
    expect(klFromLogits(base, new Float32Array([Math.log(9), 0])).kld).toBeCloseTo(expected, 6);
    expect(klFromTopK(base, row([0, 1], [0.9, 0.1], 0), 2)).toEqual({ kld: expect.closeTo(expected, 12), approximatedIds: 0 });
  });

  it('equals the exact full-distribution KL when k = V, on both paths', () => {
    const random = seededRandom(2);
    for (let trial = 0; trial < 4; trial++) {
      const vocab = 200;
      const baseLogits = randomLogits(vocab, random);
      const variantLogits = baseLogits.map((z) => z + 0.4 * (random() - 0.5));
      const exact = fullKl(softmax64(baseLogits), softmax64(variantLogits));
      const base = topKLogProbs(baseLogits, vocab);
      expect(base.restMass).toBe(0);
      expect(klFromLogits(base, variantLogits).kld).toBeCloseTo(exact, 12);
      const variant = topKLogProbs(variantLogits, vocab);
      expect(klFromTopK(base, variant, vocab).kld).toBeCloseTo(exact, 12);
    }
  });

  it('with k < V, groups the tail: equals KL over {top-k ids, rest} and never exceeds the full KL', () => {
    const random = seededRandom(3);
    const vocab = 1000;
    const baseLogits = randomLogits(vocab, random);
    const variantLogits = baseLogits.map((z) => z + (random() - 0.5));
    const p = softmax64(baseLogits);
    const q = softmax64(variantLogits);
    const base = topKLogProbs(baseLogits, 16);
    const inTop = new Set(base.ids);
    let grouped = 0;
    let pRest = 0;
    let qRest = 0;
    for (let i = 0; i < vocab; i++) {
      if (inTop.has(i)) grouped += p[i]! * Math.log(p[i]! / q[i]!);
      else {
        pRest += p[i]!;
        qRest += q[i]!;
      }
    }
    grouped += pRest * Math.log(pRest / qRest);
    const kld = klFromLogits(base, variantLogits).kld;
    expect(kld).toBeCloseTo(grouped, 10);
    expect(kld).toBeLessThanOrEqual(fullKl(p, q) + 1e-12);
  });

  it('spreads the variant remainder uniformly over ids it did not list, and flags it', () => {
    // V = 4. Baseline: id 0 -> 0.5, id 2 -> 0.3, rest 0.2 (ids 1, 3).
    // Variant lists id 0 -> 0.6, id 1 -> 0.3, rest 0.1 over ids 2, 3 -> 0.05 each.
    // q_rest (outside baseline ids {0, 2}) = q1 + q3 = 0.3 + 0.05.
    const base = row([0, 2], [0.5, 0.3], 0.2);
    const variant = row([0, 1], [0.6, 0.3], 0.1);
    const expected = 0.5 * Math.log(0.5 / 0.6) + 0.3 * Math.log(0.3 / 0.05) + 0.2 * Math.log(0.2 / 0.35);
    const result = klFromTopK(base, variant, 4);
    expect(result.kld).toBeCloseTo(expected, 12);
    expect(result.approximatedIds).toBe(1);
    expect(logProbFromTopK(variant, 3, 4)).toEqual({ logProb: expect.closeTo(Math.log(0.05), 12), approximated: true });
    expect(logProbFromTopK(variant, 1, 4)).toEqual({ logProb: expect.closeTo(Math.log(0.3), 12), approximated: false });
  });

  it('stays finite when the variant gives a baseline token zero probability', () => {
    const base = row([0, 1], [0.5, 0.5], 0);
    const kld = klFromLogits(base, new Float32Array([0, -Infinity])).kld;
    expect(Number.isFinite(kld)).toBe(true);
    expect(kld).toBeGreaterThan(300);
  });
});
