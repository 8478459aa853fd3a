// q4/q8 with `embeddings`: the token table becomes com.microsoft::GatherBlockQuantized. The
// onnxruntime-web wasm build has no kernel for it (checked: loading fails), so the variant is marked
// WebGPU-only, and its numbers are checked on onnxruntime-node's native CPU kernel (installed as a
// dependency of @huggingface/transformers; used here only, as the one runtime we have that implements
// the op): the output must equal the same graph with a plain Gather over the table dequantized by an
// independent reader (bytes, scales and zero points read back from the output file).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compressModel, WEBGPU_ONLY_REASON } from '../../../../src/core/compress/index.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, int64ToNumber, tensorFromFloat32, tensorValues, type onnx } from '../../../../src/core/onnx/index.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { TINY_CONFIG } from '../models/tiny-llama.ts';
import { relativeError } from './linear-models.ts';
import { floats, initializerOf } from './reference.ts';

type NodeOrt = typeof import('onnxruntime-web');
const nodeOrt = createRequire(import.meta.url)('onnxruntime-node') as NodeOrt;

/** Gather(table float [V, H]) in place of GatherBlockQuantized, the table rebuilt from the stored bytes. */
function withDequantizedTable(model: onnx.ModelProto, node: onnx.INodeProto): Uint8Array {
  const attr = (name: string): number => int64ToNumber(node.attribute!.find((a) => a.name === name)!.i);
  const [dataName, ids, scalesName, zpName] = node.input!;
  const bits = attr('bits');
  const blockSize = attr('block_size');
  const data = initializerOf(model, dataName!);
  const [vocab, rowBytes] = data.dims!.map(int64ToNumber) as [number, number];
  const hidden = (rowBytes * 8) / bits;
  const bytes = tensorValues(data) as Uint8Array;
  const scales = floats(initializerOf(model, scalesName!));
  const zp = zpName ? (tensorValues(initializerOf(model, zpName)) as Uint8Array) : null;
  const blocks = Math.ceil(hidden / blockSize);
  const table = new Float32Array(vocab * hidden);
  for (let v = 0; v < vocab; v++) for (let h = 0; h < hidden; h++) {
    const b = Math.floor(h / blockSize);
    const code = bits === 8 ? bytes[v * rowBytes + h]! : (bytes[v * rowBytes + (h >> 1)]! >> ((h & 1) * 4)) & 15;
    const zRow = Math.ceil((blocks * bits) / 8);
    const z = zp ? (bits === 8 ? zp[v * zRow + b]! : (zp[v * zRow + (b >> 1)]! >> ((b & 1) * 4)) & 15) : 1 << (bits - 1);
    table[v * hidden + h] = (code - z) * scales[v * blocks + b]!;
  }
  model.graph!.initializer!.push(tensorFromFloat32('table_dequantized', [vocab, hidden], table));
  node.opType = 'Gather';
  node.domain = '';
  node.input = ['table_dequantized', ids!];
  node.attribute = [];
  return encodeModel(model);
}

async function runNative(bytes: Uint8Array): Promise<Float32Array> {
  const session = await nodeOrt.InferenceSession.create(bytes);
  const ids = [5, 17, 42, 8, 63, 30];
  const feeds: Record<string, InstanceType<NodeOrt['Tensor']>> = {
    input_ids: new nodeOrt.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new nodeOrt.Tensor('int64', BigInt64Array.from(ids, () => 1n), [1, ids.length]),
    position_ids: new nodeOrt.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, ids.length]),
  };
  for (let i = 0; i < TINY_CONFIG.num_hidden_layers; i++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${i}.${kind}`] = new nodeOrt.Tensor('float32', new Float32Array(0), [1, TINY_CONFIG.num_key_value_heads, 0, 8]);
  }
  const out = await session.run(feeds);
  await session.release();
  return out['logits']!.data as Float32Array;
}

describe('embeddings as GatherBlockQuantized', () => {
  const input = encodeModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, 3, { std: 0.2, randomNorms: true })));

  for (const step of [{ method: 'q4', blockSize: 16, symmetric: true }, { method: 'q4', blockSize: 16, symmetric: false }, { method: 'q8', blockSize: 32, symmetric: false }] as const) {
    it(`${step.method} b${step.blockSize} ${step.symmetric ? 'sym' : 'asym'}: equals a Gather over the stored table`, async () => {
      const out = await compressModel({ model: input }, { version: 1, steps: [{ kind: 'quantize', ...step, embeddings: true }] });
      expect(out.report.support.wasm).toBe(WEBGPU_ONLY_REASON);
      expect(out.report.tensors.find((tensor) => tensor.name === 'model.embed_tokens.weight')!.method).toBe(`${step.method} embedding`);
      const model = decodeModel(out.model);
      const node = model.graph!.node!.find((candidate) => candidate.opType === 'GatherBlockQuantized')!;
      const reference = withDequantizedTable(decodeModel(out.model), node);
      const actual = await runNative(out.model);
      expect(relativeError(actual, await runNative(reference))).toBeLessThan(1e-5);
    });
  }

  it('cannot load on the onnxruntime-web wasm build (why support.wasm is a reason)', async () => {
    const out = await compressModel({ model: input }, { version: 1, steps: [{ kind: 'quantize', method: 'q4', embeddings: true, select: { include: ['embed'] } }] });
    await expect(createSession(out.model, 'wasm')).rejects.toThrow(/GatherBlockQuantized/);
  });
});
