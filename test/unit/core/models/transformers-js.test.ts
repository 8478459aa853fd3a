// The model folder we write loads in @huggingface/transformers from local files only (Node: it runs
// the ONNX with onnxruntime-node) and generates greedily: deterministic, and equal to greedy decoding
// done by hand with onnxruntime-web. No network: remote models are disabled.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llamaModelFolder } from '../../../../src/core/models/hf-files.ts';
import { greedyGenerate, runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { trainBpe } from '../../../../src/core/tokenizer/bpe-trainer.ts';
import { maxAbsDiff, TINY_CONFIG } from './tiny-llama.ts';

const TEXT = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world.';
const ROLES = { bos: '<s>', eos: '</s>', pad: '<pad>' };
const MODEL_ID = 'tiny-llama';

describe('model folder in @huggingface/transformers', () => {
  let root: string;
  const tokenizerModel = trainBpe([TEXT], { vocabSize: 300, specialTokens: [ROLES.bos, ROLES.eos, ROLES.pad] });
  const config = { ...TINY_CONFIG, vocab_size: tokenizerModel.vocab.length, max_position_embeddings: 128 };
  const weights = randomLlamaWeights(config, 11, { std: 0.2, randomNorms: true });
  const files = llamaModelFolder({ config, weights, tokenizer: tokenizerModel, roles: ROLES });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'llama-tfjs-'));
    for (const [path, bytes] of files) {
      await mkdir(dirname(join(root, MODEL_ID, path)), { recursive: true });
      await writeFile(join(root, MODEL_ID, path), bytes);
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = root;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('runs on onnxruntime-node, whose native binary is installed', () => {
    const require = createRequire(import.meta.url);
    const binding = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin/napi-v6', process.platform, process.arch, 'onnxruntime_binding.node');
    expect(existsSync(binding)).toBe(true);
  });

  it('loads, scores like onnxruntime-web, and decodes greedily like our own loop, twice the same', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID, { local_files_only: true });
    const model = await AutoModelForCausalLM.from_pretrained(MODEL_ID, { local_files_only: true, dtype: 'fp32' });
    const prompt = 'Call me Ishmael. Some years';
    const ours = new BpeTokenizer(tokenizerModel).encode(prompt);
    const encoded = tokenizer(prompt);
    const ids = Array.from(encoded.input_ids.data as BigInt64Array, Number);
    expect(ids).toEqual(ours);

    const { session } = await createSession(files.get('onnx/model.onnx')!, 'wasm');
    const web = await runLlamaStep(session, config, { inputIds: [ours] });
    const output = await model(encoded);
    expect(maxAbsDiff(output.logits.data as Float32Array, web.logits)).toBeLessThan(1e-4);

    const generate = async (): Promise<number[]> => {
      const result = (await model.generate({ ...encoded, max_new_tokens: 12, do_sample: false })) as Tensor;
      return Array.from(result.data as BigInt64Array, Number).slice(ours.length);
    };
    const first = await generate();
    const second = await generate();
    const byHand = await greedyGenerate(session, config, ours, 12);
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(first).toEqual(byHand);
    await session.release();
    await model.dispose();
  });
});
