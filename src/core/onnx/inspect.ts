// What is in an ONNX model, as plain data for the Compress page and `llm-lab inspect`: versions,
// real graph inputs/outputs, operator histogram, parameter count (./parameter-count.ts), bytes per dtype, and per
// initializer its share of zeros, min, max, mean and standard deviation (float64, one pass each).
import { throwIfCancelled } from '../errors.ts';
import { dtypeLabel } from './dtype.ts';
import type { ExternalDataResolver } from './external-data.ts';
import { GraphIndex } from './graph-index.ts';
import { parameterCount } from './parameter-count.ts';
import { int64ToNumber, type onnx } from './proto.ts';
import { tensorByteLength, tensorBytes, tensorLayout, tensorStorage } from './tensor-bytes.ts';
import { canComputeStats, computeTensorStats } from './tensor-stats.ts';
import { summarizeValue, type ValueSummary } from './value-info.ts';

export interface InitializerReport {
  name: string;
  dtype: string;
  shape: number[];
  /** Element count. */
  params: number;
  bytes: number;
  storage: 'raw' | 'external' | 'typed-field';
  /** Statistics are null when not computed (options.stats false) or the dtype has no numbers here. */
  zeros: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  nonFinite: number | null;
}

export interface InspectReport {
  irVersion: number;
  /** Domain -> version; the default domain '' is shown as 'ai.onnx'. */
  opsets: Record<string, number>;
  producer: { name: string; version: string };
  graphName: string;
  /** Inputs a caller feeds (initializers listed as inputs by old exporters are left out). */
  inputs: ValueSummary[];
  outputs: ValueSummary[];
  /** Op type -> count, main graph and subgraphs; non-default domains prefixed ('com.microsoft.Attention'). */
  ops: Record<string, number>;
  nodeCount: number;
  /** Parameters: float initializer elements plus logical quantized weights (./parameter-count.ts). */
  params: number;
  /** Initializer bytes per dtype, e.g. { float16: 371000 }. */
  bytesByDtype: Record<string, number>;
  totalBytes: number;
  initializers: InitializerReport[];
}

export interface InspectOptions {
  /** Supplies external data files by location; needed for statistics of external tensors. */
  externalData?: ExternalDataResolver;
  /** Compute per-initializer statistics (default true); false reads no tensor data at all. */
  stats?: boolean;
  signal?: AbortSignal;
  /** Called after each initializer with bytes read so far and in total. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export function opKey(node: onnx.INodeProto): string {
  const domain = node.domain ?? '';
  return domain === '' || domain === 'ai.onnx' ? (node.opType ?? '') : `${domain}.${node.opType ?? ''}`;
}

/** Counts op types in a graph and every subgraph nested in node attributes. */
function countOps(graph: onnx.IGraphProto, counts: Map<string, number>): number {
  let nodes = 0;
  for (const node of graph.node ?? []) {
    nodes++;
    counts.set(opKey(node), (counts.get(opKey(node)) ?? 0) + 1);
    for (const attribute of node.attribute ?? []) {
      if (attribute.g) nodes += countOps(attribute.g, counts);
      for (const subgraph of attribute.graphs ?? []) nodes += countOps(subgraph, counts);
    }
  }
  return nodes;
}

function sortedRecord(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

function readOpsets(model: onnx.IModelProto): Record<string, number> {
  const opsets: Record<string, number> = {};
  for (const opset of model.opsetImport ?? []) opsets[opset.domain ? opset.domain : 'ai.onnx'] = int64ToNumber(opset.version);
  return opsets;
}

const NO_STATS = { zeros: null, min: null, max: null, mean: null, std: null, nonFinite: null } as const;

function reportInitializer(tensor: onnx.ITensorProto, options: InspectOptions): InitializerReport {
  const { dtype, dims, count } = tensorLayout(tensor);
  const base = {
    name: tensor.name ?? '',
    dtype: dtypeLabel(tensor.dataType),
    shape: dims,
    params: count,
    bytes: tensorByteLength(tensor),
    storage: tensorStorage(tensor),
  };
  if (options.stats === false || !canComputeStats(dtype)) return { ...base, ...NO_STATS };
  const stats = computeTensorStats(tensorBytes(tensor, options.externalData), dtype, count);
  return { ...base, ...(stats ?? NO_STATS) };
}

/** Inspects a decoded model. Throws only the typed errors of ./errors.ts on damaged content. */
export function inspectModel(model: onnx.IModelProto, options: InspectOptions = {}): InspectReport {
  const graph = model.graph ?? {};
  const index = new GraphIndex(graph); // validates the graph (a cycle is an error)
  const counts = new Map<string, number>();
  const nodeCount = countOps(graph, counts);
  const tensors = graph.initializer ?? [];
  const total = tensors.reduce((sum, tensor) => sum + tensorByteLength(tensor), 0);
  const initializers: InitializerReport[] = [];
  const bytesByDtype = new Map<string, number>();
  let done = 0;
  for (const tensor of tensors) {
    throwIfCancelled(options.signal);
    const report = reportInitializer(tensor, options);
    initializers.push(report);
    bytesByDtype.set(report.dtype, (bytesByDtype.get(report.dtype) ?? 0) + report.bytes);
    done += report.bytes;
    options.onProgress?.({ done, total });
  }
  return {
    irVersion: int64ToNumber(model.irVersion),
    opsets: readOpsets(model),
    producer: { name: model.producerName ?? '', version: model.producerVersion ?? '' },
    graphName: graph.name ?? '',
    inputs: index.inputs.map(summarizeValue),
    outputs: index.outputs.map(summarizeValue),
    ops: sortedRecord(counts),
    nodeCount,
    params: parameterCount(graph, index),
    bytesByDtype: sortedRecord(bytesByDtype),
    totalBytes: total,
    initializers,
  };
}
