// Weights for dynamic int8 ("q8" in transformers.js):
//   DynamicQuantizeLinear(A) -> (A_u8, A_scale, A_zp)
//   MatMulInteger(A_u8, W_q, A_zp, W_zp) -> int32 -> Cast(float) -> Mul(A_scale * W_scale)
// W_q is int8 (symmetric, zero point 0) or uint8 (asymmetric, zero point in [0, 255]), per tensor
// (scalar scale and zero point) or per column n (1-D [N]: onnxruntime's MatMulInteger accepts a
// B zero point that is a scalar, [1], or [N] for a 2-D B; W_scale [N] then broadcasts in the Mul).
// Runs on onnxruntime's CPU/wasm provider only (no WebGPU kernel for MatMulInteger).
import { errorFromSums, type TensorError } from './metrics.ts';
import { assertMatrix, nonFiniteError } from './validate.ts';

export type DynamicWeightType = 'int8' | 'uint8';
export type DynamicGranularity = 'per-tensor' | 'per-column';

export interface DynamicInt8Options {
  type: DynamicWeightType;
  granularity: DynamicGranularity;
}

export interface DynamicInt8Weight {
  type: DynamicWeightType;
  granularity: DynamicGranularity;
  /** [K, N] (MatMul layout; MatMulInteger has no transposed form) */
  q: Int8Array | Uint8Array;
  /** float32 [1] or [N] */
  scale: Float32Array;
  /** same element type as q, [1] or [N]; all zeros for int8 */
  zeroPoint: Int8Array | Uint8Array;
}

interface Range {
  max: Float64Array;
  min: Float64Array;
}

function ranges(W: Float32Array, K: number, N: number, perColumn: boolean): Range {
  const groups = perColumn ? N : 1;
  const max = new Float64Array(groups);
  const min = new Float64Array(groups);
  for (let k = 0, i = 0; k < K; k++) {
    for (let n = 0; n < N; n++, i++) {
      const g = perColumn ? n : 0;
      max[g] = Math.max(max[g]!, W[i]!); // widened to include 0; NaN propagates to the check below
      min[g] = Math.min(min[g]!, W[i]!);
    }
  }
  for (let g = 0; g < groups; g++) if (!Number.isFinite(max[g]!) || !Number.isFinite(min[g]!)) throw nonFiniteError('dynamic int8 weight', 0, g);
  return { max, min };
}

/**
 * Quantizes a MatMul weight W (float32 [K, N]).
 * int8:  s = max(max+ / 127, max- / 128), zp = 0, q = clamp(round(w / s), -128, 127).
 * uint8: s = (max - min) / 255, zp = clamp(round(-min / s), 0, 255), q = clamp(round(w / s) + zp, 0, 255).
 * A group whose scale is 0 (all zeros) stores scale 0 and q = zp: dequantizes to 0, no NaN.
 */
export function quantizeDynamicInt8(W: Float32Array, K: number, N: number, options: DynamicInt8Options): DynamicInt8Weight {
  assertMatrix('dynamic int8 weight', W, K, N);
  const perColumn = options.granularity === 'per-column';
  const groups = perColumn ? N : 1;
  const { max, min } = ranges(W, K, N, perColumn);
  const signed = options.type === 'int8';
  const scale = new Float32Array(groups);
  const zeroPoint = signed ? new Int8Array(groups) : new Uint8Array(groups);
  const inverse = new Float64Array(groups);
  const offset = new Float64Array(groups); // zp + 0.5 (+128 for int8, undone below): trunc then rounds half up
  for (let g = 0; g < groups; g++) {
    const s = signed ? Math.fround(Math.max(max[g]! / 127, -min[g]! / 128)) : Math.fround((max[g]! - min[g]!) / 255);
    const zp = signed || s === 0 ? 0 : Math.min(255, Math.max(0, Math.round(-min[g]! / s)));
    scale[g] = s;
    zeroPoint[g] = zp;
    inverse[g] = s > 0 ? 1 / s : 0;
    offset[g] = signed ? 128.5 : zp + 0.5;
  }
  const q = signed ? new Int8Array(K * N) : new Uint8Array(K * N);
  const shift = signed ? 128 : 0;
  for (let k = 0, i = 0; k < K; k++) {
    for (let n = 0; n < N; n++, i++) {
      const g = perColumn ? n : 0;
      let t = (W[i]! * inverse[g]! + offset[g]!) | 0;
      t = t > 255 ? 255 : t < 0 ? 0 : t;
      q[i] = t - shift;
    }
  }
  return { type: options.type, granularity: options.granularity, q, scale, zeroPoint };
}

/** Reconstructs W as float64 [K, N]: w = (q - zp) * scale. */
export function dequantizeDynamicInt8(weight: DynamicInt8Weight, K: number, N: number): Float64Array {
  const perColumn = weight.granularity === 'per-column';
  const out = new Float64Array(K * N);
  for (let k = 0, i = 0; k < K; k++) {
    for (let n = 0; n < N; n++, i++) {
      const g = perColumn ? n : 0;
      out[i] = (weight.q[i]! - weight.zeroPoint[g]!) * weight.scale[g]!;
    }
  }
  return out;
}

/** Reconstruction error of the stored weight against W (float32 [K, N]), in float64, with no dequantized copy. */
export function dynamicInt8Error(W: Float32Array, weight: DynamicInt8Weight, K: number, N: number): TensorError {
  assertMatrix('dynamic int8 weight', W, K, N);
  const perColumn = weight.granularity === 'per-column';
  let signal = 0;
  let noise = 0;
  let maxAbs = 0;
  for (let k = 0, i = 0; k < K; k++) {
    for (let n = 0; n < N; n++, i++) {
      const g = perColumn ? n : 0;
      const w = W[i]!;
      const d = w - (weight.q[i]! - weight.zeroPoint[g]!) * weight.scale[g]!;
      signal += w * w;
      noise += d * d;
      if (Math.abs(d) > maxAbs) maxAbs = Math.abs(d);
    }
  }
  return errorFromSums({ count: K * N, signal, noise, maxAbs });
}
