// Round-to-nearest block quantization along one axis, packed the way onnxruntime's MatMulNBits and
// GatherBlockQuantized read it: per row, codes in order along the quantized axis, 4-bit codes two per
// byte with the first element in the low nibble; one float32 scale per (row, block), row-major;
// zero points packed per row the same way (4-bit: even block in the low nibble).
//
// Scale rules (per block, range always widened to include 0 so 0 stays exactly representable):
//  symmetric  s = max(max+ / (2^(b-1) - 1), max- / 2^(b-1)), z = 2^(b-1), q in [-2^(b-1), 2^(b-1) - 1].
//    This uses the extra negative level (-8 for 4-bit) without ever clipping: with max|w| on the
//    positive side it is facts.md's s = max|w| / (2^(b-1) - 1); when the largest magnitude is negative
//    the step shrinks to max|w| / 2^(b-1). Either way every weight stays within half a step.
//    (onnxruntime's own MLAS quantizer maps the largest magnitude to -8 with a signed scale and clips
//    the other side at +7, which can cost a full step; we prefer the bound.)
//  asymmetric s = (max - min) / (2^b - 1), z = clamp(floor(-min / s + 0.5), 0, 2^b - 1).
//  code = clamp(floor(w / s + z + 0.5), 0, 2^b - 1) (round half up), w ~ (code - z) * s.
// A block whose scale is below the smallest normal float32 (all zeros, or denormal dust whose
// reciprocal would overflow) stores scale 0 and code z, which dequantizes to exactly 0: no NaN.
// Arithmetic is float32 throughout (Math.fround after every operation, the way a float32 unit rounds)
// so the WebAssembly SIMD path (simd-quantize.ts), which does full blocks four lanes at a time,
// produces the same bytes; this JS code is the reference and handles short last blocks.
// Both also return the reconstruction error of what they stored, w - (code - z) * s per weight,
// summed as it goes: no dequantized copy is ever made for the report. This reference sums in float64
// (the product is exact); the SIMD kernels sum each block in float32 and add it into float64, within
// ~1e-5 relative of it at worst (simd-common.ts).
import { sourceFloats, type WeightSource } from './layout.ts';
import { emptyErrorSums, errorFromSums, type ErrorSums, type TensorError } from './metrics.ts';
import { MIN_SCALE } from './simd-kernels.ts';
import { quantizeFullBlocksSimd } from './simd-quantize.ts';
import { nonFiniteError, type QuantBits } from './validate.ts';

/** Where a job's blocks lie in its source and in the packed codes: shared by the job and the stored result. */
export interface BlockLayout {
  /** number of independent rows (MatMulNBits: outputs N; GatherBlockQuantized: vocabulary rows) */
  rows: number;
  /** elements per row along the quantized axis (MatMulNBits: K; GatherBlockQuantized: hidden) */
  length: number;
  /** element step in `source` between rows */
  rowStride: number;
  /** element step in `source` along the quantized axis */
  elementStride: number;
  bits: QuantBits;
  blockSize: number;
  /** bytes per row in `data`; more than ceil(length * bits / 8) means the tail is padding */
  rowBytes: number;
}

export interface BlockQuantizeJob extends BlockLayout {
  /** name for error messages */
  name: string;
  /** float32 values, or their little-endian bytes as stored in the model */
  source: WeightSource;
  symmetric: boolean;
}

export interface BlockQuantized {
  /** [rows, rowBytes] uint8 */
  data: Uint8Array;
  /** [rows, blocks] float32 */
  scales: Float32Array;
  /** [rows, ceil(blocks * bits / 8)] uint8, asymmetric only */
  zeroPoints: Uint8Array | null;
  blocks: number;
  /** reconstruction error of the stored codes and scales against the source */
  error: TensorError;
}

export function blockCount(length: number, blockSize: number): number {
  return Math.ceil(length / blockSize);
}

export function zeroPointRowBytes(blocks: number, bits: QuantBits): number {
  return Math.ceil((blocks * bits) / 8);
}

/**
 * Quantizes every (row, block) of the job: full blocks through the SIMD kernels when available,
 * everything else (short last blocks, other strides, no SIMD) through quantizeOneBlock. Padding
 * codes (row tail beyond `length`) are the last block's zero point, so they dequantize to exactly 0.
 */
export function quantizeBlocks(job: BlockQuantizeJob): BlockQuantized {
  const { rows, length, bits, blockSize, rowBytes } = job;
  const blocks = blockCount(length, blockSize);
  const data = new Uint8Array(rows * rowBytes);
  const scales = new Float32Array(rows * blocks);
  const zeroPoints = job.symmetric ? null : new Uint8Array(rows * zeroPointRowBytes(blocks, bits));
  const unpacked = job.symmetric ? null : new Uint8Array(rows * blocks);
  const error = emptyErrorSums();
  let firstBlock = 0;
  if (quantizeFullBlocksSimd(job, { data, scales, zeroPoints: unpacked, error })) {
    firstBlock = Math.floor(length / blockSize);
    if (zeroPoints && unpacked) packZeroPoints(unpacked, rows, blocks, firstBlock, bits, zeroPoints);
  }
  if (firstBlock < blocks) {
    const values = { ...job, source: sourceFloats(job.source) }; // bytes at an odd offset: one aligned copy
    // Iterate blocks outermost when rows are adjacent in memory ('kn' MatMul weight): the block's
    // blockSize source rows then stay in cache while every output column walks through them.
    if (job.rowStride < job.elementStride) {
      for (let b = firstBlock; b < blocks; b++) for (let r = 0; r < rows; r++) quantizeOneBlock(values, r, b, blocks, data, scales, zeroPoints, error);
    } else {
      for (let r = 0; r < rows; r++) for (let b = firstBlock; b < blocks; b++) quantizeOneBlock(values, r, b, blocks, data, scales, zeroPoints, error);
    }
  }
  error.count = rows * length;
  return { data, scales, zeroPoints, blocks, error: errorFromSums(error) };
}

/** Packs one-byte zero points [rows, blocks] (first `count` blocks of each row) into the stored layout. */
function packZeroPoints(unpacked: Uint8Array, rows: number, blocks: number, count: number, bits: QuantBits, out: Uint8Array): void {
  const rowBytes = zeroPointRowBytes(blocks, bits);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < count; b++) {
      const z = unpacked[r * blocks + b]!;
      if (bits === 8) out[r * rowBytes + b] = z;
      else out[r * rowBytes + (b >> 1)]! |= z << ((b & 1) << 2);
    }
  }
}

/** Scale and zero point of one block from its range (max >= 0 >= min), float32 rules of the header. */
export function blockScale(max: number, min: number, bits: QuantBits, symmetric: boolean): { scale: number; zeroPoint: number } {
  const levels = bits === 4 ? 15 : 255;
  const mid = bits === 4 ? 8 : 128;
  let scale = symmetric ? Math.fround(Math.max(max / (mid - 1), -min / mid)) : Math.fround(Math.fround(max - min) / levels);
  if (!(scale >= MIN_SCALE)) scale = 0;
  if (symmetric) return { scale, zeroPoint: mid };
  const zeroPoint = scale > 0 ? Math.min(levels, Math.max(0, Math.floor(-min / scale + 0.5))) : 0;
  return { scale, zeroPoint };
}

/** One block's codes before packing (reused: the JS path runs block by block). */
let scratch = new Uint8Array(128);

function quantizeOneBlock(
  job: BlockQuantizeJob & { source: Float32Array },
  row: number,
  block: number,
  blocks: number,
  data: Uint8Array,
  scales: Float32Array,
  zeroPoints: Uint8Array | null,
  error: ErrorSums,
): void {
  const { source, bits, blockSize, elementStride } = job;
  const start = block * blockSize;
  const count = Math.min(blockSize, job.length - start);
  const first = row * job.rowStride + start * elementStride;
  const end = first + count * elementStride;
  let max = 0;
  let min = 0;
  for (let p = first; p < end; p += elementStride) {
    const v = source[p]!;
    max = Math.max(max, v); // Math.max propagates NaN, so one check below catches bad weights
    min = Math.min(min, v);
  }
  if (!Number.isFinite(max) || !Number.isFinite(min)) throw nonFiniteError(job.name, row, start);
  const { scale, zeroPoint } = blockScale(max, min, bits, job.symmetric);
  const inverse = scale > 0 ? Math.fround(1 / scale) : 0;
  const offset = zeroPoint + 0.5; // trunc(x + zp + 0.5) rounds half up; codes then clamp to [0, levels]
  const levels = bits === 4 ? 15 : 255;
  const f = Math.fround;
  scales[row * blocks + block] = scale;
  if (zeroPoints) {
    const zpRow = row * zeroPointRowBytes(blocks, bits);
    if (bits === 4) zeroPoints[zpRow + (block >> 1)]! |= zeroPoint << ((block & 1) << 2);
    else zeroPoints[zpRow + block] = zeroPoint;
  }
  // codes in order along the row, then packed; the error of each stored code on the way
  if (scratch.length < count) scratch = new Uint8Array(count);
  const codes = scratch;
  let signal = 0;
  let noise = 0;
  let maxAbs = error.maxAbs;
  for (let i = 0, p = first; i < count; i++, p += elementStride) {
    const w = source[p]!;
    let q = f(f(w * inverse) + offset) | 0;
    q = q > levels ? levels : q < 0 ? 0 : q;
    codes[i] = q;
    const d = w - (q - zeroPoint) * scale;
    signal += w * w;
    noise += d * d;
    if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
  }
  error.signal += signal;
  error.noise += noise;
  error.maxAbs = maxAbs;
  writeCodes(data, job.rowBytes, row, start, codes, count, bits, block === blocks - 1 ? zeroPoint : -1);
}

/** Packs one block's `count` codes at element `start` of `row`; `padWith` >= 0 fills the row's tail (last block). */
function writeCodes(data: Uint8Array, rowBytes: number, row: number, start: number, codes: Uint8Array, count: number, bits: QuantBits, padWith: number): void {
  const rowStart = row * rowBytes;
  let byte = rowStart + (bits === 4 ? start >> 1 : start); // blockSize is even, so a 4-bit block starts on a byte boundary
  if (bits === 8) {
    for (let i = 0; i < count; i++) data[byte++] = codes[i]!;
  } else {
    for (let i = 0; i < count; i += 2) data[byte++] = codes[i]! | ((i + 1 < count ? codes[i + 1]! : Math.max(padWith, 0)) << 4);
  }
  if (padWith >= 0) data.fill(bits === 4 ? padWith | (padWith << 4) : padWith, byte, rowStart + rowBytes);
}

/** Reads the code of element `index` (0-based along the row) from a packed row starting at `rowStart`. */
export function readCode(data: Uint8Array, rowStart: number, index: number, bits: QuantBits): number {
  if (bits === 8) return data[rowStart + index]!;
  const byte = data[rowStart + (index >> 1)]!;
  return index & 1 ? byte >> 4 : byte & 15;
}

/** Zero point of (row, block): stored (asymmetric) or the implicit 2^(bits-1) (symmetric). */
export function readZeroPoint(zeroPoints: Uint8Array | null, row: number, block: number, blocks: number, bits: QuantBits): number {
  if (!zeroPoints) return bits === 4 ? 8 : 128;
  const base = row * zeroPointRowBytes(blocks, bits);
  if (bits === 8) return zeroPoints[base + block]!;
  const byte = zeroPoints[base + (block >> 1)]!;
  return block & 1 ? byte >> 4 : byte & 15;
}

/** Where a job's stored blocks and their source live, for storedBlocksError. */
export interface StoredBlocks extends BlockLayout {
  source: Float32Array;
  data: Uint8Array;
  scales: Float32Array;
  zeroPoints: Uint8Array | null;
}

/**
 * Reconstruction error of stored blocks against their source, read straight from the packed bytes
 * (no dequantized copy): for stored values that differ from what the quantizer saw, e.g. scales
 * rounded to float16 afterwards, or AWQ's weight reconstructed as dequant(code) * multiplier[i]
 * with i the index along the row (the input channel k).
 */
export function storedBlocksError(stored: StoredBlocks, multiplier: Float32Array | null = null): TensorError {
  const { source, rows, length, bits, blockSize, rowBytes } = stored;
  const blocks = blockCount(length, blockSize);
  let signal = 0;
  let noise = 0;
  let maxAbs = 0;
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < blocks; b++) {
      const scale = stored.scales[r * blocks + b]!;
      const zeroPoint = readZeroPoint(stored.zeroPoints, r, b, blocks, bits);
      const end = Math.min(length, (b + 1) * blockSize);
      for (let i = b * blockSize; i < end; i++) {
        const w = source[r * stored.rowStride + i * stored.elementStride]!;
        const value = (readCode(stored.data, r * rowBytes, i, bits) - zeroPoint) * scale;
        const d = w - (multiplier ? value * multiplier[i]! : value);
        signal += w * w;
        noise += d * d;
        if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
      }
    }
  }
  return errorFromSums({ count: rows * length, signal, noise, maxAbs });
}
