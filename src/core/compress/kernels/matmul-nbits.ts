// Weights for com.microsoft::MatMulNBits (Y = A @ dequant(B)), in the byte layout onnxruntime reads:
//   B           uint8   [N, k_blocks, blob_size]   W transposed, codes packed along K (4-bit: low nibble first)
//   scales      float32 [N * k_blocks]             n-major
//   zero_points uint8   [N, ceil(k_blocks * bits / 8)]  asymmetric only; else implicit 2^(bits-1)
// with k_blocks = ceil(K / block_size), blob_size = block_size * bits / 8.
// K not a multiple of block_size: the last block is padded with its own zero-point code, which
// dequantizes to exactly 0. It is harmless: the kernel multiplies only the K real columns of A (the
// padded positions never meet an activation), and the pad does not enter the block's scale, which is
// computed from the real elements only.
import { blockCount, quantizeBlocks, readCode, readZeroPoint, storedBlocksError } from './block-quantize.ts';
import { sourceLength, stridesOf, type WeightLayout, type WeightSource } from './layout.ts';
import type { TensorError } from './metrics.ts';
import { assertBits, assertBlockSize, assertMatrix, type QuantBits } from './validate.ts';

export interface MatMulNBitsOptions {
  bits: QuantBits;
  /** power of two >= 16; 32 is what transformers.js q4 uses */
  blockSize: number;
  /** true: implicit zero point 2^(bits-1), no zero_points input */
  symmetric: boolean;
  /** memory layout of the float weight; default 'kn' (MatMul [K, N]) */
  layout?: WeightLayout;
}

export interface MatMulNBitsWeight {
  K: number;
  N: number;
  bits: QuantBits;
  blockSize: number;
  kBlocks: number;
  blobSize: number;
  /** uint8 [N, kBlocks, blobSize] */
  B: Uint8Array;
  /** float32 [N * kBlocks] */
  scales: Float32Array;
  /** uint8 [N, ceil(kBlocks * bits / 8)], or null when symmetric */
  zeroPoints: Uint8Array | null;
  /**
   * Reconstruction error of these bytes against the weight they were quantized from, summed while
   * quantizing (what tensorError(W, dequantizeMatMulNBits(q)) gives); stale once scales change.
   */
  error?: TensorError;
}

/**
 * Quantizes W (float32 [K, N], or [N, K] with layout 'nk'; values or their little-endian bytes) for
 * MatMulNBits. Reads W once; no full-size float copy. The result carries its reconstruction error.
 */
export function quantizeMatMulNBits(W: WeightSource, K: number, N: number, options: MatMulNBitsOptions): MatMulNBitsWeight & { error: TensorError } {
  const layout = options.layout ?? 'kn';
  assertMatrix('MatMulNBits weight', { length: sourceLength(W) }, K, N);
  assertBits(options.bits);
  assertBlockSize(options.blockSize);
  const strides = stridesOf(layout, K, N);
  const kBlocks = blockCount(K, options.blockSize);
  const blobSize = (options.blockSize * options.bits) / 8;
  const packed = quantizeBlocks({
    name: 'MatMulNBits weight',
    source: W,
    rows: N,
    length: K,
    rowStride: strides.output,
    elementStride: strides.input,
    bits: options.bits,
    blockSize: options.blockSize,
    symmetric: options.symmetric,
    rowBytes: kBlocks * blobSize,
  });
  return {
    K,
    N,
    bits: options.bits,
    blockSize: options.blockSize,
    kBlocks,
    blobSize,
    B: packed.data,
    scales: packed.scales,
    zeroPoints: packed.zeroPoints,
    error: packed.error,
  };
}

/**
 * Reconstruction error of a stored weight against W (float32 [K, N] or [N, K] as `layout`) read from
 * its bytes, for when the stored values differ from what the quantizer saw: scales rounded to
 * float16, or AWQ (reconstruction dequant[k, n] * inputScale[k]). No dequantized copy.
 */
export function matMulNBitsError(W: Float32Array, layout: WeightLayout, q: MatMulNBitsWeight, inputScale: Float32Array | null = null): TensorError {
  assertMatrix('MatMulNBits weight', W, q.K, q.N);
  const strides = stridesOf(layout, q.K, q.N);
  return storedBlocksError(
    { source: W, rows: q.N, length: q.K, rowStride: strides.output, elementStride: strides.input, bits: q.bits, blockSize: q.blockSize, rowBytes: q.kBlocks * q.blobSize, data: q.B, scales: q.scales, zeroPoints: q.zeroPoints },
    inputScale,
  );
}

/** Reconstructs W as float64 [K, N] from the stored bytes: w = (code - zero_point) * scale. */
export function dequantizeMatMulNBits(q: MatMulNBitsWeight): Float64Array {
  const { K, N, bits, blockSize, kBlocks, blobSize } = q;
  const out = new Float64Array(K * N);
  for (let n = 0; n < N; n++) {
    const rowStart = n * kBlocks * blobSize;
    for (let b = 0; b < kBlocks; b++) {
      const scale = q.scales[n * kBlocks + b]!;
      const zeroPoint = readZeroPoint(q.zeroPoints, n, b, kBlocks, bits);
      const end = Math.min(K, (b + 1) * blockSize);
      for (let k = b * blockSize; k < end; k++) out[k * N + n] = (readCode(q.B, rowStart, k, bits) - zeroPoint) * scale;
    }
  }
  return out;
}
