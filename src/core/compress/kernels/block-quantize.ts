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
import { MIN_SCALE } from './simd-kernels.ts';
import { quantizeFullBlocksSimd } from './simd-quantize.ts';
import { nonFiniteError, type QuantBits } from './validate.ts';

export interface BlockQuantizeJob {
  /** name for error messages */
  name: string;
  source: Float32Array;
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
  symmetric: boolean;
  /** bytes per row in `data`; more than ceil(length * bits / 8) means the tail is padding */
  rowBytes: number;
}

export interface BlockQuantized {
  /** [rows, rowBytes] uint8 */
  data: Uint8Array;
  /** [rows, blocks] float32 */
  scales: Float32Array;
  /** [rows, ceil(blocks * bits / 8)] uint8, asymmetric only */
  zeroPoints: Uint8Array | null;
  blocks: number;
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
  let firstBlock = 0;
  if (quantizeFullBlocksSimd(job, data, scales, unpacked)) {
    firstBlock = Math.floor(length / blockSize);
    if (zeroPoints && unpacked) packZeroPoints(unpacked, rows, blocks, firstBlock, bits, zeroPoints);
  }
  // Iterate blocks outermost when rows are adjacent in memory ('kn' MatMul weight): the block's
  // blockSize source rows then stay in cache while every output column walks through them.
  if (job.rowStride < job.elementStride) {
    for (let b = firstBlock; b < blocks; b++) for (let r = 0; r < rows; r++) quantizeOneBlock(job, r, b, blocks, data, scales, zeroPoints);
  } else {
    for (let r = 0; r < rows; r++) for (let b = firstBlock; b < blocks; b++) quantizeOneBlock(job, r, b, blocks, data, scales, zeroPoints);
  }
  return { data, scales, zeroPoints, blocks };
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

function quantizeOneBlock(
  job: BlockQuantizeJob,
  row: number,
  block: number,
  blocks: number,
  data: Uint8Array,
  scales: Float32Array,
  zeroPoints: Uint8Array | null,
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
  const f = Math.fround;
  scales[row * blocks + block] = scale;
  if (zeroPoints) {
    const zpRow = row * zeroPointRowBytes(blocks, bits);
    if (bits === 4) zeroPoints[zpRow + (block >> 1)]! |= zeroPoint << ((block & 1) << 2);
    else zeroPoints[zpRow + block] = zeroPoint;
  }

  const rowStart = row * job.rowBytes;
  if (bits === 4) {
    let byte = rowStart + (start >> 1); // blockSize is even, so a block starts on a byte boundary
    let p = first;
    const pairEnd = first + (count & ~1) * elementStride;
    const step2 = 2 * elementStride;
    for (; p < pairEnd; p += step2) {
      let lo = f(f(source[p]! * inverse) + offset) | 0;
      let hi = f(f(source[p + elementStride]! * inverse) + offset) | 0;
      lo = lo > 15 ? 15 : lo < 0 ? 0 : lo;
      hi = hi > 15 ? 15 : hi < 0 ? 0 : hi;
      data[byte++] = lo | (hi << 4);
    }
    if (count & 1) {
      let lo = f(f(source[p]! * inverse) + offset) | 0;
      lo = lo > 15 ? 15 : lo < 0 ? 0 : lo;
      data[byte++] = lo | (zeroPoint << 4);
    }
    if (block === blocks - 1) data.fill(zeroPoint | (zeroPoint << 4), byte, rowStart + job.rowBytes);
  } else {
    let byte = rowStart + start;
    for (let p = first; p < end; p += elementStride) {
      const q = f(f(source[p]! * inverse) + offset) | 0;
      data[byte++] = q > 255 ? 255 : q < 0 ? 0 : q;
    }
    if (block === blocks - 1) data.fill(zeroPoint, byte, rowStart + job.rowBytes);
  }
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
