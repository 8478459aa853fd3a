// After an MLP block loses neurons, everything inside it whose last axis was the intermediate size I
// must follow: per-neuron constants (biases [I], scales [..., I]) keep the kept entries, Reshape
// shape constants ending in I end in I', and value_info shapes ending in I end in I'. A constant
// that nodes outside the block also read is copied under a new name rather than changed in place.
import {
  createTensor,
  int64ToNumber,
  tensorLayout,
  tensorValues,
  type onnx,
  type TensorValues,
} from '../../onnx/index.ts';
import type { CompressContext } from '../context.ts';
import { UnprunableWeightError } from './errors.ts';
import type { MlpBlock } from './mlp-blocks.ts';

/** Entries `kept` of the last axis of `values` [..., I] -> [..., kept.length]. */
export function sliceLastAxis(values: TensorValues, I: number, kept: Uint32Array): TensorValues {
  const rows = values.length / I;
  const Out = values.constructor as new (length: number) => TensorValues;
  const out = new Out(rows * kept.length);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < kept.length; j++) (out as Float64Array)[r * kept.length + j] = (values as Float64Array)[r * I + kept[j]!]!;
  }
  return out;
}

/** The tensor behind a constant value: an initializer, or a Constant node's `value` attribute. */
function constantTensor(context: CompressContext, name: string): { tensor: onnx.ITensorProto; node?: onnx.INodeProto } | null {
  const initializer = context.initializer(name);
  if (initializer) return { tensor: initializer };
  const node = context.index.producer(name);
  const value = node?.opType === 'Constant' ? (node.attribute ?? []).find((a) => a.name === 'value')?.t : undefined;
  return value && node ? { tensor: value, node } : null;
}

/** The new content of a region constant, or null when it has no intermediate axis to follow. */
function rewritten(context: CompressContext, consumer: onnx.INodeProto, operand: number, tensor: onnx.ITensorProto, block: MlpBlock, kept: Uint32Array): onnx.TensorProto | null {
  const { dtype, dims } = tensorLayout(tensor);
  const I = block.intermediate;
  const name = tensor.name ?? '';
  if (consumer.opType === 'Reshape' && operand === 1) {
    const shape = Array.from(tensorValues(tensor, context.externalData) as BigInt64Array, (v) => Number(v));
    if (shape.slice(0, -1).includes(I)) {
      throw new UnprunableWeightError(`Reshape '${consumer.name ?? ''}' inside the MLP of '${block.down.name}' moves the intermediate axis (shape [${shape.join(', ')}]); neuron pruning needs it to stay last.`);
    }
    if (shape[shape.length - 1] !== I) return null;
    shape[shape.length - 1] = kept.length;
    return createTensor(name, 'int64', dims, BigInt64Array.from(shape, (v) => BigInt(v)));
  }
  if (dims.length === 0 || dims[dims.length - 1] !== I) return null; // a scalar or broadcast constant
  const sliced = sliceLastAxis(tensorValues(tensor, context.externalData), I, kept);
  return createTensor(name, dtype, [...dims.slice(0, -1), kept.length], sliced);
}

/** Puts `tensor` where `consumer` reads operand `operand`, copying when others share the original. */
function install(context: CompressContext, block: MlpBlock, consumer: onnx.INodeProto, operand: number, source: { tensor: onnx.ITensorProto; node?: onnx.INodeProto }, tensor: onnx.TensorProto): void {
  const original = consumer.input![operand]!;
  const region = new Set(block.nodes);
  const shared = context.index.consumersOf(original).some((node) => !region.has(node));
  if (shared || source.node) {
    const name = context.uniqueName(`${original}_pruned`);
    tensor.name = name;
    context.replaceInitializer(tensor);
    consumer.input![operand] = name;
    return;
  }
  context.replaceInitializer(tensor);
}

/** Slices per-neuron constants and rewrites Reshape shapes inside the block. */
export function rewriteBlockConstants(context: CompressContext, block: MlpBlock, kept: Uint32Array): void {
  for (const node of block.nodes) {
    (node.input ?? []).forEach((input, operand) => {
      if (!input || block.values.has(input)) return;
      const source = constantTensor(context, input);
      if (!source) return;
      const tensor = rewritten(context, node, operand, source.tensor, block, kept);
      if (tensor) install(context, block, node, operand, source, tensor);
    });
  }
}

/** A Gemm gate/up carries a bias C [I] that loses the removed neurons too. */
export function sliceGemmBias(context: CompressContext, node: onnx.INodeProto, I: number, kept: Uint32Array): void {
  const bias = node.input?.[2];
  const tensor = bias ? context.initializer(bias) : undefined;
  if (!bias || !tensor) return;
  const { dtype, dims } = tensorLayout(tensor);
  if (dims[dims.length - 1] !== I) return;
  const sliced = createTensor(bias, dtype, [...dims.slice(0, -1), kept.length], sliceLastAxis(tensorValues(tensor, context.externalData), I, kept));
  if (context.index.consumersOf(bias).length > 1) {
    sliced.name = context.uniqueName(`${bias}_pruned`);
    node.input![2] = sliced.name;
  }
  context.replaceInitializer(sliced);
}

/** Declared shapes [..., I] of the block's values become [..., I']. */
export function rewriteValueInfo(context: CompressContext, block: MlpBlock, intermediateAfter: number): void {
  for (const info of context.graph.valueInfo ?? []) {
    if (!block.values.has(info.name ?? '')) continue;
    const dims = info.type?.tensorType?.shape?.dim ?? [];
    const last = dims[dims.length - 1];
    if (last && !last.dimParam && Object.prototype.hasOwnProperty.call(last, 'dimValue') && int64ToNumber(last.dimValue) === block.intermediate) {
      last.dimValue = intermediateAfter;
    }
  }
}
