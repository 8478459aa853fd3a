// Small graph-rewriting helpers shared by the quantizers: node and attribute builders, replacing a
// node by a chain of nodes in place (so a topologically sorted graph stays sorted: the chain only
// reads values that existed before the replaced node), and opset imports for com.microsoft ops.
import { int64ToNumber, onnx } from '../onnx/index.ts';

export type AttributeInput = number | number[] | string | { float: number } | { tensor: onnx.ITensorProto };

const AttributeType = onnx.AttributeProto.AttributeType;

export function attribute(name: string, value: AttributeInput): onnx.IAttributeProto {
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.TENSOR, t: value.tensor };
}

export interface NodeSpec {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Record<string, AttributeInput>;
  domain?: string;
}

export function makeNode(spec: NodeSpec): onnx.INodeProto {
  return onnx.NodeProto.create({
    name: spec.name,
    opType: spec.opType,
    input: [...spec.inputs],
    output: [...spec.outputs],
    attribute: Object.entries(spec.attributes ?? {}).map(([key, value]) => attribute(key, value)),
    ...(spec.domain ? { domain: spec.domain } : {}),
  });
}

/** Replaces `node` by `replacement` (in order) at its position in the node list. */
export function replaceNode(graph: onnx.IGraphProto, node: onnx.INodeProto, replacement: readonly onnx.INodeProto[]): void {
  const nodes = graph.node ?? [];
  const position = nodes.indexOf(node);
  if (position < 0) throw new Error(`replaceNode: node '${node.name ?? ''}' is not in the graph.`);
  nodes.splice(position, 1, ...replacement);
}

/** Inserts `nodes` right before `anchor`. */
export function insertBefore(graph: onnx.IGraphProto, anchor: onnx.INodeProto, nodes: readonly onnx.INodeProto[]): void {
  replaceNode(graph, anchor, [...nodes, anchor]);
}

/** Adds an opset import for `domain` unless one of at least `version` exists. */
export function ensureOpset(model: onnx.IModelProto, domain: string, version: number): void {
  const imports = model.opsetImport ?? (model.opsetImport = []);
  const existing = imports.find((entry) => (entry.domain ?? '') === domain);
  if (!existing) imports.push({ domain, version });
  else if (int64ToNumber(existing.version) < version) existing.version = version;
}

/** The default-domain opset version of the model (ai.onnx). */
export function defaultOpset(model: onnx.IModelProto): number {
  const entry = (model.opsetImport ?? []).find((candidate) => !candidate.domain || candidate.domain === 'ai.onnx');
  return int64ToNumber(entry?.version);
}

/** Drops value_info entries for values that no longer exist or whose type changed. */
export function dropValueInfo(graph: onnx.IGraphProto, names: ReadonlySet<string>): void {
  if (names.size === 0 || !graph.valueInfo) return;
  graph.valueInfo = graph.valueInfo.filter((info) => !names.has(info.name ?? ''));
}
