import { describe, expect, it } from 'vitest';
import { ComparisonAccumulator, compareDistributions } from '../../../../src/core/metrics/baseline-comparison.ts';
import { createLogProbTable, writeLogProbRow } from '../../../../src/core/metrics/log-prob-table.ts';
import { createTopKDistribution, scoreRowInto } from '../../../../src/core/metrics/top-k.ts';
import { fullKl, randomLogits, seededRandom, softmax64 } from './reference.ts';

/** Baseline and variant logits for `rows` positions over `vocab`, targets drawn from the baseline. */
function fixture(rows: number, vocab: number, noise: number, seed: number) {
  const random = seededRandom(seed);
  const base: Float32Array[] = [];
  const variant: Float32Array[] = [];
  const targets: number[] = [];
  for (let r = 0; r < rows; r++) {
    const z = randomLogits(vocab, random);
    base.push(z);
    variant.push(z.map((v) => v + noise * (random() - 0.5)));
    targets.push(Math.floor(random() * vocab));
  }
  return { base, variant, targets };
}

function distribution(logits: Float32Array[], targets: number[], k: number) {
  const dist = createTopKDistribution(logits.length, k, logits[0]!.length);
  logits.forEach((z, r) => scoreRowInto(dist, r, z, targets[r]!));
  return dist;
}

describe('baseline comparison', () => {
  it('gives KL 0, 100% same top-1 and delta-p 0 for identical models', () => {
    const { base, targets } = fixture(30, 300, 0, 5);
    const dist = distribution(base, targets, 64);
    const accumulator = new ComparisonAccumulator(dist, 'forced-full-logits');
    base.forEach((z, r) => accumulator.addLogits(r, z));
    const result = accumulator.result();
    expect(result.kld.mean).toBeCloseTo(0, 7);
    expect(result.kld.max).toBeLessThan(1e-6);
    expect(result.sameTop1).toEqual({ fraction: 1, stdErr: 0 });
    expect(result.deltaP.rms).toBeLessThan(1e-6);
    // A top-64 baseline over 300 tokens only bounds the KLD, and says so.
    expect(result).toMatchObject({ kldMethod: 'topK', kldTopK: 64, quality: { exact: false, method: 'forced-full-logits' } });
    expect(result.quality.notes.join(' ')).toMatch(/lower bound .*top-64/);
    expect(compareDistributions(dist, dist).sameTop1.fraction).toBe(1);
    // With the full table it is exact over the whole vocabulary.
    const table = createLogProbTable(base.length, 300);
    base.forEach((z, r) => writeLogProbRow(table, r, z));
    const full = new ComparisonAccumulator(dist, 'forced-full-logits', table);
    base.forEach((z, r) => full.addLogits(r, z));
    const exact = full.result();
    expect(exact).toMatchObject({ kldMethod: 'full', kldTopK: null, quality: { exact: true, method: 'forced-full-logits', notes: [] } });
    expect(exact.kld.max).toBeLessThan(1e-6);
    expect(exact.sameTop1.fraction).toBe(1);
  });

  it('agrees with a float64 full-softmax reference (k = V), including percentiles and delta-p', () => {
    const vocab = 120;
    const { base, variant, targets } = fixture(101, vocab, 1.5, 6);
    const accumulator = new ComparisonAccumulator(distribution(base, targets, vocab), 'forced-full-logits');
    variant.forEach((z, r) => accumulator.addLogits(r, z));
    const result = accumulator.result();

    const kls = base.map((z, r) => fullKl(softmax64(z), softmax64(variant[r]!)));
    const mean = kls.reduce((a, b) => a + b, 0) / kls.length;
    const sorted = [...kls].sort((a, b) => a - b);
    const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));
    const same = base.filter((z, r) => argmax(softmax64(z)) === argmax(softmax64(variant[r]!))).length;
    const deltas = base.map((z, r) => softmax64(variant[r]!)[targets[r]!]! - softmax64(z)[targets[r]!]!);

    expect(result.positions).toBe(101);
    expect(result.kld.mean).toBeCloseTo(mean, 6);
    expect(result.kld.median).toBeCloseTo(sorted[50]!, 6);
    // 0.99 * 100 = 99 exactly -> the 100th smallest value
    expect(result.kld.p99).toBeCloseTo(sorted[99]!, 6);
    expect(result.kld.max).toBeCloseTo(sorted[100]!, 6);
    expect(result.sameTop1.fraction).toBeCloseTo(same / 101, 12);
    expect(result.deltaP.mean).toBeCloseTo(deltas.reduce((a, b) => a + b, 0) / 101, 6);
    expect(result.deltaP.rms).toBeCloseTo(Math.sqrt(deltas.reduce((a, b) => a + b * b, 0) / 101), 6);
    expect(result.kld.stdErr).toBeGreaterThan(0);

    // The same figures from stored top-k rows with k = V are exact too.
    const fromTopK = compareDistributions(distribution(base, targets, vocab), distribution(variant, targets, vocab));
    expect(fromTopK.kld.mean).toBeCloseTo(mean, 6);
    expect(fromTopK.quality.exact).toBe(true);
  });

  it('marks a top-k comparison approximate when baseline ids fall outside the variant top-k', () => {
    const { base, variant, targets } = fixture(20, 400, 4, 7);
    const result = compareDistributions(distribution(base, targets, 32), distribution(variant, targets, 8));
    expect(result.approximatedEntries).toBeGreaterThan(0);
    expect(result.quality.exact).toBe(false);
    expect(result.quality.notes.join(' ')).toMatch(/uniformly/);
    // With the variant's full list the top-k path needs no approximation and equals the logits path.
    const exact = new ComparisonAccumulator(distribution(base, targets, 32), 'forced-full-logits');
    variant.forEach((z, r) => exact.addLogits(r, z));
    const full = compareDistributions(distribution(base, targets, 32), distribution(variant, targets, 400));
    expect(full.approximatedEntries).toBe(0);
    expect(full.kldMethod).toBe('topK');
    expect(full.kld.mean).toBeCloseTo(exact.result().kld.mean, 6);
    expect(full.kld.mean).not.toBeCloseTo(result.kld.mean, 3);
  });

  it('refuses mismatched texts, vocabularies and double counting', () => {
    const { base, targets } = fixture(5, 50, 0, 8);
    const a = distribution(base, targets, 4);
    const b = distribution(base, targets.map((t, r) => (r === 3 ? (t + 1) % 50 : t)), 4);
    expect(() => compareDistributions(a, b)).toThrow(/position 4/);
    const accumulator = new ComparisonAccumulator(a, 'forced-full-logits');
    expect(() => accumulator.addLogits(0, new Float32Array(49))).toThrow(/different tokenizers/);
    accumulator.addLogits(0, base[0]!);
    expect(() => accumulator.addLogits(0, base[0]!)).toThrow(/already compared/);
    expect(() => new ComparisonAccumulator(a, 'forced-top-k').result()).toThrow(/No positions/);
  });
});
