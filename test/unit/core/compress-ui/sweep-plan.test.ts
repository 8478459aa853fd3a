// Sweep planning: strengths parsed from what a person types (percentages or block sizes), sorted and
// de-duplicated, refused with a message naming the bad value; each point a recipe the engine accepts;
// chart columns sorted by size with labels kept in step.
import { describe, expect, it } from 'vitest';
import { summarizeRecipe } from '../../../../src/core/compress/recipe.ts';
import { parseStrengths, planSweep, splitForCalibration, SWEEP_KINDS, sweepChartColumns, type SweepKind } from '../../../../src/core/compress-ui/sweep-plan.ts';

describe('sweep planning', () => {
  it('turns percentages into sorted, unique sparsity fractions', () => {
    expect(parseStrengths('magnitude', '90, 0 30;60 30%')).toEqual([0, 0.3, 0.6, 0.9]);
    expect(parseStrengths('neurons-l2', '12.5')).toEqual([0.125]);
  });

  it('accepts only the engine\'s block sizes for block sweeps', () => {
    expect(parseStrengths('q4-block', '128 16 32')).toEqual([16, 32, 128]);
    expect(() => parseStrengths('q4-block', '16, 24')).toThrow("Block sizes: '24' is not a block size; use 16, 32, 64, 128.");
  });

  it('refuses values out of range, empty input and too many points', () => {
    expect(() => parseStrengths('wanda', '50, 96')).toThrow("Sparsity levels (%): '96' is not a percentage from 0 to 95.");
    expect(() => parseStrengths('wanda', 'abc')).toThrow(/'abc' is not a percentage/);
    expect(() => parseStrengths('magnitude', ' ')).toThrow(/give at least one value, e.g. 0, 30, 60, 90/);
    expect(() => parseStrengths('magnitude', Array.from({ length: 13 }, (_, i) => i).join(','))).toThrow(/at most 12 points/);
  });

  it('plans one validated one-step recipe per point, labelled by strength', () => {
    const points = planSweep('wanda', SWEEP_KINDS.wanda.defaults);
    expect(points.map((p) => p.label)).toEqual(['0%', '30%', '60%', '90%']);
    expect(points.map((p) => summarizeRecipe(p.recipe))).toEqual(['wanda 0%', 'wanda 30%', 'wanda 60%', 'wanda 90%']);
    expect(planSweep('q4-block', '64').map((p) => [p.label, summarizeRecipe(p.recipe)])).toEqual([['b64', 'q4 b64']]);
    expect(planSweep('neurons-wanda', '25')[0]!.recipe.steps).toEqual([{ kind: 'prune-neurons', sparsity: 0.25, score: 'wanda' }]);
    for (const kind of Object.keys(SWEEP_KINDS) as SweepKind[]) expect(planSweep(kind, SWEEP_KINDS[kind].defaults).length).toBe(4);
  });

  it('marks which sweeps calibrate and which plot against the gzip size', () => {
    expect(Object.entries(SWEEP_KINDS).filter(([, k]) => k.calibrates).map(([name]) => name).sort()).toEqual(['neurons-wanda', 'wanda']);
    expect(Object.entries(SWEEP_KINDS).filter(([, k]) => k.gzipAxis).map(([name]) => name).sort()).toEqual(['magnitude', 'wanda']);
  });

  it('sorts chart columns by size and keeps labels aligned; points without a gzip size drop off that axis', () => {
    const points = [
      { label: 'b16', bytes: 3 * 2 ** 20, gzipBytes: 2 * 2 ** 20, perplexity: 10, kld: 0.01, sameTop1: 0.99 },
      { label: 'b128', bytes: 2 ** 20, gzipBytes: null, perplexity: 12, kld: 0.05, sameTop1: 0.9 },
    ];
    expect(sweepChartColumns(points, 'bytes')).toEqual({ x: [1, 3], kld: [0.05, 0.01], perplexity: [12, 10], labels: ['b128', 'b16'] });
    expect(sweepChartColumns(points, 'gzip')).toEqual({ x: [2], kld: [0.01], perplexity: [10], labels: ['b16'] });
  });

  it('splits the reference text at the whitespace nearest the middle, so Wanda is not scored on its calibration text', () => {
    expect(splitForCalibration('aaaa bbbbbbb cc dd')).toEqual({ calibration: 'aaaa bbbbbbb', scoring: 'cc dd' });
    expect(splitForCalibration('one two')).toEqual({ calibration: 'one', scoring: 'two' });
    const text = 'word '.repeat(1000);
    const { calibration, scoring } = splitForCalibration(text);
    expect(`${calibration} ${scoring}`).toBe(text.trim());
    expect(Math.abs(calibration.length - scoring.length)).toBeLessThan(10);
    expect(splitForCalibration('abcdef')).toEqual({ calibration: 'abc', scoring: 'def' });
  });
});
