// Measures the two runtime caveats docs/measurements-notes.md quotes, on the demo teacher:
// 1. q8dyn: logits of incremental decoding (KV cache, one token per step) against one full-prefix
//    pass over the same tokens. DynamicQuantizeLinear takes one scale per tensor from the current
//    input, so a step's activations are scaled differently from the same rows inside a full prefix.
// 2. int8 (DequantizeLinear -> MatMul): onnxruntime-web (wasm) against native onnxruntime
//    (onnxruntime-node) at optimisation 'all', at 'basic', and at 'all' with
//    session.disable_quant_qdq=1; and which operators each optimised graph holds.
// Run: node bin/run-ts.mjs scripts/notes/runtime-caveats.ts   (prints one JSON object)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compressModel } from '../../src/core/compress/index.ts';
import { llamaConfigFromHf } from '../../src/core/models/hf-files.ts';
import { runLlamaStep } from '../../src/core/models/llama-runner.ts';
import { decodeModel } from '../../src/core/onnx/index.ts';
import { createSession, makeTensor, type OrtSession } from '../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../src/core/tokenizer/tokenizer-json.ts';

const PACK = 'public/models/moby-llama-1m';
const TOKENS = 64;
type NodeOrt = typeof import('onnxruntime-web');
const nodeOrt = createRequire(import.meta.url)('onnxruntime-node') as NodeOrt;

const config = llamaConfigFromHf(JSON.parse(readFileSync(`${PACK}/config.json`, 'utf8')));
const teacher = new Uint8Array(readFileSync(`${PACK}/onnx/model.onnx`));
const tokenizer = new BpeTokenizer(fromTokenizerJson(JSON.parse(readFileSync(`${PACK}/tokenizer.json`, 'utf8'))));
const ids = tokenizer.encode(readFileSync(`${PACK}/heldout.txt`, 'utf8')).slice(0, TOKENS);

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

async function compress(method: 'q8dyn' | 'int8'): Promise<Uint8Array> {
  return (await compressModel({ model: teacher }, { version: 1, steps: [{ kind: 'quantize', method }] }, { externalData: false })).model;
}

/** Logits [TOKENS, V] of one pass over all tokens, and of TOKENS one-token steps with the KV cache. */
async function fullAndIncremental(session: OrtSession): Promise<[Float32Array, Float32Array]> {
  const full = (await runLlamaStep(session, config, { inputIds: [ids] })).logits;
  const steps = new Float32Array(full.length);
  let cache;
  for (let t = 0; t < ids.length; t++) {
    const step = await runLlamaStep(session, config, { inputIds: [[ids[t]!]], ...(cache ? { past: cache } : {}) });
    steps.set(step.logits, t * config.vocab_size);
    cache = step.cache;
  }
  return [full, steps];
}

async function decodeCaveat(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, bytes] of [['fp32', teacher], ['q8dyn', await compress('q8dyn')]] as const) {
    const { session } = await createSession(bytes, 'wasm');
    const [full, steps] = await fullAndIncremental(session);
    out[name] = maxAbsDiff(full, steps);
    await session.release();
  }
  return out;
}

/** Feeds for one full pass (empty cache), built for either runtime's Tensor class. */
function feeds(Tensor: NodeOrt['Tensor']): Record<string, InstanceType<NodeOrt['Tensor']>> {
  const int64 = (values: number[]) => new Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);
  const result: Record<string, InstanceType<NodeOrt['Tensor']>> = { input_ids: int64(ids), attention_mask: int64(ids.map(() => 1)), position_ids: int64(ids.map((_, i) => i)) };
  const headDim = config.hidden_size / config.num_attention_heads;
  for (let i = 0; i < config.num_hidden_layers; i++) {
    for (const kind of ['key', 'value']) result[`past_key_values.${i}.${kind}`] = new Tensor('float32', new Float32Array(0), [1, config.num_key_value_heads, 0, headDim]);
  }
  return result;
}

async function nativeCaveat(): Promise<Record<string, unknown>> {
  const int8 = await compress('int8');
  const { session: web } = await createSession(int8, 'wasm');
  const webLogits = (await web.run(feeds(makeTensor('float32', new Float32Array(1), [1]).constructor as NodeOrt['Tensor']))).logits!.data as Float32Array;
  await web.release();
  const folder = mkdtempSync(join(tmpdir(), 'ort-native-'));
  const settings: Record<string, Record<string, unknown>> = {
    all: { graphOptimizationLevel: 'all' },
    basic: { graphOptimizationLevel: 'basic' },
    'all + session.disable_quant_qdq=1': { graphOptimizationLevel: 'all', extra: { session: { disable_quant_qdq: '1' } } },
  };
  const out: Record<string, unknown> = { onnxruntimeNode: nodeOrt.env.versions.node ?? 'unknown' };
  try {
    for (const [name, options] of Object.entries(settings)) {
      const optimized = join(folder, `${name.replace(/\W+/g, '-')}.onnx`);
      const session = await nodeOrt.InferenceSession.create(int8, { ...options, optimizedModelFilePath: optimized, executionProviders: ['cpu'] });
      const logits = (await session.run(feeds(nodeOrt.Tensor))).logits!.data as Float32Array;
      await session.release();
      const nodes = decodeModel(new Uint8Array(readFileSync(optimized))).graph!.node!;
      const nbits = nodes.filter((n) => n.opType === 'MatMulNBits');
      const attrs = nbits[0]?.attribute?.filter((a) => a.name === 'bits' || a.name === 'accuracy_level').map((a) => `${a.name}=${String(a.i)}`) ?? [];
      out[name] = { maxAbsLogitDiffVsWeb: maxAbsDiff(webLogits, logits), matMulNBits: nbits.length, dequantizeLinear: nodes.filter((n) => n.opType === 'DequantizeLinear').length, attributes: attrs };
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return out;
}

const result = { model: PACK, tokens: ids.length, incrementalVsFullPrefixMaxAbsLogitDiff: await decodeCaveat(), int8NativeVsWeb: await nativeCaveat() };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
