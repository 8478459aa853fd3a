// Generation options through the ONNX engine in Node, checked against onnxruntime run directly:
// temperature 0 is greedy; the first sampled token is the draw a mulberry32 generator with the same
// seed makes from softmax(z / T) of the reference logits; same seed -> same text, another seed ->
// other text; top-k 1 is greedy; the repetition penalty changes the argmax as the formula says;
// a stop sequence ends the text before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import type { GeneratedToken, GenerateOptions } from '../../../../../src/core/engines/types.ts';
import { SeededRandom } from '../../../../../src/core/models/seeded-random.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, ReferenceModel, TOKENIZER, TempPack, engineOver, logSoftmax, modelFiles, onnxBytes } from './fixture.ts';

const PROMPT = 'Call me Ishmael. Some years';
const BASE: GenerateOptions = { maxNewTokens: 16, ignoreEos: true };

function lastRow(logits: Float32Array, n: number): Float32Array {
  return logits.subarray((n - 1) * CONFIG.vocab_size, n * CONFIG.vocab_size);
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

describe('OnnxEngine generation options', () => {
  let pack: TempPack;
  let engine: OnnxEngine;
  let reference: ReferenceModel;
  const prompt = new BpeTokenizer(TOKENIZER).encode(PROMPT);

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
    engine = engineOver(pack);
    await engine.load({ model: { source: 'demo-pack', modelId: 'teacher', dtype: 'fp32' }, device: 'wasm' });
    reference = await ReferenceModel.open(onnxBytes(7));
  });
  afterAll(async () => {
    await engine.unload();
    await reference.release();
    await pack.remove();
  });

  it('temperature 0 (with any seed, top-k, top-p) and top-k 1 are greedy', async () => {
    const greedy = await engine.generate(PROMPT, BASE);
    expect((await engine.generate(PROMPT, { ...BASE, temperature: 0, topP: 0.5, seed: 9 })).tokenIds).toEqual(greedy.tokenIds);
    expect((await engine.generate(PROMPT, { ...BASE, temperature: 1.3, topK: 1, seed: 9 })).tokenIds).toEqual(greedy.tokenIds);
  });

  it('draws the first token as a seeded mulberry32 draw from softmax(z / T) of the reference logits', async () => {
    const T = 1.7;
    const row = lastRow(await reference.logits(prompt), prompt.length);
    const logProbs = logSoftmax(Float32Array.from(row, (z) => z / T));
    for (const seed of [1, 2, 3, 4, 5]) {
      let u = new SeededRandom(seed).next();
      let expected = -1;
      for (let i = 0; i < logProbs.length && expected < 0; i++) {
        u -= Math.exp(logProbs[i]!);
        if (u < 0) expected = i;
      }
      const report = await engine.generate(PROMPT, { maxNewTokens: 1, ignoreEos: true, temperature: T, seed });
      expect(report.tokenIds).toEqual([expected]);
    }
  });

  it('same seed gives the same text, another seed another text', async () => {
    const sample = (seed: number) => engine.generate(PROMPT, { ...BASE, temperature: 1.2, topK: 50, topP: 0.95, seed });
    const [a, b, c] = [await sample(21), await sample(21), await sample(22)];
    expect(b.text).toBe(a.text);
    expect(c.text).not.toBe(a.text);
  });

  it('applies the repetition penalty before the argmax', async () => {
    const penalty = 3;
    const row = Float32Array.from(lastRow(await reference.logits(prompt), prompt.length));
    for (const id of new Set(prompt)) row[id] = row[id]! > 0 ? row[id]! / penalty : row[id]! * penalty;
    const report = await engine.generate(PROMPT, { maxNewTokens: 1, ignoreEos: true, repetitionPenalty: penalty });
    expect(report.tokenIds).toEqual([argmax(row)]);
  });

  it('ends at a stop sequence, returning the text before it, with finishReason stop', async () => {
    const greedy = await engine.generate(PROMPT, BASE);
    const stop = greedy.text.slice(5, 8);
    expect(stop.length).toBe(3);
    const cut = greedy.text.slice(0, greedy.text.indexOf(stop));
    const streamed: GeneratedToken[] = [];
    const report = await engine.generate(PROMPT, { ...BASE, stop: ['never appears', stop] }, (t) => streamed.push(t));
    expect(report.text).toBe(cut);
    expect(report.finishReason).toBe('stop');
    expect(report.tokenCount).toBeLessThan(16);
    expect(streamed.map((t) => t.text).join('')).toBe(cut);
    expect(report.tokenTexts!.join('')).toBe(cut);
    expect(report.tokenIds).toEqual(greedy.tokenIds!.slice(0, report.tokenCount));
  });
});
