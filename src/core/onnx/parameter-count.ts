// The parameter count of a model, the same figure before and after quantization: elements of its
// floating-point initializers, plus the logical weight count of quantized weights (MatMulNBits
// B counts N x K, packed 4-bit tables count two weights per byte), minus what only describes a
// quantization (scales and zero points of the quantized weights). Shape and index constants
// (int64, int32) are not parameters, so `inspect` and the compression reports agree on one number.
import { isFloatDtype } from './dtype.ts';
import type { GraphIndex } from './graph-index.ts';
import { int64ToNumber, type onnx } from './proto.ts';
import { tensorLayout } from './tensor-bytes.ts';

type Node = onnx.INodeProto;

/** Input positions of each quantized-weight operator: the weight, and what only describes it. */
const QUANTIZED_INPUTS: Record<string, { weight: number; metadata: number[] }> = {
  MatMulNBits: { weight: 1, metadata: [2, 3] },
  GatherBlockQuantized: { weight: 0, metadata: [2, 3] },
  DequantizeLinear: { weight: 0, metadata: [1, 2] },
  MatMulInteger: { weight: 1, metadata: [2, 3] },
};

function intAttribute(node: Node, name: string): number | null {
  const found = (node.attribute ?? []).find((a) => a.name === name);
  return found?.i === undefined || found.i === null ? null : int64ToNumber(found.i);
}

/** Weights stored in `tensor` as the input of `node`: packed formats hold more than one per element. */
function logicalWeights(node: Node, tensor: onnx.ITensorProto): number {
  const { dtype, count } = tensorLayout(tensor);
  if (node.opType === 'MatMulNBits') {
    const n = intAttribute(node, 'N');
    const k = intAttribute(node, 'K');
    if (n !== null && k !== null) return n * k;
  }
  if (node.opType === 'GatherBlockQuantized' && (dtype === 'uint8' || dtype === 'int8')) return count * (8 / (intAttribute(node, 'bits') ?? 4));
  return count;
}

/** A float initializer multiplied with a dynamically quantized activation's scale (q8dyn's weight scale). */
function isDynamicScale(index: GraphIndex, name: string): boolean {
  return (index.consumers.get(name) ?? []).some(
    (node) => node.opType === 'Mul' && (node.input ?? []).some((input) => index.producers.get(input)?.opType === 'DynamicQuantizeLinear'),
  );
}

export function parameterCount(graph: onnx.IGraphProto, index: GraphIndex): number {
  const quantized = new Map<string, number>();
  const metadata = new Set<string>();
  for (const node of graph.node ?? []) {
    const roles = QUANTIZED_INPUTS[node.opType ?? ''];
    if (!roles || (node.domain ?? '') === 'ai.onnx.ml') continue;
    const inputs = node.input ?? [];
    const weight = index.initializers.get(inputs[roles.weight] ?? '');
    if (weight) quantized.set(weight.name ?? '', logicalWeights(node, weight));
    for (const position of roles.metadata) if (inputs[position]) metadata.add(inputs[position]!);
  }
  let count = 0;
  for (const tensor of graph.initializer ?? []) {
    const name = tensor.name ?? '';
    if (quantized.has(name)) count += quantized.get(name)!;
    else if (metadata.has(name) || isDynamicScale(index, name)) continue;
    else {
      const { dtype, count: elements } = tensorLayout(tensor);
      if (isFloatDtype(dtype)) count += elements;
    }
  }
  return count;
}
