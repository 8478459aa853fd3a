// The self-test's agreement figures against hand-computed values.
import { expect, test } from 'vitest';
import { compareLogits, lastRowTop, selfTestTokenIds } from '../../../../src/core/runtime/self-test.ts';

test('identical logits agree exactly', () => {
  const a = new Float32Array([1, 2, 3, 0, 5, 1]);
  expect(compareLogits(a, a.slice(), 3)).toEqual({ maxAbsDiff: 0, maxRelativeDiff: 0, maxProbabilityDiff: 0, sameArgmax: true });
});

test('a constant shift of a row changes logits but not probabilities', () => {
  const a = new Float32Array([1, 2, 3, 0.5, 0.25, 4]);
  const b = a.map((v, i) => (i < 3 ? v + 0.5 : v));
  const agreement = compareLogits(a, b, 3);
  expect(agreement.maxAbsDiff).toBeCloseTo(0.5, 6);
  expect(agreement.maxRelativeDiff).toBeCloseTo(0.5 / 4, 6);
  expect(agreement.maxProbabilityDiff).toBeLessThan(1e-7);
});

test('a probability difference computed by hand', () => {
  // Row [0, 0] -> p = [0.5, 0.5]; row [0, ln 3] -> p = [0.25, 0.75]: max |dp| = 0.25; argmax 0 (first of a tie) vs 1.
  const agreement = compareLogits(new Float32Array([0, 0]), new Float32Array([0, Math.log(3)]), 2);
  expect(agreement.maxProbabilityDiff).toBeCloseTo(0.25, 6);
  expect(agreement.sameArgmax).toBe(false);
});

test('NaN in either run never reads as agreement', () => {
  const agreement = compareLogits(new Float32Array([0, 1]), new Float32Array([Number.NaN, 1]), 2);
  expect(agreement.maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
  expect(agreement.maxProbabilityDiff).toBe(Number.POSITIVE_INFINITY);
});

test('top tokens of the last row, and tokens spread over the vocabulary', () => {
  expect(lastRowTop(new Float32Array([9, 9, 9, 1, 7, 3]), 3, 2)).toEqual([{ id: 1, logit: 7 }, { id: 2, logit: 3 }]);
  const ids = selfTestTokenIds(1024);
  expect(ids).toHaveLength(16);
  expect(new Set(ids).size).toBe(16);
  expect(Math.max(...ids)).toBeLessThan(1024);
});
