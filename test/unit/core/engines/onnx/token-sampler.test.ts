// The seeded token draw and the warpers that run before it, against definitions written out here:
// the draw follows softmax frequencies, top-k keeps the k largest, the repetition penalty divides
// positive and multiplies negative logits of seen tokens.
import { describe, expect, it } from 'vitest';
import { applyRepetitionPenalty, applyTopK } from '../../../../../src/core/engines/onnx/decode-hooks.ts';
import { TokenSampler } from '../../../../../src/core/engines/onnx/token-sampler.ts';

describe('TokenSampler', () => {
  it('draws with softmax frequencies, never a masked token, the same sequence for the same seed', () => {
    const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Number.NEGATIVE_INFINITY, Math.log(0.2)]);
    const sampler = new TokenSampler(42);
    const counts = [0, 0, 0, 0];
    const draws: number[] = [];
    for (let i = 0; i < 20000; i++) draws.push(sampler.draw(logits));
    for (const d of draws) counts[d]!++;
    expect(counts[2]).toBe(0);
    expect(counts[0]! / 20000).toBeCloseTo(0.5, 1);
    expect(counts[1]! / 20000).toBeCloseTo(0.3, 1);
    expect(counts[3]! / 20000).toBeCloseTo(0.2, 1);
    const again = new TokenSampler(42);
    expect(draws.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => again.draw(logits)));
  });

  it('masks the row to the drawn token so that its argmax is that token', () => {
    const row = Float32Array.from([1, 2, 3]);
    new TokenSampler(1).drawInto(row);
    expect(row.filter((v) => v !== Number.NEGATIVE_INFINITY)).toHaveLength(1);
  });
});

describe('warpers', () => {
  it('top-k keeps the k largest logits', () => {
    const row = Float32Array.from([0.1, 3, -2, 2, 5]);
    applyTopK(row, 2);
    expect(Array.from(row)).toEqual([-Infinity, 3, -Infinity, -Infinity, 5]);
    const all = Float32Array.from([1, 2]);
    applyTopK(all, 0);
    expect(Array.from(all)).toEqual([1, 2]);
  });

  it('the repetition penalty divides positive and multiplies negative logits of seen tokens, once each', () => {
    const row = Float32Array.from([2, -2, 4, 1]);
    applyRepetitionPenalty(row, [0, 1, 1, 1], 2);
    expect(Array.from(row)).toEqual([1, -4, 4, 1]);
  });
});
