import { describe, expect, it } from 'vitest';
import { createTopKDistribution, readRow, scoreRowInto, topKLogProbs } from '../../../../src/core/metrics/top-k.ts';
import { logSoftmax, logSumExp, nllAt } from '../../../../src/core/metrics/log-softmax.ts';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';
import { randomLogits, seededRandom, softmax64, sortedIds } from './reference.ts';

describe('topKLogProbs', () => {
  it('agrees with a float64 full softmax and sort of the whole vocabulary', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 5; trial++) {
      const logits = randomLogits(3000, random, 2 + trial);
      const p = softmax64(logits);
      const order = sortedIds(p);
      const top = topKLogProbs(logits, 64);
      expect(Array.from(top.ids)).toEqual(order.slice(0, 64));
      for (let j = 0; j < 64; j++) expect(top.logProbs[j]).toBeCloseTo(Math.log(p[order[j]!]!), 12);
      const rest = order.slice(64).reduce((sum, id) => sum + p[id]!, 0);
      expect(top.restMass).toBeCloseTo(rest, 14);
      expect(Math.abs(top.restMass - rest) / rest).toBeLessThan(1e-12);
    }
  });

  it('keeps a tiny tail precise instead of computing 1 - sum(top-k)', () => {
    const logits = new Float32Array(100).fill(-40);
    logits[3] = 0;
    logits[5] = -1;
    const top = topKLogProbs(logits, 2);
    const p = softmax64(logits);
    const rest = p.reduce((sum, v, i) => (i === 3 || i === 5 ? sum : sum + v), 0);
    expect(rest).toBeLessThan(1e-15);
    expect(Math.abs(top.restMass - rest) / rest).toBeLessThan(1e-12);
  });

  it('breaks ties by lower id and has zero rest mass when k >= vocabulary', () => {
    const top = topKLogProbs(new Float32Array([1, 2, 2, 0]), 10);
    expect(Array.from(top.ids)).toEqual([1, 2, 0, 3]);
    expect(top.restMass).toBe(0);
    expect(top.logProbs[0]).toBeCloseTo(top.logProbs[1]!, 15);
  });

  it('handles -Infinity (masked) logits and rejects NaN with a clear error', () => {
    const top = topKLogProbs(new Float32Array([0, -Infinity, 0]), 2);
    expect(Array.from(top.ids)).toEqual([0, 2]);
    expect(top.logProbs[0]).toBeCloseTo(Math.log(0.5), 15);
    expect(top.restMass).toBe(0);
    expect(() => topKLogProbs(new Float32Array([0, Number.NaN]), 1)).toThrow(InvalidArgumentError);
    expect(() => topKLogProbs(new Float32Array([0, 1]), 0)).toThrow(/positive integer/);
  });

  it('stores rows with the exact target log-prob even outside the top-k', () => {
    const logits = new Float32Array([3, 2, 1, 0]);
    const dist = createTopKDistribution(1, 2, 4);
    scoreRowInto(dist, 0, logits, 3);
    const p = softmax64(logits);
    expect(dist.targetLogProbs[0]).toBeCloseTo(Math.log(p[3]!), 6);
    const row = readRow(dist, 0);
    expect(Array.from(row.ids)).toEqual([0, 1]);
    expect(row.restMass).toBeCloseTo(p[2]! + p[3]!, 14);
  });
});

describe('log-softmax', () => {
  it('is stable for large logits and matches the definition nll = logsumexp(z) - z_t', () => {
    const logits = new Float32Array([1000, 999, 998]);
    const expected = 1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
    expect(logSumExp(logits)).toBeCloseTo(expected, 10);
    expect(nllAt(logits, 2)).toBeCloseTo(expected - 998, 10);
    const ls = logSoftmax(logits);
    expect(Math.exp(ls[0]!) + Math.exp(ls[1]!) + Math.exp(ls[2]!)).toBeCloseTo(1, 14);
    expect(() => nllAt(logits, 3)).toThrow(/outside the vocabulary/);
  });
});
