// web-llm rows get quality figures: runVariant over the real MlcEngine (web-llm's worker client and
// handler in-process, only the GPU pipeline faked) compares a variant's greedy tokens, as texts, with
// the baseline's: greedy agreement, and over the shared-context positions a KLD from the top-2
// log-probs labelled as a bound (kldMethod topK, K = 2). Expected figures are computed here by hand.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runVariant } from '../../../../../src/core/compare/run-variant.ts';
import type { ComparePlan } from '../../../../../src/core/compare/plan.ts';
import type { VariantSpec } from '../../../../../src/core/engines/types.ts';
import type { DeviceDescription } from '../../../../../src/core/results/run-result.ts';
import type { FakeStep } from '../../../core/engines/mlc/fake-pipeline.ts';
import { engineWith, fakeGpuGenerate, fakeGpuLoad, resetWorkers } from './fake-engine.ts';

const device: DeviceDescription = { adapter: null, features: [], userAgent: 'Node.js/v20', hardwareConcurrency: 2, deviceMemoryGb: null };
const spec: VariantSpec = { model: { source: 'mlc-prebuilt', modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC' }, device: 'webgpu' };
const plan: ComparePlan = { prompt: 'Why is the sky blue?', maxNewTokens: 4, repeats: 1, referenceText: 'unused: web-llm cannot score forced text', context: 64, topK: 2 };

/** Steps whose top-2 alternatives are [token, second] with the given probabilities. */
function steps(rows: Array<[string, number, string, number]>): FakeStep[] {
  let message = '';
  return rows.map(([token, p, second, q]) => ({ message: (message += token), token, logprob: Math.log(p), top: [[token, Math.log(p)], [second, Math.log(q)]] }));
}

const BASE = steps([['The', 0.7, 'A', 0.2], [' sky', 0.6, ' air', 0.3], [' is', 0.5, ' was', 0.4], [' blue', 0.9, ' grey', 0.05]]);
const VARIANT = steps([['The', 0.5, 'A', 0.4], [' sky', 0.8, ' air', 0.1], [' was', 0.45, ' is', 0.35], [' grey', 0.6, ' blue', 0.3]]);

/** KL of one row, both rows listing the same two tokens, plus one remainder bucket. */
function rowKl(p: [number, number], q: [number, number]): number {
  const [pr, qr] = [1 - p[0] - p[1], 1 - q[0] - q[1]];
  return p[0] * Math.log(p[0] / q[0]) + p[1] * Math.log(p[1] / q[1]) + pr * Math.log(pr / qr);
}

beforeEach(() => {
  resetWorkers();
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173' });
});
afterEach(() => vi.unstubAllGlobals());

describe('web-llm quality figures', () => {
  it('greedy agreement and a top-2 KLD bound against the baseline\'s greedy output', async () => {
    const run = (fake: FakeStep[]) => runVariant(engineWith((worker) => { fakeGpuLoad(worker); fakeGpuGenerate(worker, fake); }), spec, plan, { device, baseline: null });
    const base = await run(BASE);
    expect(base.run.error).toBeNull();
    expect(base.generationTexts?.map((r) => r.token)).toEqual(['The', ' sky', ' is', ' blue']);
    const baseline = { runId: base.run.id, tokenizerKey: base.run.load!.tokenizerKey, reference: null, generation: null, generationTexts: base.generationTexts };
    const variant = await runVariant(engineWith((worker) => { fakeGpuLoad(worker); fakeGpuGenerate(worker, VARIANT); }), spec, plan, { device, baseline });
    expect(variant.run.error).toBeNull();
    expect(variant.run.greedyAgreement).toMatchObject({ matchingPrefix: 2, firstDivergence: 2, prefixAgreement: 0.5, overallAgreement: 0.5, baselineRunId: base.run.id });
    // Rows 0..2 share their context (the third is the first diverging token); ' is'/' was' swap places in row 2.
    const expected = (rowKl([0.7, 0.2], [0.5, 0.4]) + rowKl([0.6, 0.3], [0.8, 0.1]) + rowKl([0.5, 0.4], [0.35, 0.45])) / 3;
    const comparison = variant.run.comparison!;
    expect(comparison).toMatchObject({ positions: 3, kldMethod: 'topK', kldTopK: 2 });
    expect(comparison.kld.mean).toBeCloseTo(expected, 6);
    expect(comparison.sameTop1.fraction).toBeCloseTo(2 / 3, 12);
    expect(comparison.quality.exact).toBe(false);
  });
});
