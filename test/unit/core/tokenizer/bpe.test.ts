// The BPE trainer and encoder on their own: determinism, the vocabulary invariant, byte-level
// round trips (including text and scripts never seen in training), special tokens and errors.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';
import { BYTE_TO_UNICODE, fromByteLevel, preTokenize, toByteLevel } from '../../../../src/core/tokenizer/byte-level.ts';
import { bpeModelFromMerges } from '../../../../src/core/tokenizer/bpe-model.ts';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { trainBpe } from '../../../../src/core/tokenizer/bpe-trainer.ts';
import { fromTokenizerJson, toTokenizerJson } from '../../../../src/core/tokenizer/tokenizer-json.ts';

const SPECIALS = ['<s>', '</s>', '<pad>'];
const CORPUS = [
  'the cat sat on the mat. the cat ate the rat.',
  'then the rat ran; the cat ran after the rat, and the mat was left behind.',
  "It's the whale's way: there they're, and we'll see what we'd do.",
];

describe('byte-level map', () => {
  it('is the GPT-2 table: printable bytes map to themselves, space to Ġ, newline to Ċ', () => {
    expect(BYTE_TO_UNICODE['A'.charCodeAt(0)]).toBe('A');
    expect(BYTE_TO_UNICODE[32]).toBe('Ġ');
    expect(BYTE_TO_UNICODE[10]).toBe('Ċ');
    expect(new Set(BYTE_TO_UNICODE).size).toBe(256);
    expect(fromByteLevel(toByteLevel('naïve — 鯨 🐋'))).toBe('naïve — 鯨 🐋');
  });

  it('splits words with the GPT-2 pattern (contractions, leading spaces, runs of spaces)', () => {
    expect(preTokenize("He's  here!\n").map(fromByteLevel)).toEqual(['He', "'s", ' ', ' here', '!', '\n']);
  });
});

describe('trainBpe', () => {
  it('is deterministic and lays out the vocabulary as specials, 256 bytes, merges', () => {
    const a = trainBpe(CORPUS, { vocabSize: 275, specialTokens: SPECIALS });
    const b = trainBpe(CORPUS, { vocabSize: 275, specialTokens: SPECIALS });
    expect(a).toEqual(b);
    expect(a.vocab.slice(0, 3)).toEqual(SPECIALS);
    expect(a.vocab.slice(3, 259)).toEqual(BYTE_TO_UNICODE);
    expect(a.vocab.length).toBe(275);
    // The first merge is a most frequent adjacent pair, counted here independently.
    const counts = new Map<string, number>();
    for (const word of CORPUS.flatMap(preTokenize)) {
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) counts.set(chars[i] + '|' + chars[i + 1], (counts.get(chars[i] + '|' + chars[i + 1]) ?? 0) + 1);
    }
    expect(counts.get(a.merges[0]!.join('|'))).toBe(Math.max(...counts.values()));
    expect(a.vocab).toContain('Ġthe');
  });

  it('stops early when no pair occurs twice, and rejects impossible sizes', () => {
    const small = trainBpe(['abcd'], { vocabSize: 400, specialTokens: [] });
    expect(small.merges).toEqual([]);
    expect(() => trainBpe(CORPUS, { vocabSize: 100, specialTokens: SPECIALS })).toThrow(InvalidArgumentError);
  });

  it('honours cancellation', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => trainBpe(CORPUS, { vocabSize: 300, specialTokens: SPECIALS, signal: controller.signal })).toThrow(/cancelled/);
  });
});

describe('BpeTokenizer', () => {
  const model = trainBpe(CORPUS, { vocabSize: 300, specialTokens: SPECIALS });
  const tokenizer = new BpeTokenizer(model);

  it('round-trips any text, including bytes and scripts not seen in training', () => {
    for (const text of ['the cat sat on the mat.', '  Leading spaces\n\nand\ttabs ', 'Ahab — Πequod 鯨 🐋!', '']) {
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    }
  });

  it('uses the learned merges (fewer tokens than bytes on training-like text)', () => {
    const ids = tokenizer.encode(' the cat');
    expect(ids.map((id) => tokenizer.idToToken(id))).toEqual(['Ġthe', 'Ġcat']);
  });

  it('turns special token text into their ids and can skip them when decoding', () => {
    const ids = tokenizer.encode('<s>the rat</s>');
    expect(ids[0]).toBe(0);
    expect(ids[ids.length - 1]).toBe(1);
    expect(tokenizer.decode(ids)).toBe('<s>the rat</s>');
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe('the rat');
    expect(() => tokenizer.decode([300])).toThrow(/outside the vocabulary/);
  });

  it('survives a tokenizer.json round trip, in the new and the legacy merge format', () => {
    const json = toTokenizerJson(model) as { model: { merges: Array<[string, string]> } };
    expect(fromTokenizerJson(JSON.parse(JSON.stringify(json)))).toEqual(model);
    const legacy = { ...json, model: { ...json.model, merges: json.model.merges.map(([a, b]) => `${a} ${b}`) } };
    expect(fromTokenizerJson(legacy)).toEqual(model);
    expect(() => fromTokenizerJson({ model: { type: 'WordPiece' } })).toThrow(/BPE/);
    expect(() => bpeModelFromMerges(SPECIALS, [['Ġcat', 'x']])).toThrow(/corrupt/);
  });
});
