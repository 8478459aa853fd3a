// The Compress page tells users that the demo teacher has no outlier activation channels (which is
// why Wanda and AWQ gain little on it). This keeps that sentence true: over training text, the
// largest input-channel L2 norm of every MatMul input stays within a few times the median channel,
// where billion-parameter LLMs show channels tens of times larger.
import { describe, expect, it } from 'vitest';
import { calibrationBatches, collectCalibration, loadTokenizer } from '../../../../src/core/compress/calibration/index.ts';
import { PRUNE_METHOD_EXPLANATIONS } from '../../../../src/core/compress-ui/explanations.ts';
import { loadTeacher, teacherAvailable } from './teacher.ts';

describe.runIf(teacherAvailable())('demo teacher activations', () => {
  it('have no outlier channels: the largest channel norm is 1.3-7.5x the median at every MatMul input', async () => {
    const teacher = await loadTeacher();
    const batches = calibrationBatches(loadTokenizer(teacher.tokenizerJson), teacher.calibrationText);
    const calibration = await collectCalibration(teacher.bytes, undefined, batches);
    const ratios = [...calibration.activations.values()].map((stats) => {
      const norms = Array.from(stats.l2Norm()).sort((a, b) => a - b);
      return norms.at(-1)! / norms[Math.floor(norms.length / 2)]!;
    });
    expect(ratios.length).toBe(17); // q/k/v, o, gate/up and down inputs of 4 layers, and the LM head's
    expect(Math.min(...ratios)).toBeGreaterThan(1);
    expect(Math.max(...ratios)).toBeLessThan(7.5);
    expect(PRUNE_METHOD_EXPLANATIONS.wanda.cost).toMatch(/1\.3-7x the median/);
  }, 60_000);
});
