// Small models built in code for the toolkit tests, with weights stored every way a real file may
// store them (raw_data, float_data, int64_data, float16 raw) so readers and writers meet them all.
import { float32ArrayToFloat16 } from '../../../../src/core/onnx/float16.ts';
import { onnx } from '../../../../src/core/onnx/proto.ts';
import { createTensor, tensorFromFloat32 } from '../../../../src/core/onnx/tensor-build.ts';
import { seededRandom } from './helpers.ts';

export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
}

const tensorInfo = (name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) } } },
});

export const FLOAT = onnx.TensorProto.DataType.FLOAT;

/**
 * y = Relu(Reshape(x, shape) @ W + b) * Cast(h) with x [batch, 64] float32, W [64, 32] raw_data,
 * b [32] in float_data, shape [2] in int64_data, h [32] float16. Nodes are listed out of order.
 */
export function buildLinearModel(seed = 1): onnx.ModelProto {
  const weight = tensorFromFloat32('W', [64, 32], randomFloats(64 * 32, seed, 0.2));
  const bias = onnx.TensorProto.create({ name: 'b', dataType: FLOAT, dims: [32], floatData: Array.from(randomFloats(32, seed + 1)) });
  const shape = onnx.TensorProto.create({ name: 'shape', dataType: onnx.TensorProto.DataType.INT64, dims: [2], int64Data: [-1, 64] });
  const halfScale = createTensor('h', 'float16', [32], float32ArrayToFloat16(randomFloats(32, seed + 2)));
  const nodes: onnx.INodeProto[] = [
    { opType: 'Mul', name: 'scale', input: ['relu', 'h32'], output: ['y'] },
    { opType: 'Relu', name: 'relu', input: ['sum'], output: ['relu'] },
    { opType: 'Add', name: 'add', input: ['matmul', 'b'], output: ['sum'] },
    { opType: 'MatMul', name: 'matmul', input: ['x2', 'W'], output: ['matmul'] },
    { opType: 'Reshape', name: 'reshape', input: ['x', 'shape'], output: ['x2'] },
    { opType: 'Cast', name: 'cast', input: ['h'], output: ['h32'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] },
  ];
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'llm-lab-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'linear',
      node: nodes,
      initializer: [weight, bias, shape, halfScale],
      input: [tensorInfo('x', FLOAT, ['batch', 64])],
      output: [tensorInfo('y', FLOAT, ['batch', 32])],
    },
  });
}

/** The same graph with a shape initializer also listed as a graph input, as IR 3 exporters did. */
export function withInitializersAsInputs(model: onnx.ModelProto): onnx.ModelProto {
  const graph = model.graph!;
  const extra = (graph.initializer ?? []).map((tensor) => tensorInfo(tensor.name ?? '', tensor.dataType ?? 0, (tensor.dims ?? []).map(Number)));
  return onnx.ModelProto.create({ ...model, irVersion: 3, graph: { ...graph, input: [...(graph.input ?? []), ...extra] } });
}

/** The linear model plus y @ W2 -> z, so two large weights share one external data file. */
export function buildTwoWeightModel(): onnx.ModelProto {
  const model = buildLinearModel();
  const graph = model.graph!;
  graph.initializer!.push(tensorFromFloat32('W2', [32, 32], randomFloats(32 * 32, 9, 0.3)));
  graph.node!.push({ opType: 'MatMul', name: 'second', input: ['y', 'W2'], output: ['z'] });
  graph.output = [tensorInfo('z', FLOAT, ['batch', 32])];
  return model;
}

/** The linear model serialized with IR 10 NodeProto fields 8 (overload) and 9 (metadata_props) on its first node. */
export function linearModelWithIr10NodeFields(): Uint8Array {
  const model = buildLinearModel();
  const ir10Node = onnx.NodeProto.encode(model.graph!.node![0]!);
  ir10Node.uint32((8 << 3) | 2).string('default');
  ir10Node.uint32((9 << 3) | 2).bytes(onnx.StringStringEntryProto.encode({ key: 'origin', value: 'test' }).finish());
  const graph = onnx.GraphProto.encode({ ...model.graph!, node: model.graph!.node!.slice(1) });
  graph.uint32((1 << 3) | 2).bytes(ir10Node.finish());
  const writer = onnx.ModelProto.encode({ ...model, graph: null });
  writer.uint32((7 << 3) | 2).bytes(graph.finish());
  return writer.finish();
}
