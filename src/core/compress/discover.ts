// Finds the weights compression can rewrite: constant float32/float16 matrices read as the B input
// of MatMul or Gemm (linear layers; PyTorch 1.x exports write them as Gemm, transB 0 or 1), and
// constant tables read by Gather on axis 0 (token embeddings). A tensor qualifies only when every
// node that reads it reads it that way, so replacing it cannot change another consumer.
import { int64ToNumber, tensorLayout, type GraphIndex, type onnx } from '../onnx/index.ts';
import type { WeightLayout } from './kernels/index.ts';

export interface LinearWeight {
  /** Initializer name. */
  name: string;
  /** Every MatMul/Gemm that reads it as B (usually one). */
  nodes: onnx.INodeProto[];
  op: 'MatMul' | 'Gemm';
  /** 'kn': stored [K, N] (MatMul, Gemm transB = 0); 'nk': stored [N, K] (Gemm transB = 1). */
  layout: WeightLayout;
  /** Input features (the reduced dimension) and output features. */
  K: number;
  N: number;
  dtype: 'float32' | 'float16';
  /** The activation the (first) node multiplies: calibration statistics are keyed by it. */
  input: string;
}

export interface EmbeddingTable {
  name: string;
  /** The Gather nodes that read it (axis 0, table as input 0). */
  nodes: onnx.INodeProto[];
  vocab: number;
  hidden: number;
  dtype: 'float32' | 'float16';
}

/** Integer attribute of a node, or `fallback` when absent. */
export function intAttribute(node: onnx.INodeProto, name: string, fallback: number): number {
  const attribute = (node.attribute ?? []).find((candidate) => candidate.name === name);
  return attribute ? int64ToNumber(attribute.i) : fallback;
}

export function floatAttribute(node: onnx.INodeProto, name: string, fallback: number): number {
  const attribute = (node.attribute ?? []).find((candidate) => candidate.name === name);
  return attribute && attribute.f !== null && attribute.f !== undefined ? attribute.f : fallback;
}

const isDefaultDomain = (node: onnx.INodeProto): boolean => !node.domain || node.domain === 'ai.onnx';

/** A constant float32/float16 matrix: [rows, cols] with both positive. */
function constantMatrix(index: GraphIndex, name: string): { dims: [number, number]; dtype: 'float32' | 'float16' } | null {
  const tensor = index.initializers.get(name);
  if (!tensor || !index.isConstant(name)) return null;
  const { dtype, dims } = tensorLayout(tensor);
  if ((dtype !== 'float32' && dtype !== 'float16') || dims.length !== 2 || dims[0]! === 0 || dims[1]! === 0) return null;
  return { dims: [dims[0]!, dims[1]!], dtype };
}

/** How `node` reads `name` as a linear weight, or null when it reads it some other way. */
function linearUse(node: onnx.INodeProto, name: string): { op: 'MatMul' | 'Gemm'; layout: WeightLayout } | null {
  if (!isDefaultDomain(node)) return null;
  const inputs = node.input ?? [];
  if (inputs[1] !== name || inputs[0] === name) return null;
  if (node.opType === 'MatMul') return { op: 'MatMul', layout: 'kn' };
  if (node.opType === 'Gemm' && inputs[2] !== name) return { op: 'Gemm', layout: intAttribute(node, 'transB', 0) === 1 ? 'nk' : 'kn' };
  return null;
}

export function discoverLinearWeights(index: GraphIndex): LinearWeight[] {
  const found: LinearWeight[] = [];
  for (const [name] of index.initializers) {
    const matrix = constantMatrix(index, name);
    const consumers = index.consumersOf(name);
    if (!matrix || consumers.length === 0) continue;
    const uses = consumers.map((node) => linearUse(node, name));
    const first = uses[0];
    if (!first || uses.some((use) => !use || use.op !== first.op || use.layout !== first.layout)) continue;
    const [rows, cols] = matrix.dims;
    const [K, N] = first.layout === 'kn' ? [rows, cols] : [cols, rows];
    found.push({ name, nodes: [...consumers], op: first.op, layout: first.layout, K, N, dtype: matrix.dtype, input: consumers[0]!.input![0]! });
  }
  return found;
}

export function discoverEmbeddings(index: GraphIndex): EmbeddingTable[] {
  const found: EmbeddingTable[] = [];
  for (const [name] of index.initializers) {
    const matrix = constantMatrix(index, name);
    const consumers = index.consumersOf(name);
    if (!matrix || consumers.length === 0) continue;
    const gathers = consumers.every((node) => isDefaultDomain(node) && node.opType === 'Gather' && node.input?.[0] === name && node.input?.[1] !== name && intAttribute(node, 'axis', 0) === 0);
    if (!gathers) continue;
    found.push({ name, nodes: [...consumers], vocab: matrix.dims[0], hidden: matrix.dims[1], dtype: matrix.dtype });
  }
  return found;
}
