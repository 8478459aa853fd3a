// The task pack generator: same seed, same bytes; another seed, another world; no item shares an id
// or a prompt with an item of another split; answers agree with the documents they come from and
// with the world; every prompt + target stays far under 512 tokens of a word-level tokenizer.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passageOf } from '../../../../src/core/tasks/documents.ts';
import type { ReadingItem, TaskItem } from '../../../../src/core/tasks/items.ts';
import { normalizeAnswer } from '../../../../src/core/tasks/normalize.ts';
import { makePack, worldOf } from '../../../../src/core/tasks/pack.ts';
import { RESERVED_NAMES } from '../../../../src/core/tasks/names.ts';
import type { World } from '../../../../src/core/tasks/world.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SMALL = { seed: 5, trainScale: 0.1 };
const files = makePack(SMALL, sha256);
const items = (split: string): TaskItem[] => files.get(`items/${split}.jsonl`)!.trim().split('\n').map((line) => JSON.parse(line) as TaskItem);
const all = [...items('train'), ...items('validation'), ...items('test')];
const world = JSON.parse(files.get('world.json')!) as World;

/** Word-level-ish count: digits one each, words, punctuation and newlines one each. */
const tokens = (text: string) => (text.match(/[0-9]|[A-Za-z]+|\n|[^\sA-Za-z0-9]/g) ?? []).length;

describe('task pack', () => {
  it('is byte-identical for the same seed and differs for another', () => {
    const again = makePack(SMALL, sha256);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, text] of files) expect(again.get(path), path).toBe(text);
    const other = makePack({ ...SMALL, seed: 6 }, sha256);
    expect(other.get('world.json')).not.toBe(files.get('world.json'));
  });

  it('never shares an id or a prompt between splits', () => {
    const seen = new Map<string, string>();
    for (const item of all) {
      expect(seen.has(item.id), item.id).toBe(false);
      seen.set(item.id, item.split);
    }
    const splitOfPrompt = new Map<string, string>();
    for (const item of all) {
      const previous = splitOfPrompt.get(item.prompt);
      expect(previous === undefined || previous === item.split, `${item.id} repeats a ${previous} prompt`).toBe(true);
      splitOfPrompt.set(item.prompt, item.split);
    }
  });

  it('has every task in every split, test items on held-out wordings and fresh entities', () => {
    for (const split of ['train', 'validation', 'test']) {
      const tasks = new Set(items(split).map((i) => i.task));
      expect([...tasks].sort()).toEqual(['closed', 'copy', 'direct', 'pal', 'react', 'reading']);
    }
    const trainQuestions = new Set(items('train').filter((i) => i.task === 'closed').map((i) => i.question));
    const testClosed = items('test').filter((i) => i.task === 'closed');
    expect(testClosed.every((i) => !trainQuestions.has(i.question))).toBe(true);
    const tags = new Set(testClosed.flatMap((i) => i.tags));
    for (const tag of ['v1', 'v2-changed', 'v2-only']) expect(tags.has(tag), tag).toBe(true);
    const fresh = new Set(world.v2Only.map((e) => e.name));
    const react = items('test').filter((i) => i.task === 'react');
    expect(react.length).toBeGreaterThan(100);
    for (const item of react) expect(item.entities.some((name) => fresh.has(name)), item.id).toBe(true);
  });

  it('states closed-book answers as the world has them (v1, with the v2 value beside changed facts)', () => {
    const everyone = new Map([...world.entities, ...world.v2Only].map((e) => [e.name, e]));
    for (const item of all) {
      if (item.task !== 'closed') continue;
      expect(item.answer).toBe(normalizeAnswer(everyone.get(item.entity)!.attributes[item.attribute]!));
      const change = world.changes.find((c) => c.entity === item.entity && c.attribute === item.attribute);
      expect(item.v2Answer).toBe(change ? normalizeAnswer(change.v2) : undefined);
    }
    // Every v1 fact is in the pre-training corpus.
    const corpus = files.get('corpus/v1.txt')!;
    for (const e of world.entities) expect(corpus).toContain(passageOf(e).split(' ').slice(0, 6).join(' '));
  });

  it('takes reading answers from a passage, or says not in the documents when none has the fact', () => {
    const reading = all.filter((i): i is ReadingItem => i.task === 'reading');
    for (const item of reading) {
      const text = item.documents.join(' ');
      expect(item.prompt).toContain(item.documents[0]!);
      if (item.tags.includes('present')) expect(text, item.id).toContain(` ${item.target.trim()}`);
      else expect(item.answer).toBe('not in the documents');
    }
    const goldV2 = reading.filter((i) => i.tags.includes('gold-v2'));
    expect(goldV2.length).toBe(2 * world.changes.length);
    for (const item of goldV2) expect(world.changes.some((c) => c.entity === item.entity && normalizeAnswer(c.v2) === item.answer)).toBe(true);
  });

  it('keeps every prompt and target short and the example names out of the world', () => {
    const longest = Math.max(...all.map((i) => tokens(i.prompt + i.target)));
    expect(longest).toBeLessThan(450);
    const names = [...world.entities, ...world.v2Only].flatMap((e) => e.name.split(' '));
    for (const reserved of RESERVED_NAMES) expect(names).not.toContain(reserved);
    expect(worldOf(5).entities.length).toBe(66);
  });
});
