// Activation-aware weight quantization (AWQ): Lin et al., "AWQ: Activation-aware Weight
// Quantization for LLM Compression and Acceleration", MLSys 2024, arXiv:2306.00978, section 3.2.
// Input channels that carry large activations matter most, so scale their weight rows up before
// round-to-nearest (less relative rounding error) and divide the activation by the same factor:
//   s_j = mean|X_j|^alpha, normalised by sqrt(max(s) * min(s)) as the reference implementation does,
//   W' = diag(s) W quantized block-wise, and the graph feeds X * (1/s) to MatMulNBits.
// alpha is grid-searched on calibration rows to minimise ||X W - (X / s) Q(W')||^2. alpha = 0 gives
// s = 1 exactly, i.e. plain RTN, which is the baseline the result reports.
import { throwIfCancelled } from '../../errors.ts';
import { readCode, readZeroPoint } from './block-quantize.ts';
import { quantizeMatMulNBits, type MatMulNBitsOptions, type MatMulNBitsWeight } from './matmul-nbits.ts';
import { assertLength, assertMatrix } from './validate.ts';

export interface AwqOptions {
  /** MatMul weight float32 [K, N] */
  weight: Float32Array;
  K: number;
  N: number;
  /** mean |X_j| over calibration tokens, float32 [K] */
  activationMeanAbs: Float32Array;
  /** calibration activation rows X, float32 [T, K] */
  sample: Float32Array;
  T: number;
  quantizer: Omit<MatMulNBitsOptions, 'layout'>;
  /** grid points over [0, 1], alpha_i = i / (gridSize - 1); default 20 */
  gridSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface AwqPoint {
  alpha: number;
  /** ||X W - (X / s) Q(W')||^2 summed over the T x N outputs */
  error: number;
}

export interface AwqResult {
  alpha: number;
  /** 1 / s, float32 [K]: the graph multiplies the MatMul input by this */
  inputScale: Float32Array;
  /** Q(diag(s) W) at the chosen alpha, ready for MatMulNBits */
  quantized: MatMulNBitsWeight;
  /** error at alpha = 0 (plain RTN) */
  errorRtn: number;
  errorBest: number;
  /** ||X W||^2, to express errors relative to the output energy */
  outputEnergy: number;
  points: AwqPoint[];
}

/** Per-channel input scale 1/s for one alpha (float32 [K]); s_j = max(mean|X_j|^alpha, 1e-4) normalised. */
export function awqInputScale(activationMeanAbs: Float32Array, alpha: number): Float32Array {
  const K = activationMeanAbs.length;
  const s = new Float64Array(K);
  let max = 0;
  let min = Infinity;
  for (let j = 0; j < K; j++) {
    const v = Math.max(Math.pow(activationMeanAbs[j]!, alpha), 1e-4);
    s[j] = v;
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  const norm = Math.sqrt(max * min);
  const inputScale = new Float32Array(K);
  for (let j = 0; j < K; j++) inputScale[j] = norm / s[j]!;
  return inputScale;
}

/** W' = diag(1 / inputScale) W, float32 [K, N], written into `out`. */
export function scaleWeightRows(weight: Float32Array, K: number, N: number, inputScale: Float32Array, out = new Float32Array(K * N)): Float32Array {
  for (let k = 0; k < K; k++) {
    const s = 1 / inputScale[k]!;
    for (let n = 0, i = k * N; n < N; n++, i++) out[i] = weight[i]! * s;
  }
  return out;
}

/** D = W - diag(inputScale) dequant(Q): the effective weight error, float32 [K, N] into `out`. */
function effectiveError(weight: Float32Array, q: MatMulNBitsWeight, inputScale: Float32Array, out: Float32Array): Float32Array {
  const { K, N, kBlocks, blobSize, blockSize, bits } = q;
  for (let n = 0; n < N; n++) {
    const rowStart = n * kBlocks * blobSize;
    for (let b = 0; b < kBlocks; b++) {
      const scale = q.scales[n * kBlocks + b]!;
      const zeroPoint = readZeroPoint(q.zeroPoints, n, b, kBlocks, bits);
      const end = Math.min(K, (b + 1) * blockSize);
      for (let k = b * blockSize; k < end; k++) {
        const w = (readCode(q.B, rowStart, k, bits) - zeroPoint) * scale * inputScale[k]!;
        out[k * N + n] = weight[k * N + n]! - w;
      }
    }
  }
  return out;
}

/** ||X D||^2 for X [T, K], D [K, N], accumulated in float64. Cost T * K * N. */
export function outputSquaredError(X: Float32Array, T: number, D: Float32Array, K: number, N: number): number {
  const row = new Float64Array(N);
  let total = 0;
  for (let t = 0; t < T; t++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const x = X[t * K + k]!;
      if (x === 0) continue;
      for (let n = 0, i = k * N; n < N; n++, i++) row[n]! += x * D[i]!;
    }
    for (let n = 0; n < N; n++) total += row[n]! * row[n]!;
  }
  return total;
}

/** Grid-searches alpha; cost gridSize * (quantize K*N + T*K*N multiply-adds). */
export function awqSearch(options: AwqOptions): AwqResult {
  const { weight, K, N, sample, T } = options;
  assertMatrix('AWQ weight', weight, K, N);
  assertLength('AWQ activation statistics', options.activationMeanAbs, K);
  assertMatrix('AWQ calibration sample', sample, T, K);
  const gridSize = Math.max(2, Math.floor(options.gridSize ?? 20));
  const scaled = new Float32Array(K * N);
  const D = new Float32Array(K * N);
  const points: AwqPoint[] = [];
  let best: { alpha: number; error: number; inputScale: Float32Array; quantized: MatMulNBitsWeight } | null = null;
  for (let i = 0; i < gridSize; i++) {
    throwIfCancelled(options.signal);
    const alpha = i / (gridSize - 1);
    const inputScale = awqInputScale(options.activationMeanAbs, alpha);
    const quantized = quantizeMatMulNBits(scaleWeightRows(weight, K, N, inputScale, scaled), K, N, options.quantizer);
    const error = outputSquaredError(sample, T, effectiveError(weight, quantized, inputScale, D), K, N);
    points.push({ alpha, error });
    if (!best || error < best.error) best = { alpha, error, inputScale, quantized };
    options.onProgress?.((i + 1) / gridSize);
  }
  const outputEnergy = outputSquaredError(sample, T, weight, K, N);
  const chosen = best!;
  return {
    alpha: chosen.alpha,
    inputScale: chosen.inputScale,
    quantized: chosen.quantized,
    errorRtn: points[0]!.error,
    errorBest: chosen.error,
    outputEnergy,
    points,
  };
}
