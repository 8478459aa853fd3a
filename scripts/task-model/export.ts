// Step 4 of `npm run task-pack`: the weights train.py exported (float32 .bin + JSON index, HF names and
// layout) become a transformers.js model folder built by the project's own ONNX builder:
// public/models/<name>/{config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
// onnx/model.onnx, reference-logits.json}. reference-logits.json holds PyTorch's logits for a few
// tokens: the unit test runs the ONNX model with onnxruntime and compares.
//   node bin/run-ts.mjs scripts/task-model/export.ts [--export DIR] [--data DIR] [--out public/models]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { llamaModelFolder } from '../../src/core/models/hf-files.ts';
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';
import type { LlamaWeights } from '../../src/core/models/llama-weights.ts';
import { fromTokenizerJson } from '../../src/core/tokenizer/tokenizer-json.ts';
import { DATA_DIR, EXPORT_DIR, MODEL_NAME, SPECIAL_TOKENS } from './config.ts';

interface WeightIndex {
  config: LlamaConfig;
  tensors: Record<string, { offset: number; shape: number[] }>;
}

export async function readExportedWeights(dir: string): Promise<{ config: LlamaConfig; weights: LlamaWeights }> {
  const index = JSON.parse(await readFile(join(dir, 'weights.json'), 'utf8')) as WeightIndex;
  const bin = await readFile(join(dir, 'weights.bin'));
  const weights: LlamaWeights = {};
  for (const [name, { offset, shape }] of Object.entries(index.tensors)) {
    const count = shape.reduce((a, b) => a * b, 1);
    // Copy out of the Buffer: its offset into the pooled ArrayBuffer need not be 4-aligned.
    weights[name] = new Float32Array(bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + count * 4));
  }
  return { config: index.config, weights };
}

const { values } = parseArgs({ options: { export: { type: 'string', default: EXPORT_DIR }, data: { type: 'string', default: DATA_DIR }, out: { type: 'string', default: 'public/models' } } });
const { config, weights } = await readExportedWeights(values.export!);
const tokenizer = fromTokenizerJson(JSON.parse(await readFile(join(values.data!, 'tokenizer.json'), 'utf8')));
const folder = llamaModelFolder({ config, weights, tokenizer, roles: SPECIAL_TOKENS });
folder.set('reference-logits.json', await readFile(join(values.export!, 'reference.json')));
const root = join(values.out!, MODEL_NAME);
await rm(root, { recursive: true, force: true });
let bytes = 0;
for (const [path, data] of folder) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), data);
  bytes += data.length;
}
console.log(`exported ${MODEL_NAME}: ${folder.size} files, ${bytes} bytes in ${root}`);
