// int8: weight-only, symmetric, one scale per output channel. The weight becomes
//   q     int8 [K, N] (MatMul, Gemm transB = 0) or [N, K] (Gemm transB = 1), stored layout kept
//   scale T    [N]    T = activation type
// and the node reads DequantizeLinear(q, scale, axis) in place of the float weight: axis 1 for
// [K, N], 0 for [N, K]. Gemm stays a Gemm, so alpha, beta and C are untouched. Runs on WebGPU and wasm.
// Per-axis DequantizeLinear needs opset 13 and a float16 scale opset 19; older graphs cannot be
// bumped safely (Squeeze, Split, ReduceSum changed signature at 13), so there the same product
// (q - 0) * scale is written as Cast(q -> T) then Mul by the scale shaped to broadcast ([N] or [N, 1]).
import { dtypeCode, float16BitsToFloat32, float32ArrayToFloat16, tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import { defaultOpset, insertBefore, makeNode } from '../graph-edit.ts';
import { int8PerChannelError, quantizeInt8PerChannel, sourceFloats } from '../kernels/index.ts';
import type { TensorReport } from '../types.ts';
import { tensorReport, writtenBytes } from './report.ts';
import { ownedTensor } from './tensors.ts';

/** Scale tensor of the activation type; float16 rounding is written back so the report sees stored values. */
function scaleTensor(name: string, scale: Float32Array, dims: number[], dtype: 'float32' | 'float16'): onnx.TensorProto {
  if (dtype === 'float32') return ownedTensor(name, 'float32', dims, scale);
  const bits = float32ArrayToFloat16(scale);
  for (let i = 0; i < bits.length; i++) scale[i] = float16BitsToFloat32(bits[i]!);
  return ownedTensor(name, 'float16', dims, bits);
}

export function quantizeInt8(context: CompressContext, weight: LinearWeight, step: number): TensorReport {
  const { K, N, name, layout, dtype } = weight;
  const bytesBefore = tensorByteLength(context.initializer(name)!);
  const W = sourceFloats(context.float32Bytes(name) ?? context.weightValues(name)); // a view when aligned float32
  const quantized = quantizeInt8PerChannel(W, K, N, layout);
  const opset = defaultOpset(context.model);
  const native = opset >= 13 && (dtype === 'float32' || opset >= 19);
  const stored = layout === 'kn' ? [K, N] : [N, K];
  const q = ownedTensor(context.uniqueName(`${name}_quantized`), 'int8', stored, quantized.q);
  // Cast+Mul fallback: the scale must broadcast along the output axis of the stored layout.
  const scaleDims = native || layout === 'kn' ? [N] : [N, 1];
  const scale = scaleTensor(context.uniqueName(`${name}_scale`), quantized.scale, scaleDims, dtype);
  context.replaceInitializer(q);
  context.replaceInitializer(scale);
  const dequantized = context.uniqueName(`${name}_dequantized`);
  const nodes = native
    ? [makeNode({ opType: 'DequantizeLinear', name: `${name}/DequantizeLinear`, inputs: [q.name, scale.name], outputs: [dequantized], attributes: { axis: quantized.axis } })]
    : castAndScale(context, name, q.name, scale.name, dequantized, dtype);
  // One dequantization feeds every consumer; it goes before the first of them in the node list.
  const first = context.graph.node!.find((node) => weight.nodes.includes(node))!;
  insertBefore(context.graph, first, nodes);
  for (const node of weight.nodes) node.input![1] = dequantized;
  context.removeInitializer(name);
  const error = int8PerChannelError(W, quantized, K, N); // against the stored (possibly float16) scales
  return tensorReport({ name, step, method: 'int8', shape: stored, bytesBefore, bytesAfter: writtenBytes([q, scale]), error });
}

function castAndScale(context: CompressContext, name: string, q: string, scale: string, output: string, dtype: 'float32' | 'float16'): onnx.INodeProto[] {
  const widened = context.uniqueName(`${name}_widened`);
  return [
    makeNode({ opType: 'Cast', name: `${name}/Cast_int8`, inputs: [q], outputs: [widened], attributes: { to: dtypeCode(dtype) } }),
    makeNode({ opType: 'Mul', name: `${name}/Mul_scale`, inputs: [widened, scale], outputs: [output] }),
  ];
}
