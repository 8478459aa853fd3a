// Pruning scores, float32 in the weight's own layout, so any pruning scope can compare them.
// Magnitude |W| needs no array (the pruners read |W| off the weights); Wanda weighs each weight by
// the L2 norm of the input feature it multiplies: S_kn = |W_kn| * ||X_k||_2 (Sun et al., ICLR 2024).
import { stridesOf, type WeightLayout } from './layout.ts';
import { assertLength, assertMatrix } from './validate.ts';

/** |W| as a new float32 array (same layout); useful when scores must outlive in-place pruning. */
export function magnitudeScores(weight: Float32Array): Float32Array {
  const out = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) out[i] = Math.abs(weight[i]!);
  return out;
}

/** Wanda scores |W_kn| * inputNorm[k] for W [K, N] ('kn') or [N, K] ('nk'); inputNorm float32 [K]. */
export function wandaScores(weight: Float32Array, K: number, N: number, inputNorm: Float32Array, layout: WeightLayout = 'kn'): Float32Array {
  assertMatrix('Wanda weight', weight, K, N);
  assertLength('Wanda input norms', inputNorm, K);
  const strides = stridesOf(layout, K, N);
  const out = new Float32Array(K * N);
  for (let k = 0; k < K; k++) {
    const norm = inputNorm[k]!;
    for (let n = 0; n < N; n++) {
      const i = k * strides.input + n * strides.output;
      out[i] = Math.abs(weight[i]!) * norm;
    }
  }
  return out;
}
