// The task model's training data (scripts/task-model): the loss mask covers exactly the target minus
// ReAct tool output, the tokenizer keeps digits apart, drills are seeded, and the binary layout is
// what train.py reads (uint16 ids, uint8 mask, int32 [offset, length, group]).
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { corpusSegments, encodeSegments, itemSegment, observationRanges } from '../../../../scripts/task-model/dataset.ts';
import { makeDrills, worldNames } from '../../../../scripts/task-model/drills.ts';
import { trainTaskTokenizer } from '../../../../scripts/task-model/tokenizer.ts';

const WORLD = 'Tavoreli is a city in Kesmar. It was founded in 1412. Tavoreli has 8412 people. Kesmar was founded in 1204.\n';
const TRACE = 'Thought: I need Kesmar.\nAction: search[Kesmar]\nObservation: Kesmar is a country. It was founded in 1204.\nAction: python[1412 - 1204]\nObservation: 208\nAction: finish[208]\n';
const tokenizer = new BpeTokenizer(trainTaskTokenizer([WORLD.repeat(20), TRACE.repeat(20)], 400));

describe('task model data', () => {
  it('never merges a digit with anything, and still round-trips text', () => {
    const digitTokens = tokenizer.model.vocab.filter((token) => /[0-9]/.test(token));
    expect(digitTokens.sort()).toEqual([...'0123456789']);
    expect(tokenizer.model.merges.length).toBeGreaterThan(20);
    expect(tokenizer.decode(tokenizer.encode(WORLD))).toBe(WORLD);
  });

  it('scores target and EOS only, minus the tool output after each Observation label', () => {
    const prompt = 'Question: How many years after Kesmar was founded was Tavoreli founded?\n';
    const segment = itemSegment(tokenizer, { prompt, target: TRACE }, 7, 1);
    const promptLength = tokenizer.encode(prompt).length;
    expect(segment.group).toBe(7);
    expect(segment.ids.at(-1)).toBe(1);
    expect(segment.mask.slice(0, promptLength).every((m) => m === 0)).toBe(true);
    const scored = segment.ids.filter((_, i) => segment.mask[i] === 1 && i < segment.ids.length - 1);
    const unscored = segment.ids.slice(promptLength).filter((_, i) => segment.mask[promptLength + i] === 0);
    expect(tokenizer.decode(unscored)).toBe(' Kesmar is a country. It was founded in 1204. 208');
    expect(tokenizer.decode(scored)).toBe(TRACE.replace(' Kesmar is a country. It was founded in 1204.', '').replace(' 208\n', '\n'));
    expect(observationRanges('Observation 2: x\n')).toEqual([[14, 16]]);
  });

  it('cuts corpus documents at paragraphs into chunks that fit, EOS after each document', () => {
    const document = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${WORLD.trim()}`).join('\n\n');
    const segments = corpusSegments(tokenizer, [document, 'Short one.'], 64, 0, 1);
    expect(segments.length).toBeGreaterThan(2);
    for (const s of segments) expect(s.ids.length).toBeLessThanOrEqual(64);
    expect(segments.filter((s) => s.ids.at(-1) === 1)).toHaveLength(2);
    expect(tokenizer.decode(segments.flatMap((s) => s.ids), { skipSpecialTokens: true })).toBe(`${document.trim()}Short one.`);
  });

  it('writes uint16 ids, uint8 mask and int32 [offset, length, group] triples', () => {
    const files = encodeSegments([{ ids: [5, 600], mask: [0, 1], group: 3 }, { ids: [9], mask: [1], group: 1 }]);
    expect([...new Uint16Array(files.tokens.buffer)]).toEqual([5, 600, 9]);
    expect([...files.mask]).toEqual([0, 1, 1]);
    expect([...new Int32Array(files.index.buffer)]).toEqual([0, 2, 3, 2, 1, 1]);
  });

  it('makes the same drills from the same seed, answers copied from their prompts', () => {
    const names = worldNames(WORLD);
    expect(names).toEqual(['Kesmar', 'Tavoreli']);
    const drills = makeDrills(6, names, 3);
    expect(makeDrills(6, names, 3)).toEqual(drills);
    expect(makeDrills(6, names, 4)).not.toEqual(drills);
    for (const drill of drills) expect(drill.prompt).toContain(drill.target.trim());
  });
});
