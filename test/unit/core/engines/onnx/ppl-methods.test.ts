// The two perplexity methods against references computed by hand from onnxruntime's logits (the
// model run directly, not through the engine): llama.cpp's chunks (n_ctx tokens, BOS replacing each
// chunk's first token when the model has one, rows n_ctx/2 .. n_ctx-2 scored) and the full-vocabulary
// KLD of the engine against a float64 KL over every token of the vocabulary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import { scoreTokens } from '../../../../../src/core/engines/onnx/scoring.ts';
import { perplexityFromDistribution } from '../../../../../src/core/metrics/perplexity.ts';
import { planScoring } from '../../../../../src/core/metrics/scoring-plan.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, ReferenceModel, TEXT, TOKENIZER, TempPack, engineOver, logProb, logSoftmax, modelFiles, onnxBytes } from './fixture.ts';

const N_CTX = 24;
const V = CONFIG.vocab_size;

/** llama.cpp perplexity, written out: chunk c feeds ids[c n_ctx, (c+1) n_ctx) with BOS first. */
async function llamaCppPerplexity(model: ReferenceModel, ids: readonly number[], bos: number | null): Promise<{ ppl: number; scored: number }> {
  let nll = 0;
  let scored = 0;
  for (let c = 0; (c + 1) * N_CTX <= ids.length; c++) {
    const chunk = ids.slice(c * N_CTX, (c + 1) * N_CTX);
    if (bos !== null) chunk[0] = bos;
    const logits = await model.logits(chunk);
    for (let j = N_CTX / 2; j < N_CTX - 1; j++) {
      nll -= logProb(logits.subarray(j * V, (j + 1) * V), ids[c * N_CTX + j + 1]!);
      scored++;
    }
  }
  return { ppl: Math.exp(nll / scored), scored };
}

describe('perplexity methods and full-vocabulary KLD', () => {
  let pack: TempPack;
  let engine: OnnxEngine;
  let teacher: ReferenceModel;
  const ids = new BpeTokenizer(TOKENIZER).encode(TEXT);

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
    await pack.add('other', modelFiles(8));
    engine = engineOver(pack);
    await engine.load({ model: { source: 'demo-pack', modelId: 'teacher', dtype: 'fp32' }, device: 'wasm' });
    teacher = await ReferenceModel.open(onnxBytes(7));
  });
  afterAll(async () => {
    await engine.unload();
    await teacher.release();
    await pack.remove();
  });

  it('plans llama.cpp chunks: no overlap, partial chunk dropped, second halves only', () => {
    const plan = planScoring(60, 24, { method: 'llama.cpp', bos: 0 });
    expect(plan.passes).toEqual([
      { start: 0, end: 24, bos: 0, fromRow: 12, toRow: 23 },
      { start: 24, end: 48, bos: 0, fromRow: 12, toRow: 23 },
    ]);
    expect(Array.from(plan.positions)).toEqual([...Array.from({ length: 11 }, (_, i) => 13 + i), ...Array.from({ length: 11 }, (_, i) => 37 + i)]);
    expect(() => planScoring(20, 24, { method: 'llama.cpp' })).toThrow(/at least one full chunk of 24 tokens/);
  });

  it('llama.cpp method with a BOS: the hand-computed perplexity', async () => {
    const bos = 0; // <s> in the fixture's tokenizer
    const result = await scoreTokens(Int32Array.from(ids), V, (input) => teacher.logits(input), { context: N_CTX, method: 'llama.cpp', bos });
    const expected = await llamaCppPerplexity(teacher, ids, bos);
    expect(result.distribution.rows).toBe(expected.scored);
    expect(Math.abs(perplexityFromDistribution(result.distribution).value / expected.ppl - 1)).toBeLessThan(1e-6);
    // BOS changes the figure: the replacement really happens.
    const without = await llamaCppPerplexity(teacher, ids, null);
    expect(Math.abs(without.ppl / expected.ppl - 1)).toBeGreaterThan(1e-4);
  });

  it('llama.cpp method through the engine (this tokenizer adds no BOS): the hand-computed perplexity', async () => {
    const result = await engine.score(TEXT, { context: N_CTX, method: 'llama.cpp' });
    const expected = await llamaCppPerplexity(teacher, ids, null);
    expect(result.method).toBe('llama.cpp');
    expect(Math.abs(perplexityFromDistribution(result.distribution).value / expected.ppl - 1)).toBeLessThan(1e-5);
    expect(Array.from(result.distribution.targetIds)).toEqual(Array.from(result.positions, (p) => ids[p]!));
  });

  it('full-vocabulary KLD from the stored uint16 table within 0.1% of a float64 KL over every token', async () => {
    const baseline = await engine.score(TEXT, { context: N_CTX, method: 'llama.cpp', keepFull: true });
    const other = engineOver(pack);
    await other.load({ model: { source: 'demo-pack', modelId: 'other', dtype: 'fp32' }, device: 'wasm' });
    const result = await other.score(TEXT, { context: N_CTX, method: 'llama.cpp', baseline: baseline.distribution, baselineFull: baseline.full! });
    const bound = await other.score(TEXT, { context: N_CTX, method: 'llama.cpp', topK: 8, baseline: (await engine.score(TEXT, { context: N_CTX, method: 'llama.cpp', topK: 8 })).distribution });
    await other.unload();
    const student = await ReferenceModel.open(onnxBytes(8));
    let kl = 0;
    let rows = 0;
    for (let c = 0; (c + 1) * N_CTX <= ids.length; c++) {
      const chunk = ids.slice(c * N_CTX, (c + 1) * N_CTX);
      const [lp, lq] = [await teacher.logits(chunk), await student.logits(chunk)];
      for (let j = N_CTX / 2; j < N_CTX - 1; j++, rows++) {
        const [p, q] = [logSoftmax(lp.subarray(j * V, (j + 1) * V)), logSoftmax(lq.subarray(j * V, (j + 1) * V))];
        for (let i = 0; i < V; i++) kl += Math.exp(p[i]!) * (p[i]! - q[i]!);
      }
    }
    await student.release();
    const comparison = result.comparison!;
    expect(comparison).toMatchObject({ kldMethod: 'full', kldTopK: null, positions: rows });
    expect(Math.abs(comparison.kld.mean / (kl / rows) - 1)).toBeLessThan(1e-3);
    expect(comparison.kld.p999).toBeGreaterThanOrEqual(comparison.kld.p99);
    // The top-8 bound is labelled as such and stays below the full figure.
    expect(bound.comparison).toMatchObject({ kldMethod: 'topK', kldTopK: 8 });
    expect(bound.comparison!.kld.mean).toBeLessThan(comparison.kld.mean);
  });
});
