// How a weight matrix sits in memory. A MatMul weight is W [K, N] row-major ('kn': K inputs,
// N outputs); Gemm with transB = 1 stores the same matrix as [N, K] ('nk'). Kernels take either and
// read through strides, so no transposed copy is needed on the hot path.

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
