// Step 2 of `npm run task-pack`: reads a task pack (world docs, corpus, items), trains the tokenizer
// and writes the binary training data for train.py into .cache/task-model/data/.
//   node bin/run-ts.mjs scripts/task-model/prepare.ts [--pack DIR] [--out DIR] [--drills N]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonBytes } from '../../src/core/models/hf-files.ts';
import { BpeTokenizer } from '../../src/core/tokenizer/bpe-tokenizer.ts';
import { toTokenizerConfig, toTokenizerJson } from '../../src/core/tokenizer/tokenizer-json.ts';
import { CONTEXT_LENGTH, DATA_DIR, PACK_DIR, SEED, SPECIAL_TOKENS, TOKENIZER_VOCAB_TARGET, taskModelConfig } from './config.ts';
import { corpusSegments, encodeSegments, itemSegment, type Segment, type TaskItem } from './dataset.ts';
import { makeDrills, worldNames } from './drills.ts';
import { trainTaskTokenizer } from './tokenizer.ts';

const { values } = parseArgs({ options: { pack: { type: 'string', default: PACK_DIR }, out: { type: 'string', default: DATA_DIR }, drills: { type: 'string', default: '8000' } } });
const pack = values.pack!;
const out = values.out!;

async function textFiles(dir: string, extension: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(extension)).sort();
  return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
}

async function items(split: string): Promise<TaskItem[]> {
  const text = await readFile(join(pack, 'items', `${split}.jsonl`), 'utf8');
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as TaskItem);
}

const corpus = await textFiles(join(pack, 'corpus'), '.txt');
const docs = [...(await textFiles(join(pack, 'docs', 'v1'), '.md')), ...(await textFiles(join(pack, 'docs', 'v2'), '.md'))];
const train = await items('train');
const validation = await items('validation');
const tasks = [...new Set([...train, ...validation].map((item) => item.task))].sort();
const names = worldNames([...corpus, ...docs].join('\n'));
const drills = makeDrills(Number(values.drills), names, SEED);

// Tokenizer text: the world (corpus + both editions) and every training item (prompt + target), so
// merges follow what the model actually reads and writes: fewer tokens per item, faster training.
const sample = train.map((item) => `${item.prompt}${item.target}`);
const model = trainTaskTokenizer([...corpus, ...docs, ...sample], TOKENIZER_VOCAB_TARGET);
const tokenizer = new BpeTokenizer(model);
const config = taskModelConfig(tokenizer.vocabSize);
const eos = tokenizer.tokenToId(SPECIAL_TOKENS.eos)!;
if (eos !== config.eos_token_id) throw new Error(`EOS has id ${eos}; the config says ${config.eos_token_id}.`);

const groups = ['corpus', 'drill-copy', 'drill-lookup', ...tasks];
const groupOf = (name: string): number => groups.indexOf(name);
const dropped: Record<string, number> = {};
function fits(segment: Segment, task: string): boolean {
  if (segment.ids.length <= CONTEXT_LENGTH) return true;
  dropped[task] = (dropped[task] ?? 0) + 1;
  return false;
}
const itemSegments = (list: TaskItem[]): Segment[] =>
  list.map((item) => ({ item, segment: itemSegment(tokenizer, item, groupOf(item.task), eos) })).filter(({ item, segment }) => fits(segment, item.task)).map(({ segment }) => segment);

const trainSegments = [
  ...corpusSegments(tokenizer, corpus, CONTEXT_LENGTH, groupOf('corpus'), eos),
  ...drills.map((drill) => itemSegment(tokenizer, drill, groupOf(drill.kind), eos)),
  ...itemSegments(train),
];
const heldDrills = makeDrills(200, names, SEED + 1);
const validationSegments = [...heldDrills.map((drill) => itemSegment(tokenizer, drill, groupOf(drill.kind), eos)), ...itemSegments(validation)];

await mkdir(out, { recursive: true });
for (const [split, segments] of [['train', trainSegments], ['validation', validationSegments]] as const) {
  const files = encodeSegments(segments);
  await writeFile(join(out, `${split}.tokens.u16`), files.tokens);
  await writeFile(join(out, `${split}.mask.u8`), files.mask);
  await writeFile(join(out, `${split}.index.i32`), files.index);
}
const stats = (segments: Segment[]): Record<string, { segments: number; tokens: number; scored: number }> => {
  const result: Record<string, { segments: number; tokens: number; scored: number }> = {};
  for (const s of segments) {
    const entry = (result[groups[s.group]!] ??= { segments: 0, tokens: 0, scored: 0 });
    entry.segments++;
    entry.tokens += s.ids.length;
    entry.scored += s.mask.reduce((a, b) => a + b, 0);
  }
  return result;
};
const digitIds = [...'0123456789'].map((d) => tokenizer.tokenToId(d)!);
const meta = {
  seed: SEED,
  pack,
  config,
  groups,
  tasks,
  digitIds,
  tokenizer: { vocabSize: tokenizer.vocabSize, merges: model.merges.length },
  names: names.length,
  dropped,
  train: stats(trainSegments),
  validation: stats(validationSegments),
};
await writeFile(join(out, 'meta.json'), jsonBytes(meta));
await writeFile(join(out, 'tokenizer.json'), jsonBytes(toTokenizerJson(model)));
await writeFile(join(out, 'tokenizer_config.json'), jsonBytes(toTokenizerConfig(model, SPECIAL_TOKENS, CONTEXT_LENGTH)));
console.log(JSON.stringify({ vocab: tokenizer.vocabSize, groups, train: meta.train, validation: meta.validation, dropped }, null, 1));
