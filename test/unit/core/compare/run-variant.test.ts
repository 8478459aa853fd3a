// runVariant with the real ONNX engine in Node (onnxruntime-web wasm) over two tiny models: the
// baseline's figures and the variant's comparison are checked against onnxruntime run directly
// and softmax/KL computed here in float64 — a second computation, not the code under test.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runVariant, type BaselineState } from '../../../../src/core/compare/run-variant.ts';
import type { ComparePlan } from '../../../../src/core/compare/plan.ts';
import type { VariantSpec } from '../../../../src/core/engines/types.ts';
import type { DeviceDescription } from '../../../../src/core/results/run-result.ts';
import { TEXT, TempPack, ReferenceModel, engineOver, logSoftmax, modelFiles, onnxBytes } from '../engines/onnx/fixture.ts';
import { OnnxEngine } from '../../../../src/core/engines/onnx/engine.ts';

const device: DeviceDescription = { adapter: null, features: [], userAgent: 'Node.js/v20', hardwareConcurrency: 2, deviceMemoryGb: null };
const spec = (modelId: string): VariantSpec => ({ model: { source: 'demo-pack', modelId, dtype: 'fp32' }, device: 'wasm' });
const REFERENCE = TEXT.slice(0, 160);
const plan: ComparePlan = { prompt: 'Call me', maxNewTokens: 6, repeats: 2, referenceText: REFERENCE, context: 96, topK: 16 };

let pack: TempPack;
let engine: OnnxEngine;
beforeAll(async () => {
  pack = await TempPack.create();
  await pack.add('teacher', modelFiles(7));
  await pack.add('student', modelFiles(8));
  engine = engineOver(pack);
});
afterAll(async () => {
  await engine.unload();
  await pack.remove();
});

describe('runVariant', () => {
  let baseline: BaselineState;

  test('the baseline run has load, latency over the timed repeats, output tokens and an exact perplexity', async () => {
    const phases: string[] = [];
    const outcome = await runVariant(engine, spec('teacher'), plan, { device, baseline: null, onPhase: (p) => phases.push(p) });
    const run = outcome.run;
    expect(run.error).toBeNull();
    expect(phases).toEqual(['load', 'warm-up', 'generate', 'generate', 'score', 'done']);
    expect(run.load?.executionProvider).toBe('wasm');
    expect(run.latency?.decodeTokensPerS.samples).toBe(2);
    expect(run.generation?.tokenCount).toBe(6);
    expect(run.generation?.tokenTexts?.join('')).toBe(run.outputText);
    expect(run.perplexity?.quality.exact).toBe(true);

    // Independent: one onnxruntime forward over the same tokens, NLL in float64.
    const ids = Array.from(outcome.reference ? (await engine.score(REFERENCE, { context: 96 })).tokenIds : []);
    const reference = await ReferenceModel.open(onnxBytes(7));
    const logits = await reference.logits(ids);
    const vocab = logits.length / ids.length;
    let nll = 0;
    for (let i = 0; i + 1 < ids.length; i++) nll -= logSoftmax(logits.subarray(i * vocab, (i + 1) * vocab))[ids[i + 1]!]!;
    await reference.release();
    expect(run.perplexity!.value).toBeCloseTo(Math.exp(nll / (ids.length - 1)), 3);
    baseline = { runId: run.id, tokenizerKey: run.load!.tokenizerKey, reference: outcome.reference, generation: outcome.generation };
  });

  test('the same model against itself: KL 0, same top-1 100 %, greedy tokens identical', async () => {
    const { run } = await runVariant(engine, spec('teacher'), plan, { device, baseline });
    expect(run.comparison?.kld.mean).toBeLessThan(1e-6);
    expect(run.comparison?.sameTop1.fraction).toBe(1);
    expect(run.comparison?.baselineRunId).toBe(baseline.runId);
    expect(run.greedyAgreement?.prefixAgreement).toBe(1);
  });

  test('another model: KL divergence equals a float64 computation from both models\' logits', async () => {
    const { run } = await runVariant(engine, spec('student'), plan, { device, baseline });
    const ids = Array.from((await engine.score(REFERENCE, { context: 96 })).tokenIds);
    const [teacher, student] = await Promise.all([ReferenceModel.open(onnxBytes(7)), ReferenceModel.open(onnxBytes(8))]);
    const [p, q] = [await teacher.logits(ids), await student.logits(ids)];
    await Promise.all([teacher.release(), student.release()]);
    const vocab = p.length / ids.length;
    // The baseline is stored as its top-16 plus one remainder bucket: group the tail the same way.
    let total = 0;
    for (let i = 0; i + 1 < ids.length; i++) {
      const lp = logSoftmax(p.subarray(i * vocab, (i + 1) * vocab));
      const lq = logSoftmax(q.subarray(i * vocab, (i + 1) * vocab));
      const top = [...lp.keys()].sort((a, b) => lp[b]! - lp[a]! || a - b).slice(0, 16);
      let kl = 0;
      let restP = 1;
      let restQ = 1;
      for (const id of top) {
        kl += Math.exp(lp[id]!) * (lp[id]! - lq[id]!);
        restP -= Math.exp(lp[id]!);
        restQ -= Math.exp(lq[id]!);
      }
      if (restP > 0) kl += restP * Math.log(restP / restQ);
      total += kl;
    }
    expect(run.comparison!.kld.mean).toBeGreaterThan(0.01);
    expect(run.comparison!.kld.mean).toBeCloseTo(total / (ids.length - 1), 4);
  });

  test('with the baseline\'s full distributions: KLD over the whole vocabulary, labelled full', async () => {
    const base = await runVariant(engine, spec('teacher'), plan, { device, baseline: null });
    expect(base.referenceFull?.rows).toBe(base.reference?.rows);
    const full: BaselineState = { ...baseline, reference: base.reference, referenceFull: base.referenceFull };
    const { run } = await runVariant(engine, spec('student'), plan, { device, baseline: full });
    const ids = Array.from((await engine.score(REFERENCE, { context: 96 })).tokenIds);
    const [teacher, student] = await Promise.all([ReferenceModel.open(onnxBytes(7)), ReferenceModel.open(onnxBytes(8))]);
    const [p, q] = [await teacher.logits(ids), await student.logits(ids)];
    await Promise.all([teacher.release(), student.release()]);
    const vocab = p.length / ids.length;
    let total = 0;
    for (let i = 0; i + 1 < ids.length; i++) {
      const [lp, lq] = [logSoftmax(p.subarray(i * vocab, (i + 1) * vocab)), logSoftmax(q.subarray(i * vocab, (i + 1) * vocab))];
      for (let v = 0; v < vocab; v++) total += Math.exp(lp[v]!) * (lp[v]! - lq[v]!);
    }
    expect(run.comparison).toMatchObject({ kldMethod: 'full', kldTopK: null });
    expect(Math.abs(run.comparison!.kld.mean / (total / (ids.length - 1)) - 1)).toBeLessThan(1e-3);
    expect(run.perplexity?.method).toBe('strided');
  });

  test('sampled outputs: same seed, same text across runs; metrics still from greedy decoding', async () => {
    const sampled = (seed: number): ComparePlan => ({ ...plan, maxNewTokens: 12, sampling: { temperature: 1.5, topK: 0, topP: 1, repetitionPenalty: 1, seed } });
    const [a, b, c] = [
      await runVariant(engine, spec('teacher'), sampled(5), { device, baseline }),
      await runVariant(engine, spec('teacher'), sampled(5), { device, baseline }),
      await runVariant(engine, spec('teacher'), sampled(6), { device, baseline }),
    ];
    expect(a.run.generation?.sampling).toBe('temperature 1.5, seed 5');
    expect(b.run.outputText).toBe(a.run.outputText);
    expect(c.run.outputText).not.toBe(a.run.outputText);
    // Agreement compares greedy tokens (the same model: identical), not the sampled output.
    expect(a.run.greedyAgreement?.prefixAgreement).toBe(1);
  });

  test('a cancelled run ends with a cancelled error, keeping what was measured', async () => {
    const controller = new AbortController();
    const outcome = await runVariant(engine, spec('teacher'), plan, {
      device, baseline: null, signal: controller.signal,
      onPhase: (phase) => { if (phase === 'generate') controller.abort(); },
    });
    expect(outcome.run.error?.code).toBe('cancelled');
    expect(outcome.run.load).not.toBeNull();
    expect(outcome.run.perplexity).toBeNull();
  });
});
