// Generation through the ONNX engine in Node: greedy decoding is deterministic and equals a KV-cache
// greedy loop written without transformers.js (src/core/models/llama-runner.ts over onnxruntime);
// seeded sampling repeats; EOS, fixed length, streaming, per-token log-probs and cancellation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import type { GeneratedToken, GenerateOptions } from '../../../../../src/core/engines/types.ts';
import { EngineError } from '../../../../../src/core/engines/errors.ts';
import { InvalidArgumentError } from '../../../../../src/core/errors.ts';
import { greedyGenerate } from '../../../../../src/core/models/llama-runner.ts';
import { createSession } from '../../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, ReferenceModel, TOKENIZER, TempPack, engineOver, logProb, modelFiles, onnxBytes } from './fixture.ts';

const PROMPT = 'Call me Ishmael. Some years';
const GREEDY: GenerateOptions = { maxNewTokens: 12, sampling: { kind: 'greedy' }, ignoreEos: true };

describe('OnnxEngine.generate in Node', () => {
  let pack: TempPack;
  let engine: OnnxEngine;

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
    engine = engineOver(pack);
    await engine.load({ model: { source: 'demo-pack', modelId: 'teacher', dtype: 'fp32' }, device: 'wasm' });
  });
  afterAll(async () => {
    await engine.unload();
    await pack.remove();
  });

  it('decodes greedily, the same twice, and the same as a hand-written KV-cache loop', async () => {
    const first = await engine.generate(PROMPT, GREEDY);
    const second = await engine.generate(PROMPT, GREEDY);
    expect(second.tokenIds).toEqual(first.tokenIds);
    const prompt = new BpeTokenizer(TOKENIZER).encode(PROMPT);
    const { session } = await createSession(onnxBytes(7), 'wasm');
    const expected = await greedyGenerate(session, { ...CONFIG, eos_token_id: -1 }, prompt, GREEDY.maxNewTokens);
    await session.release();
    expect(first.tokenIds).toEqual(expected);
    expect(first.tokenCount).toBe(12);
    expect(first.promptTokenCount).toBe(prompt.length);
    expect(first.finishReason).toBe('length');
    expect(first.text).toBe(new BpeTokenizer(TOKENIZER).decode(expected));
    for (const figure of [first.timeToFirstTokenMs, first.prefillTokensPerS, first.decodeTokensPerS, first.totalMs]) expect(figure).toBeGreaterThan(0);
  });

  it('streams every token with its id, index and text piece', async () => {
    const tokens: GeneratedToken[] = [];
    const report = await engine.generate(PROMPT, GREEDY, (token) => tokens.push(token));
    expect(tokens.map((t) => t.index)).toEqual([...Array(12).keys()]);
    expect(tokens.map((t) => t.id)).toEqual(report.tokenIds);
    // Pieces are held back while they end in part of a UTF-8 character; what arrives is exact.
    const streamed = tokens.map((t) => t.text).join('');
    expect(report.text.startsWith(streamed)).toBe(true);
    expect(report.text.slice(streamed.length)).toMatch(/^\uFFFD*$/);
  });

  it('reports each token log-prob and top-n alternatives as teacher-forced scoring gives them', async () => {
    const report = await engine.generate(PROMPT, { ...GREEDY, maxNewTokens: 6, topLogProbs: 5 });
    const dist = report.tokenLogProbs!;
    expect(dist.rows).toBe(6);
    expect(dist.k).toBe(5);
    expect(Array.from(dist.targetIds)).toEqual(report.tokenIds);
    const prompt = new BpeTokenizer(TOKENIZER).encode(PROMPT);
    const reference = await ReferenceModel.open(onnxBytes(7));
    const ids = [...prompt, ...report.tokenIds!];
    const logits = await reference.logits(ids);
    await reference.release();
    for (let i = 0; i < 6; i++) {
      const row = logits.subarray((prompt.length - 1 + i) * CONFIG.vocab_size, (prompt.length + i) * CONFIG.vocab_size);
      expect(Math.abs(dist.targetLogProbs[i]! - logProb(row, ids[prompt.length + i]!))).toBeLessThan(1e-4);
      // Greedy: the chosen token is the row's most likely one.
      expect(dist.ids[i * 5]).toBe(report.tokenIds![i]);
    }
  });

  it('samples reproducibly with a seed, and differently with another seed', async () => {
    const sample = (seed: number) => engine.generate(PROMPT, { maxNewTokens: 16, ignoreEos: true, sampling: { kind: 'sample', temperature: 1.5, topP: 0.95, seed } });
    const [a, b, c] = [await sample(11), await sample(11), await sample(12)];
    expect(b.tokenIds).toEqual(a.tokenIds);
    expect(c.tokenIds).not.toEqual(a.tokenIds);
  });

  it('stops at EOS unless told to ignore it', async () => {
    // A copy of the model whose EOS is the token greedy decoding picks first.
    const firstToken = (await engine.generate(PROMPT, { ...GREEDY, maxNewTokens: 1 })).tokenIds![0]!;
    const files = modelFiles(7, { ...CONFIG, eos_token_id: firstToken });
    await pack.add('eos-first', files);
    const eosEngine = engineOver(pack);
    await eosEngine.load({ model: { source: 'demo-pack', modelId: 'eos-first', dtype: 'fp32' }, device: 'wasm' });
    const stopped = await eosEngine.generate(PROMPT, { ...GREEDY, ignoreEos: false });
    const fixed = await eosEngine.generate(PROMPT, GREEDY);
    await eosEngine.unload();
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.tokenIds).toEqual([firstToken]);
    expect(fixed.finishReason).toBe('length');
    expect(fixed.tokenCount).toBe(12);
  });

  it('ends with finishReason cancelled, keeping the tokens made so far', async () => {
    const controller = new AbortController();
    const report = await engine.generate(PROMPT, { ...GREEDY, signal: controller.signal }, (token) => {
      if (token.index === 2) controller.abort();
    });
    expect(report.finishReason).toBe('cancelled');
    expect(report.tokenCount).toBe(3);
    const before = await engine.generate(PROMPT, { ...GREEDY, signal: AbortSignal.abort() });
    expect(before).toMatchObject({ finishReason: 'cancelled', tokenCount: 0 });
  });

  it('refuses chat messages without a chat template, and a prompt that fills the context', async () => {
    await expect(engine.generate([{ role: 'user', content: 'Hello' }], GREEDY)).rejects.toBeInstanceOf(EngineError);
    await expect(engine.generate('whale '.repeat(200), GREEDY)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
