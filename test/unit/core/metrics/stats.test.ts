import { describe, expect, it } from 'vitest';
import { meanAndStdErr, median, percentile, proportionStdErr } from '../../../../src/core/metrics/stats.ts';
import { summarizeLatency } from '../../../../src/core/metrics/latency.ts';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';

describe('percentiles (linear interpolation, as llama.cpp and numpy default)', () => {
  it('matches hand-computed values on known arrays', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    // p = 0.9 * 3 = 2.7 -> 3 + 0.7 * (4 - 3)
    expect(percentile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    // 1..100: p = 0.99 * 99 = 98.01 -> 99 + 0.01 * 1
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 0.99)).toBeCloseTo(99.01, 10);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile([7], 0.3)).toBe(7);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });

  it('computes the standard error of the mean and of a proportion as llama.cpp does', () => {
    // values 1, 2, 3, 4: mean 2.5, E[x^2] - mean^2 = 7.5 - 6.25 = 1.25, stderr = sqrt(1.25 / 3)
    const { mean, stdErr } = meanAndStdErr([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(stdErr).toBeCloseTo(Math.sqrt(1.25 / 3), 14);
    expect(meanAndStdErr([3]).stdErr).toBe(0);
    expect(proportionStdErr(0.9, 101)).toBeCloseTo(Math.sqrt((0.9 * 0.1) / 100), 14);
  });
});

describe('summarizeLatency', () => {
  it('discards the warm-up run and reports median and p90', () => {
    const summary = summarizeLatency([900, 50, 10, 40, 20, 30]);
    expect(summary).toEqual({ samples: 5, discarded: 1, median: 30, p90: 46, mean: 30, min: 10, max: 50 });
  });

  it('rejects too few runs and non-finite samples with actionable errors', () => {
    expect(() => summarizeLatency([12])).toThrow(InvalidArgumentError);
    expect(() => summarizeLatency([12])).toThrow(/Increase the number of repeats/);
    expect(() => summarizeLatency([1, 2, Number.NaN])).toThrow(/sample 2 is NaN/);
    expect(summarizeLatency([5, 7], { warmup: 0 }).median).toBe(6);
  });
});
