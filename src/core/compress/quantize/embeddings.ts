// Token embedding tables -> com.microsoft::GatherBlockQuantized (q4/q8 with `embeddings`):
//   Gather(table [vocab, hidden], ids)  ->  GatherBlockQuantized(data, ids, scales[, zero_points])
//   data uint8 [vocab, hidden * bits / 8], scales T [vocab, blocks], gather_axis 0, quantize_axis 1.
// The onnxruntime-web wasm build has no kernel for it: the result runs on WebGPU only. Tables the
// kernel cannot take (4-bit with an odd hidden size) or that the WebGPU kernel would misread
// (4-bit asymmetric with an odd block count) stay float and the step says why in a note.
import { float16BitsToFloat32, float32ArrayToFloat16, tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { CompressContext, EmbeddingTable } from '../context.ts';
import { ensureOpset, makeNode, replaceNode } from '../graph-edit.ts';
import { gatherBlockQuantizedError, quantizeGatherBlockQuantized, sourceFloats, type GatherBlockQuantizedTable, type QuantBits } from '../kernels/index.ts';
import type { TensorReport } from '../types.ts';
import { tensorReport, writtenBytes } from './report.ts';
import { ownedTensor } from './tensors.ts';

export interface EmbeddingOptions {
  bits: QuantBits;
  blockSize: number;
  symmetric: boolean;
}

/** Why a table cannot become GatherBlockQuantized, or null when it can. */
export function embeddingRefusal(table: EmbeddingTable, options: EmbeddingOptions): string | null {
  if (options.bits === 4 && table.hidden % 2 !== 0) return `embedding '${table.name}' kept float: 4-bit GatherBlockQuantized needs an even hidden size, got ${table.hidden}.`;
  const blocks = Math.ceil(table.hidden / options.blockSize);
  if (options.bits === 4 && !options.symmetric && blocks % 2 !== 0) {
    return `embedding '${table.name}' kept float: onnxruntime's WebGPU kernel misreads 4-bit zero points with an odd number of blocks per row (${blocks}); use symmetric or another block size.`;
  }
  return null;
}

function scalesTensor(name: string, t: GatherBlockQuantizedTable, dtype: 'float32' | 'float16'): onnx.TensorProto {
  if (dtype === 'float32') return ownedTensor(name, 'float32', [t.vocab, t.blocks], t.scales);
  const bits = float32ArrayToFloat16(t.scales);
  for (let i = 0; i < bits.length; i++) t.scales[i] = float16BitsToFloat32(bits[i]!);
  return ownedTensor(name, 'float16', [t.vocab, t.blocks], bits);
}

export function quantizeEmbedding(context: CompressContext, table: EmbeddingTable, options: EmbeddingOptions, step: number, method: string): TensorReport {
  const { name, vocab, hidden, dtype } = table;
  const bytesBefore = tensorByteLength(context.initializer(name)!);
  const values = sourceFloats(context.float32Bytes(name) ?? context.weightValues(name)); // float32 [vocab, hidden], a view when aligned
  const t = quantizeGatherBlockQuantized(values, vocab, hidden, options);
  const data = ownedTensor(context.uniqueName(`${name}_Q${options.bits}`), 'uint8', t.dataDims, t.data);
  const scales = scalesTensor(context.uniqueName(`${name}_scales`), t, dtype);
  const zeroPoints = t.zeroPoints && t.zeroPointDims ? ownedTensor(context.uniqueName(`${name}_zero_points`), 'uint8', t.zeroPointDims, t.zeroPoints) : null;
  const written = [data, scales, ...(zeroPoints ? [zeroPoints] : [])];
  for (const tensor of written) context.replaceInitializer(tensor);
  ensureOpset(context.model, 'com.microsoft', 1);
  for (const node of table.nodes) {
    const prefix = node.name || context.uniqueName('embedding');
    const inputs = [data.name, node.input![1]!, scales.name, ...(zeroPoints ? [zeroPoints.name] : [])];
    const attributes = { gather_axis: 0, quantize_axis: 1, block_size: options.blockSize, bits: options.bits };
    replaceNode(context.graph, node, [makeNode({ opType: 'GatherBlockQuantized', domain: 'com.microsoft', name: `${prefix}/GatherBlockQuantized`, inputs, outputs: [node.output![0]!], attributes })]);
  }
  context.removeInitializer(name);
  const error = dtype === 'float32' ? t.error : gatherBlockQuantizedError(values, t); // float16 scales were rounded after quantizing
  return tensorReport({ name, step, method: `${method} embedding`, shape: [vocab, hidden], bytesBefore, bytesAfter: writtenBytes(written), error });
}
