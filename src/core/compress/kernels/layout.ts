// How a weight matrix sits in memory. A MatMul weight is W [K, N] row-major ('kn': K inputs,
// N outputs); Gemm with transB = 1 stores the same matrix as [N, K] ('nk'). Kernels take either and
// read through strides, so no transposed copy is needed on the hot path. A weight may also arrive
// as its stored bytes (WeightSource), read without a float copy.

export type WeightLayout = 'kn' | 'nk';

export interface Strides {
  /** element step between consecutive outputs n */
  output: number;
  /** element step between consecutive inputs k */
  input: number;
}

export function stridesOf(layout: WeightLayout, K: number, N: number): Strides {
  return layout === 'kn' ? { output: 1, input: N } : { output: K, input: 1 };
}

/** [rows, cols] -> [cols, rows], tiled so both sides stay in cache. Returns `out` (allocated if absent). */
export function transpose(src: Float32Array, rows: number, cols: number, out = new Float32Array(rows * cols)): Float32Array {
  const tile = 64;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) {
        const rowBase = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = src[rowBase + c]!;
      }
    }
  }
  return out;
}

/**
 * A weight as the quantizers read it: float32 values, or the little-endian float32 bytes of an
 * initializer as they sit in the model (raw_data or external data, often not 4-byte aligned), so
 * the SIMD path can copy them into its memory without a full-size float copy first.
 */
export type WeightSource = Float32Array | Uint8Array;

/** Elements in the source. */
export function sourceLength(source: WeightSource): number {
  return source instanceof Float32Array ? source.length : source.byteLength / 4;
}

/** The source as bytes (a view, never a copy). */
export function sourceBytes(source: WeightSource): Uint8Array {
  return source instanceof Float32Array ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : source;
}

/** The source as float32 values: a view when the bytes are 4-byte aligned, else an aligned copy. */
export function sourceFloats(source: WeightSource): Float32Array {
  if (source instanceof Float32Array) return source;
  const count = source.byteLength / 4;
  if (source.byteOffset % 4 === 0) return new Float32Array(source.buffer, source.byteOffset, count);
  return new Float32Array(new Uint8Array(source).buffer, 0, count); // a copy (Buffer#slice would be a view)
}
