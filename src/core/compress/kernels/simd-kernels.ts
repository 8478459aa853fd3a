// WebAssembly SIMD kernels for block quantization, emitted by wasm-assembler.ts. They compute
// exactly what block-quantize.ts's JavaScript reference computes (same float32 operations in the
// same order, so the bytes are identical) and, in the same pass, the reconstruction error sums of
// the stored weight (simd-common.ts); they exist because a scalar JS loop runs at a fraction of
// memory-copy speed, four lanes at a time gets close to it.
//   quant_<bits>_<sym|asym>     contiguous blocks (rows of an [N, K] weight or an embedding table): simd-row-kernel.ts
//   quantcol_<bits>_<sym|asym>  a block-row strip of a [K, N] weight, four columns per vector: simd-column-kernel.ts
import { columnKernel } from './simd-column-kernel.ts';
import { rowKernel } from './simd-row-kernel.ts';
import type { QuantBits } from './validate.ts';
import { assembleModule } from './wasm-assembler.ts';

export { MIN_SCALE } from './simd-common.ts';

export type QuantKernel = (
  src: number, rows: number, blocks: number, blockSize: number, srcRowStride: number,
  dst: number, dstRowStride: number, scales: number, scaleRowStride: number, zeroPoints: number, zeroPointRowStride: number, stats: number,
) => void;

export type ColumnKernel = (
  src: number, cols: number, srcRowStride: number, blockSize: number,
  dst: number, dstRowStride: number, scales: number, scaleRowStride: number, zeroPoints: number, zeroPointRowStride: number, stats: number,
) => void;

export interface SimdKernels {
  memory: WebAssembly.Memory;
  quant: (bits: QuantBits, symmetric: boolean) => QuantKernel;
  quantColumns: (bits: QuantBits, symmetric: boolean) => ColumnKernel;
}

let cached: SimdKernels | null | undefined;
let enabled = true;

/** Drops the instance and its memory (which only grows while alive), e.g. after a compression run. */
export function releaseSimdKernels(): void {
  cached = undefined;
}

/** Turns the SIMD path off or on (tests compare it with the JS reference). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

const VARIANTS = [[4, true], [4, false], [8, true], [8, false]] as const;
const suffix = (bits: QuantBits, symmetric: boolean): string => `${bits}_${symmetric ? 'sym' : 'asym'}`;

/** The module's bytes (~9 KB): four row kernels, then four column kernels. */
function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([...VARIANTS.map(([bits, symmetric]) => rowKernel(bits, symmetric)), ...VARIANTS.map(([bits, symmetric]) => columnKernel(bits, symmetric))], 1);
}

/** The instantiated kernels, or null where WebAssembly SIMD is unavailable (or disabled). */
export function simdKernels(): SimdKernels | null {
  if (!enabled) return null;
  if (cached !== undefined) return cached;
  cached = null;
  if (typeof WebAssembly !== 'object') return null;
  const bytes = simdModuleBytes();
  if (!WebAssembly.validate(bytes)) return null;
  let instance: WebAssembly.Instance;
  try {
    // Synchronous compilation: the compress worker allows any size (a page's main thread may refuse
    // modules over a few KB, and then the JS path runs).
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval': the JS path still works
  }
  const e = instance.exports as Record<string, unknown>;
  cached = {
    memory: e['memory'] as WebAssembly.Memory,
    quant: (bits, symmetric) => e[`quant_${suffix(bits, symmetric)}`] as QuantKernel,
    quantColumns: (bits, symmetric) => e[`quantcol_${suffix(bits, symmetric)}`] as ColumnKernel,
  };
  return cached;
}
