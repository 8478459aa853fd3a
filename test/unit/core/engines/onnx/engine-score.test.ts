// Teacher-forced scoring through the ONNX engine in Node (transformers.js web build over
// onnxruntime-web wasm), checked against an independent computation: the same .onnx run directly
// with onnxruntime, windows laid out by hand, NLL in float64; tokens from our own BPE tokenizer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import { perplexityFromDistribution } from '../../../../../src/core/metrics/perplexity.ts';
import { CancelledError, InvalidArgumentError } from '../../../../../src/core/errors.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import type { EngineProgress } from '../../../../../src/core/engines/types.ts';
import { CONFIG, ReferenceModel, TEXT, TOKENIZER, TempPack, engineOver, logProb, logSoftmax, modelFiles, onnxBytes } from './fixture.ts';

const CONTEXT = 24;
const STRIDE = 10;

/** Targets 1..n-1 with the window each is scored in, by the rule in metrics/windows.ts, re-derived. */
function referenceWindows(n: number): Array<{ start: number; end: number; first: number }> {
  const windows = [{ start: 0, end: Math.min(CONTEXT, n), first: 1 }];
  while (windows.at(-1)!.end < n) {
    const end = Math.min(windows.at(-1)!.end + STRIDE, n);
    windows.push({ start: Math.max(0, end - CONTEXT), end, first: windows.at(-1)!.end });
  }
  return windows;
}

/** Per-target log-probs ([n-1], float64) of `ids` under the reference model. */
async function referenceLogProbs(model: ReferenceModel, ids: readonly number[]): Promise<Float64Array> {
  const out = new Float64Array(ids.length - 1);
  for (const w of referenceWindows(ids.length)) {
    const logits = await model.logits(ids.slice(w.start, w.end));
    for (let t = w.first; t < w.end; t++) {
      const j = t - 1 - w.start;
      out[t - 1] = logProb(logits.subarray(j * model.vocabSize, (j + 1) * model.vocabSize), ids[t]!);
    }
  }
  return out;
}

describe('OnnxEngine.score in Node', () => {
  let pack: TempPack;
  let engine: OnnxEngine;

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
    await pack.add('other', modelFiles(8));
    engine = engineOver(pack);
    await engine.load({ model: { source: 'demo-pack', modelId: 'teacher', dtype: 'fp32' }, device: 'wasm' });
  });
  afterAll(async () => {
    await engine.unload();
    await pack.remove();
  });

  it('gives the perplexity an independent float64 computation over onnxruntime gives', async () => {
    const progress: EngineProgress[] = [];
    const result = await engine.score(TEXT, { context: CONTEXT, stride: STRIDE }, (p) => progress.push(p));
    // The tokenizer's own BPE (src/core/tokenizer) agrees with transformers.js on the ids; no BOS added (add_bos_token false).
    expect(Array.from(result.tokenIds)).toEqual(new BpeTokenizer(TOKENIZER).encode(TEXT));
    expect(result.tokenIds.length).toBeGreaterThan(3 * CONTEXT);
    const reference = await ReferenceModel.open(onnxBytes(7));
    const expected = await referenceLogProbs(reference, Array.from(result.tokenIds));
    await reference.release();
    const dist = result.distribution;
    expect(dist.rows).toBe(result.tokenIds.length - 1);
    expect(Array.from(dist.targetIds)).toEqual(Array.from(result.tokenIds.subarray(1)));
    for (let r = 0; r < dist.rows; r++) expect(Math.abs(dist.targetLogProbs[r]! - expected[r]!)).toBeLessThan(1e-4);
    const expectedPpl = Math.exp(-expected.reduce((a, b) => a + b, 0) / expected.length);
    expect(Math.abs(perplexityFromDistribution(dist).value / expectedPpl - 1)).toBeLessThan(1e-5);
    expect(dist.k).toBe(64);
    expect(result.context).toBe(CONTEXT);
    expect(result.stride).toBe(STRIDE);
    expect(progress.every((p) => p.phase === 'score')).toBe(true);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it('compared with its own scores as baseline: KL 0 over the full vocabulary, same top-1 100%, delta-p 0', async () => {
    const baseline = await engine.score(TEXT, { context: CONTEXT, stride: STRIDE, keepFull: true });
    const result = await engine.score(TEXT, { context: CONTEXT, stride: STRIDE, baseline: baseline.distribution, baselineFull: baseline.full! });
    expect(result.comparison!.kldMethod).toBe('full');
    const comparison = result.comparison!;
    expect(comparison.positions).toBe(baseline.distribution.rows);
    expect(Math.abs(comparison.kld.mean)).toBeLessThan(1e-6);
    expect(Math.abs(comparison.kld.p99)).toBeLessThan(1e-6);
    expect(comparison.sameTop1.fraction).toBe(1);
    expect(comparison.deltaP.rms).toBeLessThan(1e-6);
    expect(comparison.quality.exact).toBe(true);
  });

  it('against another model: the KL divergence an independent full-softmax computation gives', async () => {
    // Baseline with k = V keeps its whole distribution, so the engine's KL is the textbook one.
    const baseline = await engine.score(TEXT, { context: CONTEXT, stride: STRIDE, topK: CONFIG.vocab_size });
    const other = engineOver(pack);
    await other.load({ model: { source: 'demo-pack', modelId: 'other', dtype: 'fp32' }, device: 'wasm' });
    const result = await other.score(TEXT, { context: CONTEXT, stride: STRIDE, baseline: baseline.distribution });
    await other.unload();
    const ids = Array.from(result.tokenIds);
    const [p, q] = await Promise.all([ReferenceModel.open(onnxBytes(7)), ReferenceModel.open(onnxBytes(8))]);
    let kl = 0;
    let sameTop1 = 0;
    for (const w of referenceWindows(ids.length)) {
      const [lp, lq] = [await p.logits(ids.slice(w.start, w.end)), await q.logits(ids.slice(w.start, w.end))];
      for (let t = w.first; t < w.end; t++) {
        const j = t - 1 - w.start;
        const rowP = lp.subarray(j * CONFIG.vocab_size, (j + 1) * CONFIG.vocab_size);
        const rowQ = lq.subarray(j * CONFIG.vocab_size, (j + 1) * CONFIG.vocab_size);
        const [logP, logQ] = [logSoftmax(rowP), logSoftmax(rowQ)];
        let argP = 0;
        let argQ = 0;
        for (let i = 0; i < CONFIG.vocab_size; i++) {
          kl += Math.exp(logP[i]!) * (logP[i]! - logQ[i]!);
          if (rowP[i]! > rowP[argP]!) argP = i;
          if (rowQ[i]! > rowQ[argQ]!) argQ = i;
        }
        if (argP === argQ) sameTop1++;
      }
    }
    await Promise.all([p.release(), q.release()]);
    const rows = ids.length - 1;
    expect(result.comparison!.kld.mean).toBeGreaterThan(0.01);
    expect(Math.abs(result.comparison!.kld.mean / (kl / rows) - 1)).toBeLessThan(1e-4);
    expect(result.comparison!.sameTop1.fraction).toBeCloseTo(sameTop1 / rows, 10);
  });

  it('refuses a context longer than the model, a one-token text and a baseline of another text', async () => {
    await expect(engine.score(TEXT, { context: CONFIG.max_position_embeddings + 1 })).rejects.toThrow(/longer than this model's 96/);
    await expect(engine.score('C', { context: CONTEXT })).rejects.toBeInstanceOf(InvalidArgumentError);
    const short = await engine.score(TEXT.slice(0, 60), { context: CONTEXT });
    await expect(engine.score(TEXT, { context: CONTEXT, baseline: short.distribution })).rejects.toThrow(/scored \d+ positions but this run scores/);
  });

  it('stops between windows when cancelled', async () => {
    const controller = new AbortController();
    const scoring = engine.score(TEXT, { context: CONTEXT, stride: STRIDE, signal: controller.signal }, (p) => {
      if (p.fraction !== undefined && p.fraction > 0) controller.abort();
    });
    await expect(scoring).rejects.toBeInstanceOf(CancelledError);
  });

  it('says nothing is loaded instead of failing obscurely', async () => {
    const idle = engineOver(pack);
    await expect(idle.score(TEXT, { context: CONTEXT })).rejects.toThrow(/No ONNX model is loaded/);
    await idle.unload();
  });
});
