// What the memory and speed models need to know about one model in one format, from either source:
// a config.json architecture (counted by ./tensors.ts, stored by ./formats.ts) or an ONNX file's
// own initializers (./onnx-facts.ts). Everything is bytes as stored, not parameters times a width.
import type { ModelArchitecture } from './architecture.ts';
import { WEIGHT_FORMATS, storedGroups, tensorBytes, type FormatId } from './formats.ts';
import { architectureTensors, kvElementsPerToken, parameterCountOf, type TensorRole } from './tensors.ts';

export interface TensorBytes {
  name: string;
  role: TensorRole;
  /** Tensors in the group (one per layer), and the bytes of each as stored. */
  count: number;
  bytesEach: number;
}

export interface ModelFacts {
  /** Where the figures came from, e.g. "config.json (llama), q4" or "ONNX initializers". */
  source: string;
  formatLabel: string;
  runtime: 'onnx' | 'mlc';
  parameters: number;
  weightsBytes: number;
  /** The largest single buffer: it must fit one WebGPU binding. */
  largestTensor: { name: string; bytes: number };
  /** Weights a decode step does not read whole: the embedding table, of which one row is gathered. */
  gatheredBytes: number;
  /** K and V of one token, all layers, one sequence. */
  kvBytesPerToken: number;
  /** Shapes for the activation estimate. */
  shape: { vocab: number; hidden: number; intermediate: number; heads: number; kvHeads: number; headDim: number; layers: number };
  activationBytes: number;
  tensors: TensorBytes[];
}

/** Facts of a config.json architecture stored in one of the known formats. */
export function factsFromArchitecture(arch: ModelArchitecture, formatId: FormatId): ModelFacts {
  const format = WEIGHT_FORMATS[formatId];
  const groups = architectureTensors(arch);
  const tensors: TensorBytes[] = [];
  let largestTensor = { name: '', bytes: 0 };
  let weightsBytes = 0;
  let gatheredBytes = 0;
  for (const group of storedGroups(groups, format, arch.tiedEmbeddings)) {
    const { bytes, largestBuffer } = tensorBytes(group, format);
    tensors.push({ name: group.name, role: group.role, count: group.count, bytesEach: bytes });
    weightsBytes += bytes * group.count;
    if (largestBuffer > largestTensor.bytes) largestTensor = { name: group.name, bytes: largestBuffer };
    // A tied table that is also the LM head (MLC shares it) is read whole by every token.
    const sharedHead = arch.tiedEmbeddings && !format.separateTiedHead;
    if (group.role === 'embedding' && !sharedHead) gatheredBytes += bytes;
  }
  return {
    source: `config.json (${arch.family})`,
    formatLabel: format.label,
    runtime: format.runtime,
    parameters: parameterCountOf(groups),
    weightsBytes,
    largestTensor,
    gatheredBytes,
    kvBytesPerToken: kvElementsPerToken(arch) * format.kvBytes,
    shape: { vocab: arch.vocab, hidden: arch.hidden, intermediate: arch.intermediate, heads: arch.heads, kvHeads: arch.kvHeads, headDim: arch.headDim, layers: arch.layers },
    activationBytes: format.activationBytes,
    tensors,
  };
}
