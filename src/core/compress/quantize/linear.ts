// Replaces one MatMul or Gemm by a quantized core (MatMulNBits, or the dynamic int8 chain) while
// keeping what Gemm computes around the product: Y = alpha * op(A) @ op(B) + beta * C.
//   transA = 1   -> Transpose(A) in front (the core reads A [M, K])
//   alpha != 1   -> Mul(Y, alpha) after the core
//   C present    -> Add(Y, beta * C): beta folded into a new constant when C is an initializer,
//                   else Mul(C, beta); Add broadcasts C [N], [1, N] or [M, N] as Gemm does.
// transB is handled by the caller, which quantizes the weight from its stored layout.
import { createTensor, float32ArrayToFloat16, tensorToFloat32, type onnx } from '../../onnx/index.ts';
import type { CompressContext } from '../context.ts';
import { floatAttribute, intAttribute } from '../discover.ts';
import { makeNode, replaceNode } from '../graph-edit.ts';

export type ActivationType = 'float32' | 'float16';

/** A new constant initializer of the activation type; returns its name. */
export function floatConstant(context: CompressContext, base: string, values: Float32Array, dims: readonly number[], dtype: ActivationType): string {
  const name = context.uniqueName(base);
  context.replaceInitializer(dtype === 'float16' ? createTensor(name, 'float16', dims, float32ArrayToFloat16(values)) : createTensor(name, 'float32', dims, values));
  return name;
}

/** Builds the nodes computing `output` = A @ W (quantized) from `input`. */
export type CoreBuilder = (input: string, output: string, prefix: string) => onnx.INodeProto[];

/** Rewrites `node` (MatMul or Gemm reading the weight as B) into the quantized core plus Gemm's epilogue. */
export function rewriteLinearNode(context: CompressContext, node: onnx.INodeProto, dtype: ActivationType, core: CoreBuilder): void {
  const prefix = node.name || context.uniqueName('linear');
  const [input, , bias] = node.input ?? [];
  const output = node.output![0]!;
  if (node.opType === 'MatMul') {
    replaceNode(context.graph, node, core(input!, output, prefix));
    return;
  }
  const nodes: onnx.INodeProto[] = [];
  let a = input!;
  if (intAttribute(node, 'transA', 0) === 1) {
    const transposed = context.uniqueName(`${prefix}/A_transposed`);
    nodes.push(makeNode({ opType: 'Transpose', name: `${prefix}/Transpose_A`, inputs: [a], outputs: [transposed], attributes: { perm: [1, 0] } }));
    a = transposed;
  }
  const alpha = floatAttribute(node, 'alpha', 1);
  const beta = floatAttribute(node, 'beta', 1);
  const hasBias = bias !== undefined && bias !== '' && beta !== 0;
  const steps: { op: string; operand: string }[] = [];
  if (alpha !== 1) steps.push({ op: 'Mul', operand: floatConstant(context, `${prefix}/alpha`, Float32Array.of(alpha), [], dtype) });
  if (hasBias) steps.push({ op: 'Add', operand: scaledBias(context, nodes, bias, beta, prefix, dtype) });
  let current = steps.length === 0 ? output : context.uniqueName(`${prefix}/product`);
  nodes.push(...core(a, current, prefix));
  steps.forEach((step, i) => {
    const next = i === steps.length - 1 ? output : context.uniqueName(`${prefix}/${step.op}`);
    nodes.push(makeNode({ opType: step.op, name: `${prefix}/${step.op}_${i}`, inputs: [current, step.operand], outputs: [next] }));
    current = next;
  });
  replaceNode(context.graph, node, nodes);
}

/** beta * C: a new constant when C is an initializer (C itself when beta = 1), else a Mul node. */
function scaledBias(context: CompressContext, nodes: onnx.INodeProto[], bias: string, beta: number, prefix: string, dtype: ActivationType): string {
  if (beta === 1) return bias;
  const tensor = context.initializer(bias);
  if (tensor && context.index.isConstant(bias)) {
    const values = tensorToFloat32(tensor, context.externalData).map((value) => value * beta);
    return floatConstant(context, `${prefix}/bias_scaled`, values, (tensor.dims ?? []).map(Number), dtype);
  }
  const scaled = context.uniqueName(`${prefix}/bias_scaled`);
  nodes.push(makeNode({ opType: 'Mul', name: `${prefix}/Mul_beta`, inputs: [bias, floatConstant(context, `${prefix}/beta`, Float32Array.of(beta), [], dtype)], outputs: [scaled] }));
  return scaled;
}
