// Histogram binning against hand-computed cases: edges, the closed last bin, values outside the
// range and non-finite values left out, two series over one shared range, and evenly spaced samples.
import { describe, expect, it } from 'vitest';
import { binCenters, binEdges, binValues, finiteRange, histogramPair, sampleIndices, shares } from '../../../../src/core/compress-ui/histogram.ts';

describe('histogram binning', () => {
  it('bins a hand-computed case: [a, b) bins, the last one closed', () => {
    const edges = binEdges({ min: 0, max: 1 }, 4);
    expect([...edges]).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const h = binValues([0, 0.1, 0.25, 0.5, 0.75, 1, Number.NaN, Number.POSITIVE_INFINITY, 1.5, -0.01], edges);
    // 0, 0.1 -> bin 0; 0.25 -> bin 1; 0.5 -> bin 2; 0.75 and 1 (right edge) -> bin 3
    expect([...h.counts]).toEqual([2, 1, 1, 2]);
    expect(h).toMatchObject({ total: 6, nonFinite: 2, outside: 2 });
    expect(shares(h)).toEqual([2 / 6, 1 / 6, 1 / 6, 2 / 6]);
    expect(binCenters(edges)).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it('puts before and after on one shared range so bins line up', () => {
    const pair = histogramPair([-1, 0, 1], [0, 0, 2], 3)!;
    expect([...pair.edges]).toEqual([-1, 0, 1, 2]);
    expect([...pair.before.counts]).toEqual([1, 1, 1]);
    expect([...pair.after!.counts]).toEqual([0, 2, 1]);
    expect(histogramPair([Number.NaN], null, 3)).toBeNull();
    expect(histogramPair([2, 4], null, 2)!.before.counts).toEqual(Uint32Array.of(1, 1));
  });

  it('widens a one-value range (an all-zero tensor) instead of dividing by zero', () => {
    expect([...binEdges({ min: 0, max: 0 }, 2)]).toEqual([-0.5, 0, 0.5]);
    expect([...binValues([0, 0, 0], binEdges({ min: 0, max: 0 }, 2)).counts]).toEqual([0, 3]);
    expect(() => binEdges({ min: 0, max: 1 }, 0)).toThrow(/bins >= 1/);
  });

  it('finds the finite range over several arrays', () => {
    expect(finiteRange([1, Number.NaN, -2], Float32Array.of(5, Number.NEGATIVE_INFINITY))).toEqual({ min: -2, max: 5 });
    expect(finiteRange([Number.NaN])).toBeNull();
  });

  it('samples evenly spaced indices, all of them when the tensor is small', () => {
    expect([...sampleIndices(10, 4)]).toEqual([0, 2, 5, 7]);
    expect([...sampleIndices(3, 10)]).toEqual([0, 1, 2]);
    expect(sampleIndices(0, 10).length).toBe(0);
    const many = sampleIndices(1_000_003, 8192);
    expect(many.length).toBe(8192);
    expect(many.every((value, i) => i === 0 || value > many[i - 1]!)).toBe(true);
    expect(many[8191]).toBeLessThan(1_000_003);
  });
});
