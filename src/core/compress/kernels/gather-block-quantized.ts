// Embedding tables for com.microsoft::GatherBlockQuantized with uint8 data, the layout onnxruntime's
// CPU kernel (contrib_ops/cpu/quantization/gather_block_quantized.cc) and native WebGPU kernel read:
//   attributes  gather_axis = 0, quantize_axis = 1 (the last axis: required for uint8 data), block_size, bits
//   data        uint8   [vocab, hidden * bits / 8]   rows contiguous, 4-bit: element 2j in the low nibble
//   scales      float32 [vocab, ceil(hidden / block_size)]
//   zero_points uint8   [vocab, ceil(blocks * bits / 8)]  asymmetric only; default 2^(bits-1) for uint8 data
// The packed int4/uint4 element types also exist, but onnx-proto (IR 8) cannot name them and their
// default zero point is 0, so we use uint8. Rows are not padded: hidden need not be a multiple of
// block_size (the last block is short), but must be even for 4-bit because the op doubles the last dim.
import { InvalidArgumentError } from '../../errors.ts';
import { quantizeBlocks, readCode, readZeroPoint, storedBlocksError } from './block-quantize.ts';
import type { TensorError } from './metrics.ts';
import { assertBits, assertBlockSize, assertMatrix, type QuantBits } from './validate.ts';

export interface GatherBlockQuantizedOptions {
  bits: QuantBits;
  blockSize: number;
  symmetric: boolean;
}

export interface GatherBlockQuantizedTable {
  vocab: number;
  hidden: number;
  bits: QuantBits;
  blockSize: number;
  blocks: number;
  /** uint8 [vocab, hidden * bits / 8] */
  data: Uint8Array;
  dataDims: [number, number];
  /** float32 [vocab, blocks] */
  scales: Float32Array;
  /** uint8 [vocab, ceil(blocks * bits / 8)], or null when symmetric */
  zeroPoints: Uint8Array | null;
  zeroPointDims: [number, number] | null;
  attributes: { gather_axis: 0; quantize_axis: 1; block_size: number; bits: QuantBits };
  /**
   * False for 4-bit asymmetric tables with an odd number of blocks per row: onnxruntime's native
   * WebGPU kernel addresses packed zero points by the flat scale offset and requires zero_points to
   * reinterpret to exactly scales' shape, which per-row padding breaks. The CPU kernel accepts it.
   */
  webgpuSafe: boolean;
  /** Reconstruction error against the table, summed while quantizing; stale once scales change. */
  error: TensorError;
}

/** Quantizes an embedding table float32 [vocab, hidden] block-wise along hidden. */
export function quantizeGatherBlockQuantized(table: Float32Array, vocab: number, hidden: number, options: GatherBlockQuantizedOptions): GatherBlockQuantizedTable {
  assertMatrix('embedding table', table, vocab, hidden);
  assertBits(options.bits);
  assertBlockSize(options.blockSize);
  if (options.bits === 4 && hidden % 2 !== 0) {
    throw new InvalidArgumentError(`embedding table: 4-bit GatherBlockQuantized needs an even hidden size (two values per byte), got ${hidden}. Use 8 bits for this table.`);
  }
  const rowBytes = (hidden * options.bits) / 8;
  const packed = quantizeBlocks({
    name: 'embedding table',
    source: table,
    rows: vocab,
    length: hidden,
    rowStride: hidden,
    elementStride: 1,
    bits: options.bits,
    blockSize: options.blockSize,
    symmetric: options.symmetric,
    rowBytes,
  });
  const zpRowBytes = packed.zeroPoints ? packed.zeroPoints.length / vocab : 0;
  return {
    vocab,
    hidden,
    bits: options.bits,
    blockSize: options.blockSize,
    blocks: packed.blocks,
    data: packed.data,
    dataDims: [vocab, rowBytes],
    scales: packed.scales,
    zeroPoints: packed.zeroPoints,
    zeroPointDims: packed.zeroPoints ? [vocab, zpRowBytes] : null,
    attributes: { gather_axis: 0, quantize_axis: 1, block_size: options.blockSize, bits: options.bits },
    webgpuSafe: options.symmetric || options.bits === 8 || packed.blocks % 2 === 0,
    error: packed.error,
  };
}

/** Reconstruction error of the stored table against `table` float32 [vocab, hidden], read from its bytes. */
export function gatherBlockQuantizedError(table: Float32Array, t: GatherBlockQuantizedTable): TensorError {
  const stored = { rows: t.vocab, length: t.hidden, rowStride: t.hidden, elementStride: 1, bits: t.bits, blockSize: t.blockSize, rowBytes: t.dataDims[1] };
  return storedBlocksError({ ...stored, source: table, data: t.data, scales: t.scales, zeroPoints: t.zeroPoints });
}

/** Reconstructs the table as float64 [vocab, hidden] from the stored bytes. */
export function dequantizeGatherBlockQuantized(t: GatherBlockQuantizedTable): Float64Array {
  const out = new Float64Array(t.vocab * t.hidden);
  const rowBytes = t.dataDims[1];
  for (let v = 0; v < t.vocab; v++) {
    for (let b = 0; b < t.blocks; b++) {
      const scale = t.scales[v * t.blocks + b]!;
      const zeroPoint = readZeroPoint(t.zeroPoints, v, b, t.blocks, t.bits);
      const end = Math.min(t.hidden, (b + 1) * t.blockSize);
      for (let h = b * t.blockSize; h < end; h++) out[v * t.hidden + h] = (readCode(t.data, v * rowBytes, h, t.bits) - zeroPoint) * scale;
    }
  }
  return out;
}
