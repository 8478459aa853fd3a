// Decides, node by node, where the fp16 conversion computes in float16 and where float32 islands
// stay (op-tables.ts says which ops and why). Walks the graph in topological order so a node sees
// its producers' decisions. Only float32 edges matter: nodes without float32 inputs or outputs are
// 'none' (integer and shape arithmetic is left alone). Constant sources (Constant,
// ConstantOfShape) follow their consumers: float16 only when every consumer computes in float16.
import { onnx, type GraphIndex } from '../../../onnx/index.ts';
import { CompressError } from '../../errors.ts';
import { intAttribute } from '../../discover.ts';
import { FLOAT16_CONTRIB_OPS, FLOAT32_OPS, ISLAND_EXTENDING_OPS } from './op-tables.ts';

export type Region = 'fp16' | 'fp32' | 'none';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

export interface RegionOptions {
  /** false: no float32 islands at all (everything in float16 that can be), for measurement. */
  islands: boolean;
  /** Nodes to keep in float32 regardless (e.g. the MatMul of an excluded weight). */
  keepFloat32: ReadonlySet<onnx.INodeProto>;
  /** Default-domain opset: DequantizeLinear takes a float16 scale only from opset 19. */
  opset: number;
}

export interface RegionPlan {
  regions: Map<onnx.INodeProto, Region>;
  /** Values that are constant whatever the inputs (initializers, Constant/ConstantOfShape outputs). */
  constants: Set<string>;
}

const isSource = (node: onnx.INodeProto): boolean => !node.domain && (node.opType === 'Constant' || node.opType === 'ConstantOfShape');
const hasSubgraph = (node: onnx.INodeProto): boolean => (node.attribute ?? []).some((attribute) => attribute.g || (attribute.graphs?.length ?? 0) > 0);

function opKey(node: onnx.INodeProto): string {
  return node.domain && node.domain !== 'ai.onnx' ? `${node.domain}:${node.opType}` : node.opType ?? '';
}

export function planRegions(index: GraphIndex, types: ReadonlyMap<string, number>, options: RegionOptions): RegionPlan {
  const isFloat = (name: string | null | undefined): name is string => !!name && types.get(name) === FLOAT;
  const regions = new Map<onnx.INodeProto, Region>();
  const constants = new Set<string>();
  for (const name of index.initializers.keys()) if (index.isConstant(name)) constants.add(name);
  for (const node of index.order) if (isSource(node)) for (const output of node.output ?? []) constants.add(output);
  const island = (name: string): boolean => {
    const producer = index.producer(name);
    return producer !== undefined && regions.get(producer) === 'fp32';
  };
  for (const node of index.order) {
    const floatInputs = (node.input ?? []).filter(isFloat);
    const carriesFloat = floatInputs.length > 0 || (node.output ?? []).some(isFloat);
    if (!carriesFloat) {
      regions.set(node, 'none');
      continue;
    }
    if (hasSubgraph(node)) {
      throw new CompressError(`fp16 conversion does not handle control flow: node '${node.name || node.opType}' (${node.opType}) has a subgraph that reads float32 values. Use int8, q4 or q8 for this model.`);
    }
    if (isSource(node)) continue; // decided below, from the consumers
    regions.set(node, decide(node, floatInputs, options, constants, island, types) ? 'fp32' : 'fp16');
  }
  for (const node of index.order) {
    if (!isSource(node) || regions.has(node)) continue;
    const outputs = (node.output ?? []).filter(isFloat);
    const graphOutputs = new Set(index.outputs.map((output) => output.name));
    const allFloat16 = outputs.every((name) => !graphOutputs.has(name) && index.consumersOf(name).every((consumer) => regions.get(consumer) === 'fp16'));
    regions.set(node, allFloat16 ? 'fp16' : 'fp32');
  }
  return { regions, constants };
}

/** True when `node` stays in float32. */
function decide(
  node: onnx.INodeProto,
  floatInputs: string[],
  options: RegionOptions,
  constants: ReadonlySet<string>,
  island: (name: string) => boolean,
  types: ReadonlyMap<string, number>,
): boolean {
  if (options.keepFloat32.has(node)) return true;
  const key = opKey(node);
  if (key.includes(':')) return !FLOAT16_CONTRIB_OPS.has(key); // contrib ops without known float16 kernels
  if (key === 'DequantizeLinear' && options.opset < 19) return true;
  if (!options.islands) return false;
  if (FLOAT32_OPS.has(key)) return true;
  const inputs = node.input ?? [];
  // x * x (the square inside RMSNorm / variance): float16 overflows for |x| > 256.
  if (key === 'Mul' && inputs[0] && inputs[0] === inputs[1]) return true;
  // Cast of integers to float (positions, masks): the start of index-derived float arithmetic.
  if (key === 'Cast' && floatInputs.length === 0 && intAttribute(node, 'to', 0) === FLOAT) return !isFloatCode(types.get(inputs[0] ?? ''));
  if (ISLAND_EXTENDING_OPS.has(key) && floatInputs.length > 0) {
    return floatInputs.every((name) => island(name) || constants.has(name)) && floatInputs.some(island);
  }
  return false;
}

function isFloatCode(code: number | undefined): boolean {
  const T = onnx.TensorProto.DataType;
  return code === T.FLOAT || code === T.FLOAT16 || code === T.DOUBLE || code === T.BFLOAT16;
}
