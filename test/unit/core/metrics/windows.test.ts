import { describe, expect, it } from 'vitest';
import { planWindows, scoredRows } from '../../../../src/core/metrics/windows.ts';

describe('planWindows', () => {
  it('matches a hand-made plan: later windows score their second half', () => {
    expect(planWindows(10, 4, 2)).toEqual([
      { start: 0, end: 4, firstTarget: 1, endTarget: 4 },
      { start: 2, end: 6, firstTarget: 4, endTarget: 6 },
      { start: 4, end: 8, firstTarget: 6, endTarget: 8 },
      { start: 6, end: 10, firstTarget: 8, endTarget: 10 },
    ]);
    expect(scoredRows({ start: 2, end: 6, firstTarget: 4, endTarget: 6 })).toEqual({ from: 1, to: 3 });
  });

  it('shifts the last window back so it keeps full context', () => {
    const windows = planWindows(11, 4);
    expect(windows.at(-1)).toEqual({ start: 7, end: 11, firstTarget: 10, endTarget: 11 });
  });

  it('scores every token after the first exactly once, with at least context - stride of context', () => {
    for (let n = 0; n <= 40; n++) {
      for (let context = 2; context <= 9; context++) {
        for (let stride = 1; stride < context; stride++) {
          const scored = new Array<number>(n).fill(0);
          for (const w of planWindows(n, context, stride)) {
            expect(w.end - w.start).toBeLessThanOrEqual(context);
            expect(w.endTarget).toBe(w.end);
            for (let t = w.firstTarget; t < w.endTarget; t++) {
              scored[t]!++;
              if (w.start > 0) expect(t - w.start).toBeGreaterThanOrEqual(context - stride);
            }
          }
          expect(scored.slice(1).every((c) => c === 1)).toBe(true);
          if (n > 0) expect(scored[0]).toBe(0);
        }
      }
    }
  });

  it('rejects impossible parameters with the allowed range', () => {
    expect(() => planWindows(10, 4, 4)).toThrow(/from 1 to context - 1 \(3\)/);
    expect(() => planWindows(10, 1)).toThrow(/at least 2/);
    expect(() => planWindows(-1, 4)).toThrow(/non-negative/);
    expect(planWindows(1, 4)).toEqual([]);
  });
});
