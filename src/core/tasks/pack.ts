// The whole task pack as a map from relative path to file text (docs/task-pack.md, "Files"):
// world, v1 and v2 articles, templates, items per split, pre-training corpus and manifest. Pure and
// deterministic: the same seed and scale give the same bytes. Every task and split draws from its
// own stream, so the test items come from streams the training data never drew from.
import { arithmeticItems } from './arithmetic-items.ts';
import { closedItems } from './closed-items.ts';
import { copyItems } from './copy-items.ts';
import { articleOf, detailAttributes, sentenceOf, summaryOf } from './documents.ts';
import { SPLITS, type Draft, type Split, type TaskItem } from './items.ts';
import { TaskRandom } from './random.ts';
import { reactItems } from './react-items.ts';
import { readingItems } from './reading-items.ts';
import { TASK_NAMES, TEMPLATES } from './templates.ts';
import { generateWorld, inV2, type World } from './world.ts';

export const PACK_NAME = 'demo-world';

/** Items (arithmetic: problems, each a direct and a pal item) per split at scale 1. */
const COUNTS: Record<Split, { reading: number; arithmetic: number; react: number; copy: number }> = {
  train: { reading: 6000, arithmetic: 3000, react: 3000, copy: 3000 },
  validation: { reading: 300, arithmetic: 150, react: 150, copy: 200 },
  test: { reading: 300, arithmetic: 200, react: 200, copy: 200 },
};
/** How many times the corpus repeats each v1 article (sentence order varies between copies). */
const CORPUS_COPIES = 4;

export interface PackOptions {
  seed: number;
  /** Multiplies the train split's counts (closed-book train always asks every fact once per wording). */
  trainScale?: number;
  /** Leave items/train.jsonl out (the static site ships validation and test only); counts still say its size. */
  includeTrain?: boolean;
}

export interface Manifest {
  name: string;
  seed: number;
  trainScale: number;
  trainIncluded: boolean;
  counts: Record<string, Record<string, number>>;
  files: Record<string, string>;
  bytes: number;
}

export function worldOf(seed: number): World {
  return generateWorld(seed, new TaskRandom(seed, 'world'));
}

function splitDrafts(world: World, split: Split, seed: number, scale: number): Draft[] {
  const n = COUNTS[split];
  const k = split === 'train' ? scale : 1;
  const stream = (task: string) => new TaskRandom(seed, `${task}/${split}`);
  return [
    ...closedItems(world, split),
    ...readingItems(world, split, Math.round(n.reading * k), stream('reading')),
    ...arithmeticItems(Math.round(n.arithmetic * k), stream('arithmetic')),
    ...reactItems(world, split, Math.round(n.react * k), stream('react')),
    ...copyItems(Math.round(n.copy * k), stream('copy')),
  ];
}

/** Numbers the drafts per task and drops any whose prompt an earlier item (any split) already has. */
export function buildItems(world: World, seed: number, scale = 1): Record<Split, TaskItem[]> {
  const seen = new Set<string>();
  const out = {} as Record<Split, TaskItem[]>;
  for (const split of SPLITS) {
    const counters = new Map<string, number>();
    out[split] = [];
    for (const draft of splitDrafts(world, split, seed, scale)) {
      if (seen.has(draft.prompt)) continue;
      seen.add(draft.prompt);
      const index = counters.get(draft.task) ?? 0;
      counters.set(draft.task, index + 1);
      out[split].push({ id: `${draft.task}-${split}-${String(index).padStart(5, '0')}`, split, ...draft } as TaskItem);
    }
  }
  return out;
}

function corpusOf(world: World, seed: number): string {
  const random = new TaskRandom(seed, 'corpus');
  const blocks: string[] = [];
  for (let copy = 0; copy < CORPUS_COPIES; copy += 1) {
    for (const e of random.shuffle(world.entities)) {
      const details = random.shuffle(detailAttributes(e)).map((a) => sentenceOf(e, a));
      blocks.push(copy === 0 ? articleOf(e) : `# ${e.name}\n\n${summaryOf(e)}\n\n${details.join(' ')}\n`);
    }
  }
  return blocks.join('\n');
}

const jsonl = (items: readonly TaskItem[]) => items.map((item) => JSON.stringify(item)).join('\n') + (items.length > 0 ? '\n' : '');

function countsOf(items: Record<Split, TaskItem[]>): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const task of TASK_NAMES) counts[task] = Object.fromEntries(SPLITS.map((split) => [split, items[split].filter((i) => i.task === task).length]));
  return counts;
}

/**
 * Every file of the pack by relative path, in a fixed order, manifest.json last. `sha256` is passed
 * in (core has no crypto of its own): hex digest of a file's UTF-8 text.
 */
export function makePack(options: PackOptions, sha256: (text: string) => string): Map<string, string> {
  const { seed } = options;
  const world = worldOf(seed);
  const items = buildItems(world, seed, options.trainScale ?? 1);
  const files = new Map<string, string>();
  files.set('world.json', JSON.stringify(world, null, 1) + '\n');
  for (const e of world.entities) files.set(`docs/v1/${e.slug}.md`, articleOf(e));
  const changed = new Set(world.changes.map((c) => c.entity));
  for (const e of world.entities.filter((x) => changed.has(x.name))) files.set(`docs/v2/${e.slug}.md`, articleOf(inV2(world, e)));
  for (const e of world.v2Only) files.set(`docs/v2/${e.slug}.md`, articleOf(e));
  for (const task of TASK_NAMES) files.set(`templates/${task}.txt`, TEMPLATES[task]);
  for (const split of SPLITS) {
    if (split !== 'train' || options.includeTrain !== false) files.set(`items/${split}.jsonl`, jsonl(items[split]));
  }
  files.set('corpus/v1.txt', corpusOf(world, seed));
  const hashes: Record<string, string> = {};
  let bytes = 0;
  for (const [path, text] of files) {
    hashes[path] = sha256(text);
    bytes += new TextEncoder().encode(text).byteLength;
  }
  const manifest: Manifest = { name: PACK_NAME, seed, trainScale: options.trainScale ?? 1, trainIncluded: options.includeTrain !== false, counts: countsOf(items), files: hashes, bytes };
  files.set('manifest.json', JSON.stringify(manifest, null, 1) + '\n');
  return files;
}
