// ModelFacts read from an ONNX decoder's own initializers (the second way to the same numbers):
// stored bytes per initializer, parameters as `inspect` counts them, and the KV cache from the
// past_key_values.<i>.key / .value graph inputs ([batch, kv_heads, past, head_dim], their dtype).
// Names follow the transformers.js / Optimum export the lab's builder also writes.
import { dtypeInfo, dtypeOfCode } from '../onnx/dtype.ts';
import { GraphIndex } from '../onnx/graph-index.ts';
import { parameterCount } from '../onnx/parameter-count.ts';
import { int64ToNumber, type onnx } from '../onnx/proto.ts';
import { tensorByteLength, tensorDims } from '../onnx/tensor-bytes.ts';
import { readValueType } from '../onnx/value-info.ts';
import { PlanInputError } from './errors.ts';
import type { ModelFacts, TensorBytes } from './facts.ts';

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;
const GATHER_TABLE_INPUTS: Record<string, number[]> = { Gather: [0], GatherBlockQuantized: [0, 2, 3] };

function elementBytes(code: number | null | undefined): number {
  const dtype = dtypeOfCode(code);
  return dtype ? dtypeInfo(dtype).bits / 8 : 4;
}

/** Tables read one row per token: the data inputs of Gather / GatherBlockQuantized. */
function gatheredNames(graph: onnx.IGraphProto, index: GraphIndex): Set<string> {
  const names = new Set<string>();
  for (const node of graph.node ?? []) {
    for (const position of GATHER_TABLE_INPUTS[node.opType ?? ''] ?? []) {
      const name = node.input?.[position];
      if (name && index.initializers.has(name)) names.add(name);
    }
  }
  return names;
}

function kvFromInputs(graph: onnx.IGraphProto): { bytesPerToken: number; layers: number; kvHeads: number; headDim: number } {
  let bytesPerToken = 0;
  const layers = new Set<number>();
  let kvHeads = 0;
  let headDim = 0;
  for (const input of graph.input ?? []) {
    const match = PAST.exec(input.name ?? '');
    if (!match) continue;
    const { shape } = readValueType(input.type);
    const heads = shape?.[1];
    const width = shape?.[3];
    if (typeof heads !== 'number' || typeof width !== 'number') {
      throw new PlanInputError(`ONNX input ${input.name} has no fixed kv_heads and head_dim (shape ${JSON.stringify(shape)}).`, input.name ?? '');
    }
    bytesPerToken += heads * width * elementBytes(input.type?.tensorType?.elemType);
    layers.add(Number(match[1]));
    kvHeads = heads;
    headDim = width;
  }
  if (layers.size === 0) throw new PlanInputError('The ONNX model has no past_key_values.<i>.key inputs: it is not a decoder exported with a KV cache.', 'past_key_values');
  return { bytesPerToken, layers: layers.size, kvHeads, headDim };
}

/** The width of a MatMul-like weight pair: [K, N] float, or MatMulNBits' K and N attributes. */
function matmulShapes(graph: onnx.IGraphProto, index: GraphIndex): Array<{ name: string; k: number; n: number }> {
  const shapes: Array<{ name: string; k: number; n: number }> = [];
  for (const node of graph.node ?? []) {
    const weight = node.input?.[1];
    if (!weight || !index.initializers.has(weight)) continue;
    if (node.opType === 'MatMulNBits') {
      const attr = (name: string) => int64ToNumber((node.attribute ?? []).find((a) => a.name === name)?.i ?? 0);
      shapes.push({ name: weight, k: attr('K'), n: attr('N') });
    } else if (node.opType === 'MatMul') {
      const dims = tensorDims(index.initializers.get(weight)!);
      if (dims.length === 2) shapes.push({ name: weight, k: dims[0]!, n: dims[1]! });
    }
  }
  return shapes;
}

export function factsFromOnnx(model: onnx.IModelProto, label = 'ONNX initializers'): ModelFacts {
  const graph = model.graph ?? {};
  const index = new GraphIndex(graph);
  const gathered = gatheredNames(graph, index);
  const tensors: TensorBytes[] = [];
  let weightsBytes = 0;
  let gatheredBytes = 0;
  let largestTensor = { name: '', bytes: 0 };
  for (const tensor of graph.initializer ?? []) {
    const bytes = tensorByteLength(tensor);
    const name = tensor.name ?? '';
    weightsBytes += bytes;
    if (gathered.has(name)) gatheredBytes += bytes;
    if (bytes > largestTensor.bytes) largestTensor = { name, bytes };
    tensors.push({ name, role: gathered.has(name) ? 'embedding' : tensorDims(tensor).length >= 2 ? 'linear' : 'vector', count: 1, bytesEach: bytes });
  }
  const kv = kvFromInputs(graph);
  const logits = index.outputs.find((o) => o.name === 'logits');
  const logitsShape = readValueType(logits?.type).shape;
  const matmuls = matmulShapes(graph, index);
  const vocab = typeof logitsShape?.[2] === 'number' ? logitsShape[2] : Math.max(0, ...matmuls.map((m) => m.n));
  const hidden = matmuls.find((m) => m.n === vocab)?.k ?? 0;
  const inner = matmuls.filter((m) => m.n !== vocab);
  const query = matmuls.find((m) => /q_proj/.test(m.name));
  return {
    source: label,
    formatLabel: 'as stored in the file',
    runtime: 'onnx',
    parameters: parameterCount(graph, index),
    weightsBytes,
    largestTensor,
    gatheredBytes,
    kvBytesPerToken: kv.bytesPerToken,
    shape: {
      vocab,
      hidden,
      intermediate: Math.max(0, ...inner.map((m) => Math.max(m.k, m.n))),
      heads: query ? query.n / kv.headDim : kv.kvHeads,
      kvHeads: kv.kvHeads,
      headDim: kv.headDim,
      layers: kv.layers,
    },
    activationBytes: elementBytes(logits?.type?.tensorType?.elemType),
    tensors,
  };
}
