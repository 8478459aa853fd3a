// Weight-only int8, symmetric, one scale per output channel, for
// DequantizeLinear(x int8, scale float32 [N], axis) -> MatMul. Zero point is 0 (input omitted).
// Scale rule (as in block-quantize.ts): s = max(max+ / 127, max- / 128), so the int8 range
// [-128, 127] is used without clipping and every weight stays within half a step.
import type { WeightLayout } from './layout.ts';
import { errorFromSums, type TensorError } from './metrics.ts';
import { assertMatrix, nonFiniteError } from './validate.ts';

export interface Int8PerChannelWeight {
  /** int8, same layout and shape as the input weight: [K, N] ('kn') or [N, K] ('nk') */
  q: Int8Array;
  /** float32 [N] */
  scale: Float32Array;
  /** DequantizeLinear axis for `q`: 1 for [K, N], 0 for [N, K] */
  axis: 0 | 1;
}

/** Quantizes W (float32 [K, N] MatMul weight, or [N, K] with layout 'nk') per output channel n. */
export function quantizeInt8PerChannel(W: Float32Array, K: number, N: number, layout: WeightLayout = 'kn'): Int8PerChannelWeight {
  assertMatrix('int8 weight', W, K, N);
  const { max, min } = channelRanges(W, K, N, layout);
  const scale = new Float32Array(N);
  const inverse = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    if (!Number.isFinite(max[n]!) || !Number.isFinite(min[n]!)) throw nonFiniteError('int8 weight', n, 0);
    const s = Math.fround(Math.max(max[n]! / 127, -min[n]! / 128));
    scale[n] = s;
    inverse[n] = s > 0 ? 1 / s : 0;
  }
  // q = clamp(round(w / s)), computed as trunc(w / s + 128.5) - 128: truncation of a positive
  // number is floor, so this rounds half up over the whole range without Math.round.
  const q = new Int8Array(K * N);
  const rows = layout === 'kn' ? K : N;
  const cols = layout === 'kn' ? N : K;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) {
      const t = ((W[i]! * inverse[layout === 'kn' ? c : r]! + 128.5) | 0) - 128;
      q[i] = t > 127 ? 127 : t < -128 ? -128 : t;
    }
  }
  return { q, scale, axis: layout === 'kn' ? 1 : 0 };
}

/** Per output channel max and min (each widened to include 0), read in memory order. */
function channelRanges(W: Float32Array, K: number, N: number, layout: WeightLayout): { max: Float64Array; min: Float64Array } {
  const max = new Float64Array(N);
  const min = new Float64Array(N);
  const rows = layout === 'kn' ? K : N;
  const cols = layout === 'kn' ? N : K;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) {
      const n = layout === 'kn' ? c : r;
      max[n] = Math.max(max[n]!, W[i]!); // Math.max propagates NaN, checked by the caller
      min[n] = Math.min(min[n]!, W[i]!);
    }
  }
  return { max, min };
}

/** Reconstructs W as float64 in the stored layout: w = q * scale[n]. */
export function dequantizeInt8PerChannel(weight: Int8PerChannelWeight, K: number, N: number): Float64Array {
  const out = new Float64Array(K * N);
  for (let i = 0; i < K * N; i++) {
    const n = weight.axis === 1 ? i % N : (i / K) | 0;
    out[i] = weight.q[i]! * weight.scale[n]!;
  }
  return out;
}

/** Reconstruction error of the stored weight against W (same layout), in float64, with no dequantized copy. */
export function int8PerChannelError(W: Float32Array, weight: Int8PerChannelWeight, K: number, N: number): TensorError {
  assertMatrix('int8 weight', W, K, N);
  let signal = 0;
  let noise = 0;
  let maxAbs = 0;
  for (let i = 0; i < K * N; i++) {
    const w = W[i]!;
    const d = w - weight.q[i]! * weight.scale[weight.axis === 1 ? i % N : (i / K) | 0]!;
    signal += w * w;
    noise += d * d;
    if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
  }
  return errorFromSums({ count: K * N, signal, noise, maxAbs });
}
