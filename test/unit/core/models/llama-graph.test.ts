// Structure of the emitted ONNX graph: the contract the compression engine and the structured pruner
// rely on (linear layers = MatMul with an HF-named [in, out] float32 initializer), standard ops only,
// HF / transformers.js input and output names, and clear errors for unbuildable configs.
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';
import { validateLlamaConfig } from '../../../../src/core/models/llama-config.ts';
import { buildLlamaOnnx, LLAMA_OPSET } from '../../../../src/core/models/llama-onnx.ts';
import { llamaWeightSpecs, randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../../../../src/core/models/onnx-graph.ts';
import { TINY_CONFIG } from './tiny-llama.ts';

const { onnx } = onnxProto;

// Ops that onnxruntime-web runs on both the wasm and the webgpu (JSEP) execution providers.
const PORTABLE_OPS = new Set([
  'Gather', 'MatMul', 'Mul', 'Add', 'Sub', 'Div', 'Sqrt', 'ReduceMean', 'Softmax', 'Reshape', 'Transpose', 'Concat',
  'Slice', 'Expand', 'Where', 'Range', 'Shape', 'Unsqueeze', 'Neg', 'Sigmoid', 'Cast', 'Cos', 'Sin', 'LessOrEqual', 'Greater',
]);

type Graph = onnxProto.onnx.GraphProto;

/** Re-read from bytes, so the tests check what a consumer of the file sees. */
function decodeGraph(config = TINY_CONFIG, weights = randomLlamaWeights(TINY_CONFIG, 3)): Graph {
  return onnx.ModelProto.decode(encodeOnnxModel(buildLlamaOnnx(config, weights))).graph as Graph;
}

describe('LLaMA ONNX graph', () => {
  it('uses opset 17 of the default domain and only portable standard ops', () => {
    const model = onnx.ModelProto.decode(encodeOnnxModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, 3))));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', LLAMA_OPSET]]);
    const graph = model.graph as Graph;
    const ops = new Set(graph.node.map((n) => n.opType!));
    for (const node of graph.node) expect(node.domain ?? '').toBe('');
    expect([...ops].filter((op) => !PORTABLE_OPS.has(op))).toEqual([]);
  });

  it('has the transformers.js inputs and outputs with symbolic dims', () => {
    const graph = decodeGraph();
    const dims = (v: onnxProto.onnx.IValueInfoProto): Array<string | number> =>
      v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(graph.input.map((i) => i.name)).toEqual([
      'input_ids', 'attention_mask', 'position_ids',
      'past_key_values.0.key', 'past_key_values.0.value', 'past_key_values.1.key', 'past_key_values.1.value',
    ]);
    expect(dims(graph.input[1]!)).toEqual(['batch_size', 'total_sequence_length']);
    expect(dims(graph.input[3]!)).toEqual(['batch_size', 2, 'past_sequence_length', 8]);
    expect(graph.output.map((o) => o.name)).toEqual(['logits', 'present.0.key', 'present.0.value', 'present.1.key', 'present.1.value']);
    expect(dims(graph.output[0]!)).toEqual(['batch_size', 'sequence_length', 64]);
  });

  it('makes every linear layer a MatMul on an HF-named [in, out] initializer holding W^T', () => {
    const weights = randomLlamaWeights(TINY_CONFIG, 3);
    const graph = decodeGraph(TINY_CONFIG, weights);
    const initializers = new Map(graph.initializer.map((t) => [t.name!, t]));
    const linearSpecs = llamaWeightSpecs(TINY_CONFIG).filter((s) => s.kind === 'linear');
    const matmulWeights = graph.node.filter((n) => n.opType === 'MatMul' && initializers.has(n.input![1]!)).map((n) => n.input![1]);
    expect(matmulWeights.sort()).toEqual(linearSpecs.map((s) => s.name).sort());
    for (const spec of linearSpecs) {
      const tensor = initializers.get(spec.name)!;
      const [out, inFeatures] = spec.shape as [number, number];
      expect(tensor.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
      expect(tensor.dims!.map(Number)).toEqual([inFeatures, out]);
      const raw = tensor.rawData!;
      const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      const hf = weights[spec.name]!;
      // ONNX [i, o] = HF [o, i]
      expect(data[1 * out + 0]).toBe(hf[0 * inFeatures + 1]);
      expect(data[(inFeatures - 1) * out + (out - 1)]).toBe(hf[(out - 1) * inFeatures + (inFeatures - 1)]);
    }
  });

  it('writes a tied head as its own lm_head.weight initializer (the transposed embedding)', () => {
    const config = { ...TINY_CONFIG, tie_word_embeddings: true };
    const weights = randomLlamaWeights(config, 3);
    expect(weights['lm_head.weight']).toBeUndefined();
    const head = decodeGraph(config, weights).initializer.find((t) => t.name === 'lm_head.weight')!;
    expect(head.dims!.map(Number)).toEqual([32, 64]);
  });

  it('rejects unbuildable configs and incomplete weights with actionable errors', () => {
    expect(() => validateLlamaConfig({ ...TINY_CONFIG, num_key_value_heads: 3 })).toThrow(/multiple of num_key_value_heads/);
    expect(() => validateLlamaConfig({ ...TINY_CONFIG, hidden_size: 30 })).toThrow(InvalidArgumentError);
    expect(() => validateLlamaConfig({ ...TINY_CONFIG, eos_token_id: 64 })).toThrow(/below vocab_size/);
    const weights = randomLlamaWeights(TINY_CONFIG, 3);
    delete weights['model.layers.1.mlp.up_proj.weight'];
    expect(() => buildLlamaOnnx(TINY_CONFIG, weights)).toThrow(/model\.layers\.1\.mlp\.up_proj\.weight" is missing/);
  });
});
