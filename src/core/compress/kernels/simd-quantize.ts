// Drives the WebAssembly SIMD kernels over a block-quantization job: copies the source bytes (float32
// values, or the initializer's own little-endian bytes at any alignment) into wasm memory a piece at
// a time, lets the kernel write codes, scales and zero points at their final offsets and add up the
// reconstruction error, then copies the results out once. A MatMul [K, N] weight goes one block-row
// strip at a time through the column kernel (rows padded to a multiple of 4 columns with zeros,
// which add nothing to the error); contiguous rows go in cache-sized chunks through the row kernel.
// The kernels do not test for NaN or Infinity themselves: one makes the error sums non-finite, and
// the driver then finds the first bad block in JS for the error message. The sums are float32 within
// a block, so finite weights above ~1.8e19 (w^2 beyond the float32 range) make them non-finite too:
// then there is no bad weight to report and the job goes to the JS reference (float64 sums) instead.
// Handles every FULL block of every row; the caller's JS reference finishes a short last block.
// Returns false (nothing written) when SIMD is unavailable or the strides do not fit.
import type { BlockQuantizeJob } from './block-quantize.ts';
import { sourceBytes, sourceFloats } from './layout.ts';
import type { ErrorSums } from './metrics.ts';
import { simdKernels, type SimdKernels } from './simd-kernels.ts';
import { nonFiniteError, type QuantBits } from './validate.ts';

/** Output buffers of the job: data [rows, rowBytes], scales [rows, blocks], unpacked zero points [rows, blocks]. */
export interface SimdOutput {
  data: Uint8Array;
  scales: Float32Array;
  zeroPoints: Uint8Array | null;
  error: ErrorSums;
}

const CHUNK_BYTES = 1 << 18;
/**
 * Three float64 error sums live at address 0; staging starts at the next cache line. Staging rows
 * start on cache lines too: a copy to a destination that is not 64-byte aligned runs at a quarter
 * of the speed on some CPUs (AMD Zen's rep movsb).
 */
const STATS = 0;
const STAGING = 64;
const align64 = (n: number): number => (n + 63) & ~63;

function ensureMemory(kernels: SimdKernels, bytes: number): void {
  const missing = bytes - kernels.memory.buffer.byteLength;
  if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
}

interface Regions {
  codes: number;
  scales: number;
  zeroPoints: number;
}

/** Lays out staging and outputs for `outputRows` rows; grows memory and zeroes the staging and error sums. */
function regions(kernels: SimdKernels, job: BlockQuantizeJob, stagingBytes: number, outputRows: number, blocks: number): Regions {
  const codes = align64(STAGING + stagingBytes);
  const scales = align64(codes + outputRows * job.rowBytes);
  const zeroPoints = align64(scales + outputRows * blocks * 4);
  ensureMemory(kernels, zeroPoints + outputRows * blocks);
  new Uint8Array(kernels.memory.buffer, 0, STAGING + stagingBytes).fill(0);
  return { codes, scales, zeroPoints };
}

/** True once a NaN or Infinity has gone through a kernel, or a float32 block sum overflowed. */
function sawNonFinite(kernels: SimdKernels): boolean {
  const [signal, noise] = new Float64Array(kernels.memory.buffer, STATS, 2) as unknown as [number, number];
  return !Number.isFinite(signal + noise);
}

/**
 * Throws the reference's error for the first non-finite weight in `rows` x `blocks` of the job, in
 * the given order; returns if there is none (the float32 sums overflowed on huge finite weights).
 */
function throwNonFinite(job: BlockQuantizeJob, rows: [number, number], blocks: [number, number], blocksOuter: boolean): void {
  const values = sourceFloats(job.source);
  const bad = (r: number, b: number): boolean => {
    for (let i = b * job.blockSize; i < (b + 1) * job.blockSize; i++) if (!Number.isFinite(values[r * job.rowStride + i * job.elementStride]!)) return true;
    return false;
  };
  const [outer, inner] = blocksOuter ? [blocks, rows] : [rows, blocks];
  for (let a = outer[0]; a < outer[1]; a++) {
    for (let z = inner[0]; z < inner[1]; z++) {
      const [r, b] = blocksOuter ? [z, a] : [a, z];
      if (bad(r, b)) throw nonFiniteError(job.name, r, b * job.blockSize);
    }
  }
}

/** null: the error sums overflowed (no bad weight), and the job goes to the JS reference. */
function quantizeRows(kernels: SimdKernels, job: BlockQuantizeJob, fullBlocks: number, blocks: number): Regions | null {
  const rowBytes4 = job.length * 4;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes4));
  const at = regions(kernels, job, align64(rowsPerChunk * rowBytes4), job.rows, blocks);
  const bytes = sourceBytes(job.source);
  const staging = new Uint8Array(kernels.memory.buffer);
  const kernel = kernels.quant(job.bits, job.symmetric);
  for (let r0 = 0; r0 < job.rows; r0 += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, job.rows - r0);
    staging.set(bytes.subarray(r0 * rowBytes4, (r0 + rows) * rowBytes4), STAGING);
    kernel(STAGING, rows, fullBlocks, job.blockSize, rowBytes4, at.codes + r0 * job.rowBytes, job.rowBytes, at.scales + r0 * blocks * 4, blocks * 4, at.zeroPoints + r0 * blocks, blocks, STATS);
    if (sawNonFinite(kernels)) {
      throwNonFinite(job, [r0, r0 + rows], [0, fullBlocks], false);
      return null;
    }
  }
  return at;
}

function quantizeColumns(kernels: SimdKernels, job: BlockQuantizeJob, fullBlocks: number, blocks: number): Regions | null {
  const N = job.rows;
  const padded = (N + 3) & ~3;
  // Staging rows are a cache line longer than the data so that a block's rows, read down one
  // column group, fall in different cache sets (a stride of a multiple of 4 KB maps them all to one).
  const stride = align64(padded * 4) + 64;
  const at = regions(kernels, job, job.blockSize * stride, padded, blocks);
  const bytes = sourceBytes(job.source);
  const staging = new Uint8Array(kernels.memory.buffer);
  const kernel = kernels.quantColumns(job.bits, job.symmetric);
  const blob = (job.blockSize * job.bits) / 8;
  const rowBytes4 = N * 4;
  for (let b = 0; b < fullBlocks; b++) {
    const first = b * job.blockSize * rowBytes4; // byte offset of the strip's first row
    for (let k = 0; k < job.blockSize; k++) {
      const row = STAGING + k * stride;
      staging.set(bytes.subarray(first + k * rowBytes4, first + (k + 1) * rowBytes4), row);
      if (padded !== N) staging.fill(0, row + rowBytes4, row + padded * 4); // the kernel leaves codes there
    }
    kernel(STAGING, padded, stride, job.blockSize, at.codes + b * blob, job.rowBytes, at.scales + b * 4, blocks * 4, at.zeroPoints + b, blocks, STATS);
    if (sawNonFinite(kernels)) {
      throwNonFinite(job, [0, N], [b, b + 1], true);
      return null;
    }
  }
  return at;
}

/**
 * Quantizes the full blocks of `job` into `out` (zero points unpacked, one byte per block) and adds
 * their error to `out.error`; returns false if it did nothing.
 */
export function quantizeFullBlocksSimd(job: BlockQuantizeJob, out: SimdOutput): boolean {
  const contiguous = job.elementStride === 1 && job.rowStride === job.length;
  const columnMajor = job.rowStride === 1 && job.elementStride === job.rows;
  const fullBlocks = Math.floor(job.length / job.blockSize);
  if (fullBlocks === 0 || job.blockSize % 16 !== 0 || !(contiguous || columnMajor)) return false;
  const kernels = simdKernels();
  if (!kernels) return false;
  const blocks = Math.ceil(job.length / job.blockSize);
  const at = contiguous ? quantizeRows(kernels, job, fullBlocks, blocks) : quantizeColumns(kernels, job, fullBlocks, blocks);
  if (!at) return false;
  const memory = kernels.memory.buffer;
  out.data.set(new Uint8Array(memory, at.codes, job.rows * job.rowBytes));
  out.scales.set(new Float32Array(memory, at.scales, job.rows * blocks));
  out.zeroPoints?.set(new Uint8Array(memory, at.zeroPoints, job.rows * blocks));
  const [signal, noise, maxAbs] = new Float64Array(memory, STATS, 3) as unknown as [number, number, number];
  out.error.signal += signal;
  out.error.noise += noise;
  out.error.maxAbs = Math.max(out.error.maxAbs, maxAbs);
  return true;
}
