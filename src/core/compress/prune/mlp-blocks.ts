// Finds the SwiGLU MLP blocks of a decoder, y = down(silu(gate(x)) * up(x)), as triples of linear
// weights plus the "region" between them: every node from the gate/up outputs to the down input.
// Removing neuron i is exact only when every region node acts per neuron (elementwise, constants
// broadcast along the intermediate axis, Reshape keeping it last); the region walk checks that, so
// the same rule covers graphs found by structure (MatMul -> Sigmoid/Mul -> Mul <- MatMul -> MatMul)
// and, as a fallback, by Hugging Face names (*.mlp.{gate,up,down}_proj.weight).
import type { onnx } from '../../onnx/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import { MlpNotFoundError } from './errors.ts';

export interface MlpBlock {
  gate: LinearWeight;
  up: LinearWeight;
  down: LinearWeight;
  hidden: number;
  intermediate: number;
  /** Values inside the block whose last axis is the intermediate one ([..., I]). */
  values: Set<string>;
  /** Nodes between gate/up and down (activation, product, casts, reshapes). */
  nodes: onnx.INodeProto[];
}

/** Per-element operators: the neuron axis passes through them untouched. */
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Sigmoid', 'Tanh', 'Relu', 'Erf', 'Exp', 'Neg', 'Softplus', 'Cast', 'Identity', 'Clip', 'Sqrt']);

type Node = onnx.INodeProto;

function single(weight: LinearWeight): Node | null {
  return weight.nodes.length === 1 ? weight.nodes[0]! : null;
}

/** Walks forward from gate/up outputs to the down node; null when the block is not per-neuron. */
function walkRegion(context: CompressContext, starts: string[], down: Node): { values: Set<string>; nodes: Node[] } | null {
  const index = context.index;
  const graphOutputs = new Set(index.outputs.map((output) => output.name ?? ''));
  const values = new Set<string>();
  const nodes = new Set<Node>();
  const queue = [...starts];
  while (queue.length > 0) {
    const value = queue.pop()!;
    if (values.has(value)) continue;
    if (graphOutputs.has(value)) return null; // the graph returns it: its shape must not change
    values.add(value);
    for (const consumer of index.consumersOf(value)) {
      if (consumer === down) {
        if (down.input?.[0] !== value) return null;
        continue;
      }
      const op = consumer.opType ?? '';
      if ((consumer.domain ?? '') !== '' || !(ELEMENTWISE.has(op) || op === 'Reshape')) return null;
      if (op === 'Reshape' && consumer.input?.[0] !== value) return null;
      nodes.add(consumer);
      for (const output of consumer.output ?? []) if (output) queue.push(output);
    }
  }
  const downInput = down.input?.[0];
  if (!downInput || !values.has(downInput)) return null;
  // Every other operand of a region node must be a constant (biases, scalars, Reshape shapes).
  for (const node of nodes) {
    for (const input of node.input ?? []) if (input && !values.has(input) && !index.isConstant(input)) return null;
  }
  return { values, nodes: [...nodes] };
}

function producerOp(context: CompressContext, value: string | undefined): Node | undefined {
  return value ? context.index.producer(value) : undefined;
}

/** The linear weight whose (only) node produces `value`. */
function weightProducing(byNode: Map<Node, LinearWeight>, context: CompressContext, value: string | undefined): LinearWeight | undefined {
  const node = producerOp(context, value);
  return node ? byNode.get(node) : undefined;
}

/** silu(g) = g * sigmoid(g): returns g's producing weight when `value` is that product. */
function siluInput(byNode: Map<Node, LinearWeight>, context: CompressContext, value: string): LinearWeight | undefined {
  const mul = producerOp(context, value);
  if (mul?.opType !== 'Mul') return undefined;
  const [a, b] = mul.input ?? [];
  for (const [g, s] of [[a, b], [b, a]] as const) {
    const sigmoid = producerOp(context, s);
    if (sigmoid?.opType === 'Sigmoid' && sigmoid.input?.[0] === g) return weightProducing(byNode, context, g);
  }
  return undefined;
}

function triple(gate: LinearWeight, up: LinearWeight, down: LinearWeight): boolean {
  const gateNode = single(gate);
  const upNode = single(up);
  return !!gateNode && !!upNode && gateNode.input?.[0] === upNode.input?.[0] && gate.K === up.K && gate.N === up.N && down.K === gate.N && down.N === gate.K && gate !== up;
}

/** The node that really computes `value`, looking through Reshape/Cast/Identity (layout-only ops). */
function computedBy(context: CompressContext, value: string | undefined): Node | undefined {
  let node = producerOp(context, value);
  while (node && (node.opType === 'Reshape' || node.opType === 'Cast' || node.opType === 'Identity')) node = producerOp(context, node.input?.[0]);
  return node;
}

function byStructure(context: CompressContext, byNode: Map<Node, LinearWeight>): [LinearWeight, LinearWeight, LinearWeight][] {
  const found: [LinearWeight, LinearWeight, LinearWeight][] = [];
  for (const down of context.weights) {
    const product = computedBy(context, single(down)?.input?.[0]);
    if (product?.opType !== 'Mul') continue;
    const [a, b] = product.input ?? [];
    for (const [siluValue, upValue] of [[a, b], [b, a]] as const) {
      const gate = siluValue ? siluInput(byNode, context, siluValue) : undefined;
      const up = weightProducing(byNode, context, upValue);
      if (gate && up && triple(gate, up, down)) {
        found.push([gate, up, down]);
        break;
      }
    }
  }
  return found;
}

function byName(context: CompressContext): [LinearWeight, LinearWeight, LinearWeight][] {
  const groups = new Map<string, Partial<Record<'gate' | 'up' | 'down', LinearWeight>>>();
  for (const weight of context.weights) {
    const match = /^(.*)mlp\.(gate|up|down)_proj\.weight$/.exec(weight.name);
    if (!match) continue;
    const group = groups.get(match[1]!) ?? {};
    group[match[2] as 'gate' | 'up' | 'down'] = weight;
    groups.set(match[1]!, group);
  }
  const found: [LinearWeight, LinearWeight, LinearWeight][] = [];
  for (const { gate, up, down } of groups.values()) if (gate && up && down && triple(gate, up, down)) found.push([gate, up, down]);
  return found;
}

/** Every SwiGLU MLP block of the model, in graph order; MlpNotFoundError when there is none. */
export function findMlpBlocks(context: CompressContext): MlpBlock[] {
  const byNode = new Map<Node, LinearWeight>();
  for (const weight of context.weights) if (weight.nodes.length === 1) byNode.set(weight.nodes[0]!, weight);
  const structural = byStructure(context, byNode);
  const candidates = structural.length > 0 ? structural : byName(context);
  const blocks: MlpBlock[] = [];
  for (const [gate, up, down] of candidates) {
    const region = walkRegion(context, [single(gate)!.output![0]!, single(up)!.output![0]!], single(down)!);
    if (!region) continue;
    blocks.push({ gate, up, down, hidden: gate.K, intermediate: gate.N, ...region });
  }
  if (blocks.length === 0) {
    throw new MlpNotFoundError(
      'Neuron pruning found no SwiGLU MLP in this model: it looks for MatMul -> Sigmoid/Mul (SiLU) times MatMul -> MatMul, or weights named *.mlp.{gate,up,down}_proj.weight joined by per-element operations. ' +
        'Models with another MLP (GPT-2 style GELU, fused or quantized layers) cannot be neuron-pruned here; use unstructured or 2:4 pruning instead.',
    );
  }
  return blocks;
}
