// fp16: weights and activations in float16, graph inputs and outputs stay float32 (Casts at the
// boundary, as transformers.js `_fp16` files do), float32 islands where regions.ts keeps them.
// Only float32 edges change: float16/float64/integer values are left as they are, so a model that
// is already float16 passes through unchanged. Steps:
//   1. types of every value (value-types.ts), a region per node (regions.ts)
//   2. float32 initializers read by float16 nodes become float16 (in place, or a copy when float32
//      nodes read them too); the selected weights are reported with their rounding error
//   3. every float edge whose producer and consumer disagree gets a Cast (one per value and type)
//   4. graph outputs produced in float16 are renamed and Cast back to float32 under their name
//   5. nodes are re-sorted topologically (new Casts were appended)
import { float16ArrayToFloat32, GraphIndex, onnx, tensorByteLength, type ExternalDataResolver } from '../../../onnx/index.ts';
import type { CompressContext, StepOutcome } from '../../context.ts';
import { defaultOpset, makeNode } from '../../graph-edit.ts';
import type { QuantizeStep, TensorReport } from '../../types.ts';
import { tensorError } from '../../kernels/index.ts';
import { tensorReport } from '../report.ts';
import { FLOAT32_INPUT_SLOTS } from './op-tables.ts';
import { planRegions, type Region } from './regions.ts';
import { convertAttributes, toFloat16Tensor } from './tensors.ts';
import { inferValueTypes } from './value-types.ts';

const T = onnx.TensorProto.DataType;

export interface Float16Options {
  /** Keep the float32 islands (default true); false converts every op that has a float16 form. */
  islands?: boolean;
}

class Float16Rewrite {
  readonly float16 = new Set<string>();
  readonly #casts = new Map<string, string>();
  readonly #added: onnx.INodeProto[] = [];

  constructor(readonly context: CompressContext, readonly regions: Map<onnx.INodeProto, Region>) {}

  /** The name of `value` cast to float16 (16) or float32 (32), creating the Cast once. */
  cast(value: string, to: 16 | 32): string {
    const key = `${value}->${to}`;
    const known = this.#casts.get(key);
    if (known) return known;
    const output = this.context.uniqueName(`${value}_to_fp${to}`);
    this.#added.push(makeNode({ opType: 'Cast', name: output, inputs: [value], outputs: [output], attributes: { to: to === 16 ? T.FLOAT16 : T.FLOAT } }));
    this.#casts.set(key, output);
    if (to === 16) this.float16.add(output);
    return output;
  }

  get added(): readonly onnx.INodeProto[] {
    return this.#added;
  }
}

const wantsFloat32Slot = (node: onnx.INodeProto, slot: number): boolean => (FLOAT32_INPUT_SLOTS[node.opType ?? ''] ?? []).includes(slot) && !node.domain;

/** Step 2: float16 initializers; returns the reports of the selected weights. */
function convertInitializers(context: CompressContext, rewrite: Float16Rewrite, isFloat: (name: string) => boolean, reported: ReadonlySet<string>, step: number, external: ExternalDataResolver): TensorReport[] {
  const reports: TensorReport[] = [];
  const graphOutputs = new Set(context.index.outputs.map((output) => output.name ?? ''));
  for (const [name, tensor] of [...context.index.initializers]) {
    if (!isFloat(name) || !context.index.isConstant(name)) continue;
    const readers = context.index.consumersOf(name).flatMap((node) => (node.input ?? []).map((input, slot) => ({ node, input, slot })).filter((use) => use.input === name));
    const half = readers.filter((use) => rewrite.regions.get(use.node) === 'fp16' && !wantsFloat32Slot(use.node, use.slot));
    if (half.length === 0) continue;
    const inPlace = half.length === readers.length && !graphOutputs.has(name);
    const target = inPlace ? name : context.uniqueName(`${name}_fp16`);
    const { tensor: converted, values, bits } = toFloat16Tensor(tensor, target, external);
    context.replaceInitializer(converted);
    rewrite.float16.add(target);
    if (!inPlace) for (const use of half) use.node.input![use.slot] = target;
    if (reported.has(name)) {
      const dims = (tensor.dims ?? []).map(Number);
      reports.push(tensorReport({ name, step, method: 'fp16', shape: dims, bytesBefore: tensorByteLength(tensor), bytesAfter: bits.length * 2, error: tensorError(values, float16ArrayToFloat32(bits)) }));
    }
  }
  return reports;
}

export async function convertToFloat16(context: CompressContext, step: QuantizeStep, stepIndex: number, options: Float16Options = {}): Promise<StepOutcome> {
  const index = context.index;
  const types = inferValueTypes(index);
  const isFloat = (name: string): boolean => types.get(name) === T.FLOAT;
  const selected = new Set([...context.selectWeights(step.select), ...context.selectEmbeddings(step.select)].map((tensor) => tensor.name));
  const keepFloat32 = new Set([...context.weights, ...context.embeddings].filter((tensor) => !selected.has(tensor.name)).flatMap((tensor) => tensor.nodes));
  const { regions } = planRegions(index, types, { islands: options.islands ?? true, keepFloat32, opset: defaultOpset(context.model) });
  const rewrite = new Float16Rewrite(context, regions);
  for (const node of index.order) if (regions.get(node) === 'fp16') for (const output of node.output ?? []) if (isFloat(output)) rewrite.float16.add(output);
  context.progress(stepIndex, '', 0, 1, 'fp16: converting weights');
  const tensors = convertInitializers(context, rewrite, isFloat, selected, stepIndex, context.externalData);
  context.checkCancelled();
  // Step 3: casts on disagreeing edges, attributes of float16 nodes.
  for (const node of index.order) {
    const region = regions.get(node);
    if (region === 'none' || region === undefined) continue;
    (node.input ?? []).forEach((input, slot) => {
      if (!input || !(isFloat(input) || rewrite.float16.has(input))) return;
      const want = region === 'fp16' && !wantsFloat32Slot(node, slot) ? 16 : 32;
      const have = rewrite.float16.has(input) ? 16 : 32;
      if (want !== have) node.input![slot] = rewrite.cast(input, want);
    });
    if (region === 'fp16') convertAttributes(node);
  }
  const renamed = restoreFloat32Outputs(context, rewrite, isFloat);
  const nodes = [...(context.graph.node ?? []), ...rewrite.added, ...renamed];
  context.graph.node = new GraphIndex({ ...context.graph, node: nodes }).order;
  retypeValueInfo(context.graph, rewrite.float16);
  context.refresh();
  const converted = [...rewrite.float16].filter((name) => context.index.initializers.has(name)).length;
  const notes = converted === 0 ? ['fp16: the model had no float32 weights to convert (already float16?); graph left as is.'] : [];
  context.progress(stepIndex, '', 1, 1, `fp16: ${converted} constants converted`);
  return { tensors, notes };
}

/** Step 4: outputs computed in float16 get a float32 Cast under their original name. */
function restoreFloat32Outputs(context: CompressContext, rewrite: Float16Rewrite, isFloat: (name: string) => boolean): onnx.INodeProto[] {
  const added: onnx.INodeProto[] = [];
  for (const output of context.graph.output ?? []) {
    const name = output.name ?? '';
    if (!isFloat(name) || !rewrite.float16.has(name)) continue;
    const internal = context.uniqueName(`${name}_fp16`);
    for (const node of [...(context.graph.node ?? []), ...rewrite.added]) {
      node.input = (node.input ?? []).map((input) => (input === name ? internal : input));
      node.output = (node.output ?? []).map((value) => (value === name ? internal : value));
    }
    rewrite.float16.add(internal);
    added.push(makeNode({ opType: 'Cast', name: `${name}/Cast_to_float32`, inputs: [internal], outputs: [name], attributes: { to: T.FLOAT } }));
  }
  return added;
}

function retypeValueInfo(graph: onnx.IGraphProto, float16: ReadonlySet<string>): void {
  for (const info of graph.valueInfo ?? []) {
    const tensorType = info.type?.tensorType;
    if (tensorType && tensorType.elemType === T.FLOAT && float16.has(info.name ?? '')) tensorType.elemType = T.FLOAT16;
  }
}
