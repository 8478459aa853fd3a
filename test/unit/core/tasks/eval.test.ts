// The evaluators against scripted models at the TextGenerator interface (the model side is a fake
// here: the real engine path is tested in test/unit/cli/tasks.test.ts with a tiny ONNX model). The
// sandbox is the real Node one (Pyodide in a child process): the gold PAL programs and ReAct python
// steps must give, in Python, the answers the generator computed in TypeScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createNodePythonSandbox } from '../../../../src/cli/sandbox/node-python-sandbox.ts';
import type { PythonSandbox } from '../../../../src/core/sandbox/types.ts';
import { evaluateAnswers } from '../../../../src/core/tasks/eval/answer-eval.ts';
import { cutAtStop, type TextGenerator } from '../../../../src/core/tasks/eval/generator.ts';
import { oracleTools } from '../../../../src/core/tasks/eval/oracle-tools.ts';
import { evaluatePal } from '../../../../src/core/tasks/eval/pal-eval.ts';
import { evaluateReact, runReact } from '../../../../src/core/tasks/eval/react-eval.ts';
import type { ReactItem, TaskItem } from '../../../../src/core/tasks/items.ts';
import { normalizeAnswer } from '../../../../src/core/tasks/normalize.ts';
import { makePack } from '../../../../src/core/tasks/pack.ts';
import type { World } from '../../../../src/core/tasks/world.ts';

const files = makePack({ seed: 3, trainScale: 0.01, includeTrain: false }, (t) => createHash('sha256').update(t).digest('hex'));
const test = files.get('items/test.jsonl')!.trim().split('\n').map((l) => JSON.parse(l) as TaskItem);
const world = JSON.parse(files.get('world.json')!) as World;
const of = <T extends TaskItem['task']>(task: T) => test.filter((i) => i.task === task) as (TaskItem & { task: T })[];

/** Writes each item's gold target (what a perfect model would), continuing from whatever the prompt already holds. */
function goldModel(items: readonly TaskItem[]): TextGenerator {
  return {
    async generate(prompt, { stop }) {
      const item = items.find((i) => prompt.startsWith(i.prompt));
      if (!item) throw new Error('unknown prompt');
      const done = prompt.slice(item.prompt.length);
      expect(item.target.startsWith(done)).toBe(true); // the oracle observations equal the gold ones
      return cutAtStop(item.target.slice(done.length), stop);
    },
  };
}

const constant = (text: string): TextGenerator => ({ generate: async () => text });

describe('answer evaluators', () => {
  it('normalises answers as documented', () => {
    expect(normalizeAnswer('  "The Tavoreli." ')).toBe('tavoreli');
    expect(normalizeAnswer('8,412.0')).toBe('8412');
    expect(normalizeAnswer('12.50')).toBe('12.5');
    expect(normalizeAnswer('Not in the documents.\nmore')).toBe('not in the documents');
  });

  it('scores the gold answers 100% and counts stale, made-up and not-in-documents answers', async () => {
    const closed = await evaluateAnswers(of('closed'), goldModel(test));
    expect(closed.accuracy).toBe(1);
    // The gold closed-book answer of a changed fact is the v1 one: stale by definition; of a v2-only entity, made up.
    expect(closed.rates['stale']).toEqual({ value: 1, of: closed.byTag['v2-changed']!.items });
    expect(closed.rates['current']!.value).toBe(0);
    expect(closed.rates['made-up']!.value).toBe(1);
    const abstaining = await evaluateAnswers(of('closed'), constant(' I do not know.'));
    expect(abstaining.accuracy).toBe(0);
    expect(abstaining.rates['made-up']!.value).toBe(0);
    expect(abstaining.outcomes.abstained).toBe(abstaining.items);
    const reading = await evaluateAnswers(of('reading'), constant(' not in the documents'));
    const absent = of('reading').filter((i) => i.tags.includes('absent')).length;
    expect(reading.rates['not-in-documents']).toEqual({ value: 1, of: absent });
    expect(reading.rates['false-abstention']!.value).toBe(1);
    expect(reading.accuracy).toBeCloseTo(absent / reading.items, 10);
    const gold = await evaluateAnswers(of('reading'), goldModel(test));
    expect(gold.rates['gold-v2']).toBeUndefined();
    expect(gold.rates['gold-v2-accuracy']!.value).toBe(1);
  });
});

describe('PAL and ReAct with the Node sandbox', () => {
  let sandbox: PythonSandbox;
  beforeAll(() => {
    sandbox = createNodePythonSandbox();
  });
  afterAll(() => sandbox.close());

  it('runs the gold programs to the generator answers, and sorts failures by kind', async () => {
    const items = of('pal').slice(0, 12);
    const gold = await evaluatePal(items, goldModel(test), sandbox);
    expect(gold.records.filter((r) => !r.correct).map((r) => `${r.id}: ${r.outcome} ${r.answer} ${r.error ?? ''}`)).toEqual([]);
    const broken: TextGenerator = {
      async generate(prompt) {
        const i = items.findIndex((x) => x.prompt === prompt);
        return ['def solution(:\n    return 1', 'def solution():\n    return 1 / 0', 'def solution():\n    result = 5\n    return result', 'no program here'][i % 4]!;
      },
    };
    const bad = await evaluatePal(items.slice(0, 4), broken, sandbox);
    expect(bad.records.map((r) => r.outcome)).toEqual(['syntax', 'runtime', items[2]!.answer === '5' ? 'correct' : 'wrong', 'no-answer']);
  }, 120_000);

  it('ends the gold traces in the right finish[...] with oracle tools, and stops loops that go nowhere', async () => {
    const items = of('react').slice(0, 24);
    const tools = (item: ReactItem) => oracleTools(item.documents, world, sandbox);
    const gold = await evaluateReact(items, goldModel(test), tools);
    expect(gold.accuracy).toBe(1);
    for (const [k, r] of gold.records.entries()) expect(r.output).toBe(items[k]!.target);
    const item = items[0]!;
    const repeat = await runReact(item.prompt, constant(`Thought: again\nAction: search[${item.entities[0]}]\n`), tools(item));
    expect(repeat.reason).toBe('repeated');
    const unknown = await runReact(item.prompt, constant('Action: fly[home]\n'), tools(item), 2);
    expect(unknown.steps[0]!.observation).toBe('unknown action fly - valid actions: search, lookup, python, finish');
    // A v2-only entity is found through the world even when the item does not carry its article.
    const fresh = world.v2Only[0]!;
    expect(await oracleTools({}, world, sandbox).run('search', fresh.name)).toContain(`${fresh.name} is a`);
    expect(await oracleTools({}, world, sandbox).run('python', '__import__("os").system("ls")')).toMatch(/^error: /);
  }, 120_000);
});
