// An index over one ONNX graph: who produces and who consumes each value, initializers by name,
// declared types, a topological order of the nodes (exporters often write them out of order) and
// which values are constant. Built once in O(nodes + edges); the graph itself is not modified.
import { dtypeLabel } from './dtype.ts';
import { InvalidOnnxModelError } from './errors.ts';
import { int64ToNumber, type onnx } from './proto.ts';
import { readValueType, type ValueType } from './value-info.ts';

type Node = onnx.INodeProto;

/** Operators whose output differs between runs even with constant inputs. */
const NONDETERMINISTIC_OPS = new Set(['RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli', 'Dropout']);

function subgraphsOf(node: Node): onnx.IGraphProto[] {
  const graphs: onnx.IGraphProto[] = [];
  for (const attribute of node.attribute ?? []) {
    if (attribute.g) graphs.push(attribute.g);
    for (const graph of attribute.graphs ?? []) graphs.push(graph);
  }
  return graphs;
}

/** Names a subgraph (If/Loop/Scan body) reads from enclosing scopes: hidden inputs of its node. */
export function outerReferences(graph: onnx.IGraphProto, into = new Set<string>()): Set<string> {
  const defined = new Set<string>();
  for (const value of graph.input ?? []) defined.add(value.name ?? '');
  for (const tensor of graph.initializer ?? []) defined.add(tensor.name ?? '');
  for (const node of graph.node ?? []) for (const output of node.output ?? []) defined.add(output);
  const used = new Set<string>();
  for (const node of graph.node ?? []) {
    for (const input of node.input ?? []) if (input) used.add(input);
    for (const subgraph of subgraphsOf(node)) outerReferences(subgraph, used);
  }
  for (const name of used) if (!defined.has(name)) into.add(name);
  return into;
}

export class GraphIndex {
  readonly graph: onnx.IGraphProto;
  readonly initializers = new Map<string, onnx.ITensorProto>();
  readonly producers = new Map<string, Node>();
  readonly consumers = new Map<string, Node[]>();
  readonly valueTypes = new Map<string, ValueType>();
  /** Graph inputs a caller must feed: old IR files also list every initializer as an input. */
  readonly inputs: onnx.IValueInfoProto[];
  readonly outputs: onnx.IValueInfoProto[];
  /** Every node after the producers of all values it reads. */
  readonly order: Node[];
  readonly #dependencies = new Map<Node, string[]>();
  #constants: Set<string> | undefined;

  constructor(graph: onnx.IGraphProto) {
    this.graph = graph;
    for (const tensor of graph.initializer ?? []) this.initializers.set(tensor.name ?? '', tensor);
    this.inputs = (graph.input ?? []).filter((input) => !this.initializers.has(input.name ?? ''));
    this.outputs = graph.output ?? [];
    this.#indexTypes();
    this.#indexEdges();
    this.order = this.#topologicalOrder();
  }

  producer(name: string): Node | undefined {
    return this.producers.get(name);
  }

  consumersOf(name: string): readonly Node[] {
    return this.consumers.get(name) ?? [];
  }

  typeOf(name: string): ValueType | undefined {
    return this.valueTypes.get(name);
  }

  /** True when the value is the same on every run: an initializer no input overrides, or computed from those. */
  isConstant(name: string): boolean {
    this.#constants ??= this.#findConstants();
    return this.#constants.has(name);
  }

  #indexTypes(): void {
    for (const tensor of this.graph.initializer ?? []) {
      this.valueTypes.set(tensor.name ?? '', { dtype: dtypeLabel(tensor.dataType), shape: (tensor.dims ?? []).map(int64ToNumber) });
    }
    for (const list of [this.graph.valueInfo, this.graph.input, this.graph.output]) {
      for (const info of list ?? []) this.valueTypes.set(info.name ?? '', readValueType(info.type));
    }
  }

  #indexEdges(): void {
    for (const node of this.graph.node ?? []) {
      for (const output of node.output ?? []) if (output && !this.producers.has(output)) this.producers.set(output, node);
      const reads = (node.input ?? []).filter((input) => input !== '');
      for (const subgraph of subgraphsOf(node)) for (const name of outerReferences(subgraph)) reads.push(name);
      this.#dependencies.set(node, reads);
      for (const name of new Set(reads)) {
        const list = this.consumers.get(name);
        if (list) list.push(node);
        else this.consumers.set(name, [node]);
      }
    }
  }

  /** Depth-first, iterative (graphs have tens of thousands of nodes), stable for sorted input. */
  #topologicalOrder(): Node[] {
    const order: Node[] = [];
    const state = new Map<Node, 'visiting' | 'done'>();
    for (const root of this.graph.node ?? []) {
      if (state.has(root)) continue;
      const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
      state.set(root, 'visiting');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const reads = this.#dependencies.get(frame.node)!;
        if (frame.next < reads.length) {
          const producer = this.producers.get(reads[frame.next++]!);
          if (!producer) continue;
          const seen = state.get(producer);
          if (seen === 'visiting') {
            throw new InvalidOnnxModelError(
              `The graph has a cycle through node '${producer.name || producer.opType}' (${producer.opType}), so no order can run it. The model file is damaged; export it again.`,
            );
          }
          if (seen === undefined) {
            state.set(producer, 'visiting');
            stack.push({ node: producer, next: 0 });
          }
          continue;
        }
        state.set(frame.node, 'done');
        order.push(frame.node);
        stack.pop();
      }
    }
    return order;
  }

  #findConstants(): Set<string> {
    const graphInputs = new Set((this.graph.input ?? []).map((input) => input.name ?? ''));
    const constants = new Set<string>();
    for (const name of this.initializers.keys()) if (!graphInputs.has(name)) constants.add(name);
    for (const node of this.order) {
      if (NONDETERMINISTIC_OPS.has(node.opType ?? '') && (node.domain ?? '') === '') continue;
      const reads = this.#dependencies.get(node)!;
      if (reads.every((name) => constants.has(name))) for (const output of node.output ?? []) if (output) constants.add(output);
    }
    return constants;
  }
}
