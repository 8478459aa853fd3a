// Drives the WebAssembly SIMD kernels over a block-quantization job: copies the source in cache-sized
// chunks into wasm memory (a MatMul [K, N] weight is transposed there one block-row strip at a time),
// lets the kernel write codes, scales and zero points at their final offsets, then copies the results
// out once. Handles every FULL block of every row; the caller's JS reference finishes a short last
// block. Returns false (nothing written) when SIMD is unavailable or the strides do not fit.
import { nonFiniteError, type QuantBits } from './validate.ts';
import { simdKernels, type SimdKernels } from './simd-kernels.ts';

export interface SimdJob {
  name: string;
  source: Float32Array;
  rows: number;
  length: number;
  rowStride: number;
  elementStride: number;
  bits: QuantBits;
  blockSize: number;
  symmetric: boolean;
  rowBytes: number;
}

const CHUNK_BYTES = 1 << 18;
const align16 = (n: number): number => (n + 15) & ~15;

function ensureMemory(kernels: SimdKernels, bytes: number): void {
  const missing = bytes - kernels.memory.buffer.byteLength;
  if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
}

/**
 * Quantizes the full blocks of `job` into data [rows, rowBytes], scales [rows, blocks] and the
 * unpacked zero points (one byte per block, [rows, blocks]); returns false if it did nothing.
 */
export function quantizeFullBlocksSimd(job: SimdJob, data: Uint8Array, scales: Float32Array, zeroPointsUnpacked: Uint8Array | null): boolean {
  const contiguous = job.elementStride === 1 && job.rowStride === job.length;
  const columnMajor = job.rowStride === 1 && job.elementStride === job.rows;
  const fullBlocks = Math.floor(job.length / job.blockSize);
  if (fullBlocks === 0 || job.blockSize % 16 !== 0 || !(contiguous || columnMajor)) return false;
  const kernels = simdKernels();
  if (!kernels) return false;
  const blocks = Math.ceil(job.length / job.blockSize);
  const blob = (job.blockSize * job.bits) / 8;
  const rowsPerChunk = contiguous ? Math.max(1, Math.floor(CHUNK_BYTES / (job.length * 4))) : 0;
  const inputBytes = align16(contiguous ? rowsPerChunk * job.length * 4 : job.blockSize * job.rows * 4);
  const input = 0;
  const transposed = inputBytes;
  const codes = transposed + (columnMajor ? inputBytes : 0);
  const scaleOut = align16(codes + job.rows * job.rowBytes);
  const zpOut = align16(scaleOut + job.rows * blocks * 4);
  ensureMemory(kernels, zpOut + job.rows * blocks);
  const memory = kernels.memory.buffer;
  const staging = new Float32Array(memory, input, inputBytes / 4);
  const kernel = kernels.quant(job.bits, job.symmetric);
  const fail = (status: number, rowBase: number, blockBase: number): never => {
    const index = status - 1;
    const row = contiguous ? rowBase + Math.floor(index / fullBlocks) : index;
    const block = contiguous ? index % fullBlocks : blockBase;
    throw nonFiniteError(job.name, row, block * job.blockSize);
  };
  if (contiguous) {
    for (let r0 = 0; r0 < job.rows; r0 += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, job.rows - r0);
      staging.set(job.source.subarray(r0 * job.length, (r0 + rows) * job.length));
      const status = kernel(input, rows, fullBlocks, job.blockSize, job.length * 4, codes + r0 * job.rowBytes, job.rowBytes, scaleOut + r0 * blocks * 4, blocks * 4, zpOut + r0 * blocks, blocks);
      if (status !== 0) fail(status, r0, 0);
    }
  } else {
    const stripLength = job.blockSize * job.rows;
    for (let b = 0; b < fullBlocks; b++) {
      staging.set(job.source.subarray(b * stripLength, (b + 1) * stripLength));
      kernels.transpose(input, job.blockSize, job.rows, transposed);
      const status = kernel(transposed, job.rows, 1, job.blockSize, job.blockSize * 4, codes + b * blob, job.rowBytes, scaleOut + b * 4, blocks * 4, zpOut + b, blocks);
      if (status !== 0) fail(status, 0, b);
    }
  }
  data.set(new Uint8Array(memory, codes, job.rows * job.rowBytes));
  scales.set(new Float32Array(memory, scaleOut, job.rows * blocks));
  zeroPointsUnpacked?.set(new Uint8Array(memory, zpOut, job.rows * blocks));
  return true;
}
