// Summary statistics of a tensor's values, computed in float64 straight from its raw_data-layout
// bytes: fixed-size chunks are decoded into one reused Float64Array, so a 100M-element weight costs
// no per-element allocation. Chunks are merged with Chan et al.'s pairwise update of (n, mean, M2),
// which keeps the variance exact where sum-of-squares would cancel.
import type { DType } from './dtype.ts';
import { float16BitsToFloat32 } from './float16.ts';

export interface TensorStats {
  /** Share of elements equal to zero (0..1), over all elements. */
  zeros: number;
  /** Over finite values; null when there are none. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation (divides by n), as numpy's default. */
  std: number | null;
  /** NaN and infinite elements (attention masks often hold -inf). */
  nonFinite: number;
}

const CHUNK = 8192;
const values = new Float64Array(CHUNK);
const alignedScratch = new Uint8Array(CHUNK * 8);
let float16Table: Float32Array | undefined;

function float16Lookup(): Float32Array {
  if (!float16Table) {
    float16Table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) float16Table[bits] = float16BitsToFloat32(bits);
  }
  return float16Table;
}

/** Bytes [start, start + length) in a buffer aligned for `width`-byte reads (a view, or a scratch copy). */
function aligned(bytes: Uint8Array, start: number, length: number, width: number): Uint8Array {
  const view = bytes.subarray(start, start + length);
  if (view.byteOffset % width === 0) return view;
  alignedScratch.set(view);
  return alignedScratch.subarray(0, length);
}

type ChunkDecoder = (bytes: Uint8Array, first: number, n: number) => void;

function wordDecoder(width: number, read: (buffer: ArrayBufferLike, offset: number, n: number) => void): ChunkDecoder {
  return (bytes, first, n) => {
    const chunk = aligned(bytes, first * width, n * width, width);
    read(chunk.buffer, chunk.byteOffset, n);
  };
}

function subByteDecoder(bits: 4 | 2, signed: boolean): ChunkDecoder {
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  return (bytes, first, n) => {
    for (let i = 0; i < n; i++) {
      const index = first + i;
      const raw = (bytes[Math.floor(index / perByte)]! >>> ((index % perByte) * bits)) & mask;
      values[i] = signed ? (raw << shift) >> shift : raw;
    }
  };
}

// Data table: how each dtype's elements become float64 values.
const DECODERS: Partial<Record<DType, ChunkDecoder>> = {
  float32: wordDecoder(4, (b, o, n) => values.set(new Float32Array(b, o, n))),
  float64: wordDecoder(8, (b, o, n) => values.set(new Float64Array(b, o, n))),
  float16: wordDecoder(2, (b, o, n) => {
    const bits = new Uint16Array(b, o, n);
    const table = float16Lookup();
    for (let i = 0; i < n; i++) values[i] = table[bits[i]!]!;
  }),
  bfloat16: wordDecoder(2, (b, o, n) => {
    const bits = new Uint16Array(b, o, n);
    const word = new Uint32Array(1);
    const asFloat = new Float32Array(word.buffer);
    for (let i = 0; i < n; i++) {
      word[0] = bits[i]! << 16;
      values[i] = asFloat[0]!;
    }
  }),
  int8: wordDecoder(1, (b, o, n) => values.set(new Int8Array(b, o, n))),
  uint8: wordDecoder(1, (b, o, n) => values.set(new Uint8Array(b, o, n))),
  bool: wordDecoder(1, (b, o, n) => values.set(new Uint8Array(b, o, n))),
  int16: wordDecoder(2, (b, o, n) => values.set(new Int16Array(b, o, n))),
  uint16: wordDecoder(2, (b, o, n) => values.set(new Uint16Array(b, o, n))),
  int32: wordDecoder(4, (b, o, n) => values.set(new Int32Array(b, o, n))),
  uint32: wordDecoder(4, (b, o, n) => values.set(new Uint32Array(b, o, n))),
  // int64 as two 32-bit words (little-endian): no BigInt per element.
  int64: wordDecoder(8, (b, o, n) => {
    const words = new Int32Array(b, o, 2 * n);
    for (let i = 0; i < n; i++) values[i] = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  }),
  uint64: wordDecoder(8, (b, o, n) => {
    const words = new Uint32Array(b, o, 2 * n);
    for (let i = 0; i < n; i++) values[i] = words[2 * i + 1]! * 4294967296 + words[2 * i]!;
  }),
  int4: subByteDecoder(4, true),
  uint4: subByteDecoder(4, false),
  int2: subByteDecoder(2, true),
  uint2: subByteDecoder(2, false),
};

export function canComputeStats(dtype: DType): boolean {
  return DECODERS[dtype] !== undefined;
}

/** Statistics of `count` elements of `dtype` stored in `bytes`; null for dtypes without numbers here. */
export function computeTensorStats(bytes: Uint8Array, dtype: DType, count: number): TensorStats | null {
  const decode = DECODERS[dtype];
  if (!decode) return null;
  let zeros = 0;
  let nonFinite = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0; // finite values so far, with their mean and sum of squared deviations (M2)
  let mean = 0;
  let m2 = 0;
  for (let first = 0; first < count; first += CHUNK) {
    const size = Math.min(CHUNK, count - first);
    decode(bytes, first, size);
    let chunkCount = 0;
    let chunkSum = 0;
    for (let i = 0; i < size; i++) {
      const x = values[i]!;
      if (x === 0) zeros++;
      if (x - x !== 0) {
        nonFinite++; // NaN or +-Infinity
        continue;
      }
      if (x < min) min = x;
      if (x > max) max = x;
      chunkSum += x;
      chunkCount++;
    }
    if (chunkCount === 0) continue;
    const chunkMean = chunkSum / chunkCount;
    let chunkM2 = 0;
    for (let i = 0; i < size; i++) {
      const x = values[i]!;
      if (x - x === 0) chunkM2 += (x - chunkMean) * (x - chunkMean);
    }
    const total = n + chunkCount;
    const delta = chunkMean - mean;
    mean += (delta * chunkCount) / total;
    m2 += chunkM2 + (delta * delta * n * chunkCount) / total;
    n = total;
  }
  if (n === 0) return { zeros: count ? zeros / count : 0, min: null, max: null, mean: null, std: null, nonFinite };
  return { zeros: zeros / count, min, max, mean, std: Math.sqrt(m2 / n), nonFinite };
}
