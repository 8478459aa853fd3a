// Element type of every value in a graph (ONNX TensorProto.DataType codes), which the fp16
// converter needs to know which edges carry float32. Declared types (inputs, outputs, value_info,
// initializers) come first; the rest is inferred in topological order from per-operator rules
// (ONNX operator schemas: which output follows which input, which ops fix their output type).
import { int64ToNumber, onnx, type GraphIndex } from '../../../onnx/index.ts';
import { FIXED_OUTPUT_TYPES } from './op-tables.ts';

const T = onnx.TensorProto.DataType;
const FLOAT_TYPES = new Set<number>([T.FLOAT, T.FLOAT16, T.BFLOAT16, T.DOUBLE]);

function attributeOf(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((attribute) => attribute.name === name);
}

/** Type of a Constant node's value (value, value_float(s), value_int(s), value_string(s)). */
function constantType(node: onnx.INodeProto): number | undefined {
  for (const attribute of node.attribute ?? []) {
    if (attribute.name === 'value' && attribute.t) return attribute.t.dataType ?? undefined;
    if (attribute.name === 'value_float' || attribute.name === 'value_floats') return T.FLOAT;
    if (attribute.name === 'value_int' || attribute.name === 'value_ints') return T.INT64;
    if (attribute.name === 'value_string' || attribute.name === 'value_strings') return T.STRING;
  }
  return undefined;
}

/** Types of a node's outputs from its op and input types; undefined where unknown. */
function inferOutputs(node: onnx.INodeProto, typeOf: (name: string) => number | undefined): (number | undefined)[] {
  const inputs = (node.input ?? []).map((name) => (name ? typeOf(name) : undefined));
  const outputs = node.output ?? [];
  const op = node.opType ?? '';
  const domain = node.domain && node.domain !== 'ai.onnx' ? node.domain : '';
  const fixed = domain === '' ? FIXED_OUTPUT_TYPES[op] : undefined;
  if (fixed) return outputs.map((_, i) => fixed[Math.min(i, fixed.length - 1)]);
  const to = attributeOf(node, 'to');
  const dtype = attributeOf(node, 'dtype');
  switch (domain === '' ? op : `${domain}:${op}`) {
    case 'Cast':
      return [to ? int64ToNumber(to.i) : undefined];
    case 'CastLike':
      return [inputs[1]];
    case 'Constant':
      return [constantType(node)];
    case 'ConstantOfShape':
      return [attributeOf(node, 'value')?.t?.dataType ?? T.FLOAT];
    case 'EyeLike':
    case 'RandomNormalLike':
    case 'RandomUniformLike':
      return [dtype ? int64ToNumber(dtype.i) : inputs[0]];
    case 'RandomNormal':
    case 'RandomUniform':
      return [dtype ? int64ToNumber(dtype.i) : T.FLOAT];
    case 'DequantizeLinear':
      return [inputs[1]];
    case 'QuantizeLinear':
      return [inputs[2] ?? T.UINT8];
    case 'Where':
      return [inputs[1]];
    case 'TopK':
      return [inputs[0], T.INT64];
    case 'com.microsoft:GatherBlockQuantized':
      return [inputs[2]];
    case 'com.microsoft:EmbedLayerNormalization':
      return [inputs[5] ?? T.FLOAT, T.INT32, inputs[5] ?? T.FLOAT];
    default: {
      // Most ops (elementwise, shape movement, MatMul, normalizations, contrib ops) output the
      // type of their first float input, else of their first input.
      const float = inputs.find((type) => type !== undefined && FLOAT_TYPES.has(type));
      return outputs.map(() => float ?? inputs[0]);
    }
  }
}

/** Element type code of every value the graph names (declared or inferred). */
export function inferValueTypes(index: GraphIndex): Map<string, number> {
  const types = new Map<string, number>();
  for (const tensor of index.graph.initializer ?? []) types.set(tensor.name ?? '', tensor.dataType ?? 0);
  for (const list of [index.graph.input, index.graph.output, index.graph.valueInfo]) {
    for (const info of list ?? []) {
      const elemType = info.type?.tensorType?.elemType;
      if (elemType) types.set(info.name ?? '', elemType);
    }
  }
  const typeOf = (name: string): number | undefined => types.get(name);
  for (const node of index.order) {
    const outputs = node.output ?? [];
    if (outputs.every((name) => !name || types.has(name))) continue;
    const inferred = inferOutputs(node, typeOf);
    outputs.forEach((name, i) => {
      const type = inferred[i];
      if (name && !types.has(name) && type !== undefined) types.set(name, type);
    });
  }
  return types;
}
