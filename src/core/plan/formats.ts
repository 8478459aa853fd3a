// How each weight format stores a tensor, byte for byte, and the element size of its KV cache and
// activations. Two families:
//  - this lab's ONNX variants (src/core/compress): MatMulNBits B uint8 [N, ceil(K/32), 32*bits/8] +
//    float32 scales [N * ceil(K/32)], symmetric (no zero points); int8 = DequantizeLinear int8 [K, N]
//    + float32 scale [N]; the embedding table stays float32 (GatherBlockQuantized is opt-in), and a
//    tied LM head is a separate MatMul initializer (the builder writes lm_head.weight itself).
//  - web-llm / MLC group quantization (q4f16_1, q4f32_1, q3f16_1): q uint32 [N, ceil(K/g) * g/per_word]
//    + scale [N, ceil(K/g)] in the model float type; embeddings and the LM head are quantized too,
//    a tied head shares the embedding's buffer; norms and biases stay in the float type.
import type { TensorGroup } from './tensors.ts';

export type FormatId = 'fp32' | 'fp16' | 'q8' | 'int8' | 'q4' | 'q4-emb' | 'q4f16' | 'q4f32' | 'q3f16' | 'q0f16' | 'q0f32';

interface BlockQuantization {
  kind: 'block';
  bits: number;
  /** Elements per scale. */
  groupSize: number;
  scaleBytes: number;
  /** Codes per storage word and the word's bytes (MLC packs into uint32; ONNX into bytes). */
  codesPerWord: number;
  wordBytes: number;
}
interface PerChannel {
  kind: 'per-channel';
  scaleBytes: number;
}
interface Float {
  kind: 'float';
  bytes: number;
}
type Storage = BlockQuantization | PerChannel | Float;

export interface WeightFormat {
  id: FormatId;
  label: string;
  /** Who writes it: the lab's ONNX quantizer or MLC/web-llm. */
  runtime: 'onnx' | 'mlc';
  linear: Storage;
  embedding: Storage;
  /** Norms, biases and anything left unquantized. */
  floatBytes: number;
  /** KV cache and activation element size: float32 graphs keep float32 KV. */
  kvBytes: number;
  activationBytes: number;
  /** A tied LM head stored again as its own (quantized) matrix, as the lab's ONNX builder writes it. */
  separateTiedHead: boolean;
}

const F32: Float = { kind: 'float', bytes: 4 };
const F16: Float = { kind: 'float', bytes: 2 };
const onnxBlock = (bits: number): BlockQuantization => ({ kind: 'block', bits, groupSize: 32, scaleBytes: 4, codesPerWord: 8 / bits, wordBytes: 1 });
const mlcBlock = (bits: number, groupSize: number, scaleBytes: number): BlockQuantization => ({
  kind: 'block', bits, groupSize, scaleBytes, codesPerWord: Math.floor(32 / bits), wordBytes: 4,
});
const onnx = (id: FormatId, label: string, linear: Storage, embedding: Storage = F32): WeightFormat => ({
  id, label, runtime: 'onnx', linear, embedding, floatBytes: 4, kvBytes: 4, activationBytes: 4, separateTiedHead: true,
});

export const WEIGHT_FORMATS: Record<FormatId, WeightFormat> = {
  fp32: onnx('fp32', 'fp32 (all float32)', F32),
  fp16: { ...onnx('fp16', 'fp16 (weights and activations float16)', F16, F16), floatBytes: 2, kvBytes: 2, activationBytes: 2 },
  q8: onnx('q8', 'q8 (MatMulNBits 8-bit, block 32, float32 scales; embeddings float32)', onnxBlock(8)),
  int8: onnx('int8', 'int8 (DequantizeLinear per output channel; embeddings float32)', { kind: 'per-channel', scaleBytes: 4 }),
  q4: onnx('q4', 'q4 (MatMulNBits 4-bit, block 32, float32 scales; embeddings float32)', onnxBlock(4)),
  'q4-emb': onnx('q4-emb', 'q4 with embeddings (GatherBlockQuantized 4-bit, block 32)', onnxBlock(4), onnxBlock(4)),
  q4f16: {
    id: 'q4f16', label: "web-llm q4f16_1 (4-bit groups of 32, float16 scales and activations)", runtime: 'mlc',
    linear: mlcBlock(4, 32, 2), embedding: mlcBlock(4, 32, 2), floatBytes: 2, kvBytes: 2, activationBytes: 2, separateTiedHead: false,
  },
  q4f32: {
    id: 'q4f32', label: "web-llm q4f32_1 (4-bit groups of 32, float32 scales and activations)", runtime: 'mlc',
    linear: mlcBlock(4, 32, 4), embedding: mlcBlock(4, 32, 4), floatBytes: 4, kvBytes: 4, activationBytes: 4, separateTiedHead: false,
  },
  q0f16: {
    id: 'q0f16', label: 'web-llm q0f16 (unquantized float16)', runtime: 'mlc',
    linear: F16, embedding: F16, floatBytes: 2, kvBytes: 2, activationBytes: 2, separateTiedHead: false,
  },
  q0f32: {
    id: 'q0f32', label: 'web-llm q0f32 (unquantized float32)', runtime: 'mlc',
    linear: F32, embedding: F32, floatBytes: 4, kvBytes: 4, activationBytes: 4, separateTiedHead: false,
  },
  q3f16: {
    id: 'q3f16', label: "web-llm q3f16_1 (3-bit, 10 codes per uint32, groups of 40, float16 scales)", runtime: 'mlc',
    linear: mlcBlock(3, 40, 2), embedding: mlcBlock(3, 40, 2), floatBytes: 2, kvBytes: 2, activationBytes: 2, separateTiedHead: false,
  },
};

export const FORMAT_IDS = Object.keys(WEIGHT_FORMATS) as FormatId[];

/** web-llm quantization names (q4f16_1...) to the formats above; null when unknown. */
export function formatOfMlcQuantization(name: string): FormatId | null {
  const map: Record<string, FormatId> = { q4f16_1: 'q4f16', q4f32_1: 'q4f32', q3f16_1: 'q3f16', q0f16: 'q0f16', q0f32: 'q0f32' };
  return map[name] ?? null;
}

/** Buffers one [rows, cols] matrix occupies (codes, scales), in bytes: quantized along cols. */
export function matrixBuffers(rows: number, cols: number, storage: Storage): number[] {
  if (storage.kind === 'float') return [rows * cols * storage.bytes];
  if (storage.kind === 'per-channel') return [rows * cols, rows * storage.scaleBytes];
  const groups = Math.ceil(cols / storage.groupSize);
  const wordsPerGroup = Math.ceil(storage.groupSize / storage.codesPerWord);
  return [rows * groups * wordsPerGroup * storage.wordBytes, rows * groups * storage.scaleBytes];
}

function storageOf(group: TensorGroup, format: WeightFormat): Storage {
  if (group.role === 'vector') return { kind: 'float', bytes: format.floatBytes };
  if (group.role === 'embedding') return format.embedding;
  return format.linear;
}

/** Stored bytes of one tensor of the group, and its largest single buffer. */
export function tensorBytes(group: TensorGroup, format: WeightFormat): { bytes: number; largestBuffer: number } {
  const buffers = matrixBuffers(group.rows, group.cols, storageOf(group, format));
  return { bytes: buffers.reduce((a, b) => a + b, 0), largestBuffer: Math.max(...buffers) };
}

/** The groups as a format stores them: the lab's ONNX builder writes a tied head again as lm_head. */
export function storedGroups(groups: readonly TensorGroup[], format: WeightFormat, tiedEmbeddings: boolean): TensorGroup[] {
  if (!tiedEmbeddings || !format.separateTiedHead) return [...groups];
  const table = groups.find((g) => g.role === 'embedding');
  return table ? [...groups, { ...table, name: 'lm_head.weight (tied copy)', role: 'lmHead' }] : [...groups];
}
