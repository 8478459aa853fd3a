// The compact full-distribution store: every log-prob within one quantization step (clamped
// 32 nats below the row's top), rows that sum to 1 after reading, KL 0 against itself, and KL
// against another row within 1e-3 of the float64 one.
import { describe, expect, it } from 'vitest';
import { LOG_PROB_RANGE, createLogProbTable, klFromTable, logProbTableBytes, readLogProbRow, writeLogProbRow } from '../../../../src/core/metrics/log-prob-table.ts';
import { logSoftmax } from '../../../../src/core/metrics/log-softmax.ts';
import { fullKl, randomLogits, seededRandom, softmax64 } from './reference.ts';

describe('LogProbTable', () => {
  it('round-trips log-probs within one quantization step and renormalizes', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 5 }, () => randomLogits(500, random).map((z) => z * 4));
    const table = createLogProbTable(rows.length, 500);
    rows.forEach((z, r) => writeLogProbRow(table, r, z));
    expect(logProbTableBytes(table)).toBe(5 * 500 * 2 + 5 * 8);
    rows.forEach((z, r) => {
      const exact = logSoftmax(z);
      const top = Math.max(...exact);
      const read = readLogProbRow(table, r);
      let sum = 0;
      for (let i = 0; i < 500; i++) {
        sum += Math.exp(read[i]!);
        if (exact[i]! > top - LOG_PROB_RANGE) expect(Math.abs(read[i]! - exact[i]!)).toBeLessThan(table.scale[r]!); // half a step, plus the renormalization shift
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(klFromTable(table, r, z)).toBeLessThan(1e-7);
    });
  });

  it('gives the float64 KL against another distribution', () => {
    const random = seededRandom(4);
    const p = randomLogits(300, random);
    const q = p.map((z) => z + 2 * (random() - 0.5));
    const table = createLogProbTable(1, 300);
    writeLogProbRow(table, 0, p);
    const expected = fullKl(softmax64(p), softmax64(q));
    expect(Math.abs(klFromTable(table, 0, q) / expected - 1)).toBeLessThan(1e-3);
  });
});
