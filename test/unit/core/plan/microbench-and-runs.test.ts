// The microbenchmarks' arithmetic under a fake clock (bytes moved / best round time, 2 n^3 FLOPs),
// and how stored runs map to weight formats for the predicted-vs-measured table.
import { describe, expect, it } from 'vitest';
import { formatOfRecipeSummary, measureCopyBandwidth, measureMatmul } from '../../../../src/core/plan/index.ts';

/** A clock that advances `step` ms per reading: every timed round lasts exactly `step`. */
function fakeClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('microbenchmarks', () => {
  it('copy bandwidth counts the read and the write of the buffer per best round', () => {
    const result = measureCopyBandwidth(fakeClock(2), 1 << 20, 50);
    expect(result.bytes).toBe(1 << 20);
    expect(result.bytesPerS).toBeCloseTo((2 * (1 << 20)) / 0.002, 3);
    expect(result.rounds).toBeGreaterThan(1);
  });

  it('matmul throughput is 2 n^3 FLOPs per round', () => {
    const result = measureMatmul(fakeClock(4), 32, 20);
    expect(result.flopsPerS).toBeCloseTo((2 * 32 ** 3) / 0.004, 3);
  });

  it('real clock: a copy is faster than 100 MB/s and the matmul does real work (under 2 s each)', () => {
    const start = performance.now();
    expect(measureCopyBandwidth(() => performance.now(), 1 << 20, 100).bytesPerS).toBeGreaterThan(1e8);
    expect(measureMatmul(() => performance.now(), 64, 100).flopsPerS).toBeGreaterThan(1e6);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('formats of stored runs', () => {
  it.each([
    ['wanda 50% -> q4 b32', 'q4'],
    ['magnitude 2:4 → int8', 'int8'],
    ['q8 block 32', 'q8'],
    ['prune neurons 30%', null],
  ])('%s', (summary, format) => {
    expect(formatOfRecipeSummary(summary)).toBe(format);
  });
});
