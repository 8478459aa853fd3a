// Step 6 of `npm run task-pack`: public/models/<name>/manifest.json (architecture, parameters, files
// with sha256, seeds, training time and tokens, downsampled loss curves, the data mix, and the test
// figures measured by evaluate.ts) and the model's entry in public/models/index.json (other entries
// are kept as they are).
//   node bin/run-ts.mjs scripts/task-model/manifest.ts [--model-root public/models]
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonBytes } from '../../src/core/models/hf-files.ts';
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';
import { countParameters } from '../../src/core/models/llama-weights.ts';
import { CACHE_DIR, DATA_DIR, MODEL_NAME, WORLD_SEED } from './config.ts';

const { values } = parseArgs({ options: { 'model-root': { type: 'string', default: 'public/models' }, eval: { type: 'string', default: `${CACHE_DIR}/eval` } } });
const root = join(values['model-root']!, MODEL_NAME);
const readJson = async (path: string): Promise<any> => JSON.parse(await readFile(path, 'utf8'));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (entry.name !== 'manifest.json') out.push(path);
  }
  return out.sort();
}

/** Mean of each run of `every` values: [step at the run's end, mean]. */
function downsample(rows: number[][], points: number): Array<[number, number]> {
  const every = Math.max(1, Math.ceil(rows.length / points));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < rows.length; i += every) {
    const chunk = rows.slice(i, i + every);
    out.push([chunk.at(-1)![0]!, Number((chunk.reduce((s, r) => s + r[1]!, 0) / chunk.length).toFixed(4))]);
  }
  return out;
}

const meta = await readJson(join(DATA_DIR, 'meta.json'));
const log = await readJson(join(CACHE_DIR, 'log.json'));
const config = meta.config as LlamaConfig;
const fileInfo: Record<string, { bytes: number; sha256: string }> = {};
let bytes = 0;
for (const path of await files(root)) {
  const data = await readFile(path);
  fileInfo[relative(root, path)] = { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  bytes += data.length;
}

const evaluation: Record<string, unknown> = {};
for (const task of ['closed', 'reading', 'direct', 'pal', 'react', 'copy']) {
  const path = join(values.eval!, `${task}.json`);
  if (!existsSync(path)) continue;
  const { records: _records, ...summary } = await readJson(path);
  evaluation[task] = summary;
}

const packManifest = existsSync(join(meta.pack, 'manifest.json')) ? await readJson(join(meta.pack, 'manifest.json')) : undefined;
const tasksDir = 'public/tasks/demo-world';
const taskPackSizes = existsSync(tasksDir) ? await Promise.all((await files(tasksDir)).map((p) => stat(p).then((s) => s.size))) : [];
const taskPackBytes = taskPackSizes.length > 0 ? taskPackSizes.reduce((a, b) => a + b, 0) : null;
const last = log.train.slice(-50) as number[][];
const manifest = {
  name: MODEL_NAME,
  role: 'instruct',
  description: 'A small LLaMA-architecture model trained from scratch by this project (npm run task-pack) on the fictional world of the task pack (seed 1): closed-book facts, reading, direct and PAL word problems, ReAct traces. A teaching model for the RAG, PAL and ReAct labs offline; it knows only that world.',
  architecture: 'LlamaForCausalLM',
  parameters: countParameters(config),
  layers: config.num_hidden_layers,
  hidden_size: config.hidden_size,
  intermediate_size: config.intermediate_size,
  attention_heads: config.num_attention_heads,
  kv_heads: config.num_key_value_heads,
  context: config.max_position_embeddings,
  vocab_size: config.vocab_size,
  size_bytes: bytes,
  files: fileInfo,
  tokenizer: { ...meta.tokenizer, digits: 'one token per digit (merges with digits dropped)', trainedOn: 'the pack corpus, v1 + v2 documents and the train items' },
  seeds: { world: WORLD_SEED, build: meta.seed },
  taskPack: packManifest ? { name: packManifest.name, seed: packManifest.seed, trainScale: packManifest.trainScale, counts: packManifest.counts, trainItemsSha256: packManifest.files?.['items/train.jsonl'] } : null,
  taskPackBytesOnSite: taskPackBytes,
  training: {
    framework: 'PyTorch (CPU) scripts/task-model/train.py',
    hyperparameters: log.args,
    steps: log.step,
    trainingSeconds: Math.round(log.seconds),
    tokensSeen: log.tokens,
    scoredTokensSeen: log.scored_tokens,
    finalTrainLoss: Number((last.reduce((s, r) => s + r[1]!, 0) / last.length).toFixed(4)),
    data: meta.train,
    droppedOverContext: meta.dropped,
    // How the mix changed during the run (the planned curriculum and any live steering), when recorded.
    curriculum: existsSync(join(CACHE_DIR, 'curriculum.json')) ? await readJson(join(CACHE_DIR, 'curriculum.json')) : null,
    curves: {
      trainLoss: downsample(log.train.map((r: number[]) => [r[0], r[1]]), 100),
      validation: (log.validation as Array<{ step: number; groups: Record<string, { loss: number; exact: number; digit_accuracy: number | null }> }>).map((v) => ({ step: v.step, groups: v.groups })),
    },
    validationNote: 'validation: per group, the first items of the validation split; loss on target tokens; exact = every target token is the argmax given the right prefix (what greedy decoding writes, tool outputs supplied); measured in PyTorch during training',
  },
  evaluation: {
    method: 'llm-lab tasks eval on the TEST split (onnxruntime wasm, greedy, stop strings, the pack normaliser; PAL and ReAct run Python in the Node sandbox, ReAct with oracle tools); scripts/task-model/evaluate.ts',
    tasks: evaluation,
  },
};
await writeFile(join(root, 'manifest.json'), jsonBytes(manifest));

const indexPath = join(values['model-root']!, 'index.json');
const index = await readJson(indexPath);
const entry = { name: MODEL_NAME, path: `${MODEL_NAME}/`, manifest: `${MODEL_NAME}/manifest.json`, role: 'instruct', description: manifest.description, task: 'text-generation', architecture: 'LlamaForCausalLM', parameters: manifest.parameters, size_bytes: bytes };
const at = index.models.findIndex((m: { name: string }) => m.name === MODEL_NAME);
if (at >= 0) index.models[at] = entry;
else index.models.push(entry);
await writeFile(indexPath, jsonBytes(index));
console.log(`manifest: ${MODEL_NAME}, ${manifest.parameters} parameters, ${bytes} bytes; index.json has ${index.models.length} models`);
