// Sampling settings: greedy by default and at temperature 0; the flat options win over the older
// `sampling` union; every bad value is refused with a message naming it.
import { describe, expect, it } from 'vitest';
import { describeSampling, resolveSampling, resolveStops } from '../../../../src/core/engines/generation-options.ts';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';

describe('resolveSampling', () => {
  it('is greedy by default and at temperature 0 whatever else is set', () => {
    expect(resolveSampling({}).greedy).toBe(true);
    expect(resolveSampling({ temperature: 0, topK: 5, seed: 3 }).greedy).toBe(true);
    expect(resolveSampling({ sampling: { kind: 'greedy' } }).greedy).toBe(true);
  });

  it('reads the flat options, then the older union', () => {
    expect(resolveSampling({ temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1.1, seed: 7 }))
      .toEqual({ greedy: false, temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1.1, seed: 7 });
    expect(resolveSampling({ sampling: { kind: 'sample', temperature: 1.5, topP: 0.95, seed: 11 }, seed: 12 }))
      .toMatchObject({ greedy: false, temperature: 1.5, topP: 0.95, seed: 12 });
  });

  it('refuses values outside their ranges', () => {
    for (const bad of [{ temperature: -1 }, { topK: 1.5 }, { topP: 0 }, { topP: 1.2 }, { repetitionPenalty: 0 }, { seed: -1 }, { seed: 2 ** 32 }, { seed: 0.5 }]) {
      expect(() => resolveSampling({ temperature: 1, ...bad })).toThrow(InvalidArgumentError);
    }
    expect(() => resolveStops({ maxNewTokens: 1, stop: [''] })).toThrow(/non-empty/);
  });

  it('describes the settings for tables', () => {
    expect(describeSampling(resolveSampling({}))).toBe('greedy');
    expect(describeSampling(resolveSampling({ temperature: 0.7, topK: 20, seed: 4 }))).toBe('temperature 0.7, top-k 20, seed 4');
  });
});
