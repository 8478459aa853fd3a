// Calibration text -> token batches with tokenizers.js on a tokenizer.json the project wrote: the
// ids equal our own BPE encoder's (an independent implementation), windows are cut as documented.
import { describe, expect, it } from 'vitest';
import { calibrationBatches, loadTokenizer, splitTokens } from '../../../../../src/core/compress/calibration/index.ts';
import { InvalidArgumentError } from '../../../../../src/core/errors.ts';
import { BpeTokenizer } from '../../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { trainBpe } from '../../../../../src/core/tokenizer/bpe-trainer.ts';
import { toTokenizerJson } from '../../../../../src/core/tokenizer/tokenizer-json.ts';

const CORPUS = ['Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse.', 'The whale, the whale! Thar she blows, and the sea was calm.'];

describe('calibration tokenization', () => {
  const model = trainBpe(CORPUS, { vocabSize: 300, specialTokens: ['<s>', '</s>', '<pad>'] });
  const text = CORPUS.join('\n').repeat(20);

  it('encodes with the model tokenizer.json exactly as the project encoder does', () => {
    const tokenizer = loadTokenizer(JSON.parse(JSON.stringify(toTokenizerJson(model))));
    expect(tokenizer.encode(text)).toEqual(new BpeTokenizer(model).encode(text));
  });

  it('cuts consecutive windows, caps the count, and drops a last window under a quarter length', () => {
    const ids = Array.from({ length: 270 }, (_, i) => i);
    expect(splitTokens(ids, { sequenceLength: 128 }).map((b) => b.length)).toEqual([128, 128]); // the last 14 < 128 / 4
    expect(splitTokens(ids, { sequenceLength: 10, maxBatches: 3 }).length).toBe(3);
  });

  it('keeps a last window of at least a quarter length', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    expect(splitTokens(ids, { sequenceLength: 100 }).map((b) => b.length)).toEqual([100, 100, 100]);
    expect(splitTokens(ids, { sequenceLength: 128, maxBatches: 1 })).toEqual([ids.slice(0, 128)]);
    const batches = calibrationBatches(loadTokenizer(toTokenizerJson(model)), text, { sequenceLength: 64 });
    expect(batches.flat()).toEqual(new BpeTokenizer(model).encode(text).slice(0, batches.flat().length));
  });

  it('refuses empty text and something that is not a tokenizer.json', () => {
    const tokenizer = loadTokenizer(toTokenizerJson(model));
    expect(() => calibrationBatches(tokenizer, '')).toThrow(InvalidArgumentError);
    expect(() => loadTokenizer({ vocab: {} })).toThrow(/not a tokenizer.json/);
  });
});
