// Micro-measurement (not a test: timings are never asserted): q4 block-32 quantization throughput
// (codes, scales and the fused reconstruction error, as the pipeline runs it) against a plain
// Float32Array copy of the same weights, the memory-bound ceiling. The benchmark's kernel row.
import type { WeightLayout } from './layout.ts';
import { quantizeMatMulNBits } from './matmul-nbits.ts';

export interface ThroughputReport {
  weights: number;
  layout: WeightLayout;
  /** best-of-runs seconds */
  copySeconds: number;
  quantizeSeconds: number;
  /** float32 input bytes per second */
  copyBytesPerSecond: number;
  quantizeBytesPerSecond: number;
  /** quantize throughput / copy throughput */
  ratio: number;
}

/**
 * Quantizes a K x N float32 weight (~`weights` values, N = 2048) to q4 block 32 symmetric, best of
 * `runs`, and times `Float32Array.prototype.set` of the same data. `now` is injected (performance.now);
 * so is `collectGarbage`, called before each run so the previous run's outputs are freed and their
 * memory reused rather than fresh pages faulted in (that cost belongs to the pipeline's figures).
 */
export function measureQ4Throughput(now: () => number, weights = 25_000_000, runs = 3, layout: WeightLayout = 'kn', collectGarbage: () => void = () => {}): ThroughputReport {
  const N = 2048;
  const K = Math.max(32, Math.round(weights / N / 32) * 32);
  const W = new Float32Array(K * N);
  let seed = 1;
  for (let i = 0; i < W.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    W[i] = (seed / 4294967296 - 0.5) * 0.1;
  }
  const copy = new Float32Array(W.length);
  let copySeconds = Infinity;
  let quantizeSeconds = Infinity;
  for (let r = 0; r < runs; r++) {
    collectGarbage();
    let t = now();
    copy.set(W);
    copySeconds = Math.min(copySeconds, (now() - t) / 1000);
    t = now();
    quantizeMatMulNBits(W, K, N, { bits: 4, blockSize: 32, symmetric: true, layout });
    quantizeSeconds = Math.min(quantizeSeconds, (now() - t) / 1000);
  }
  const bytes = W.byteLength;
  return {
    weights: W.length,
    layout,
    copySeconds,
    quantizeSeconds,
    copyBytesPerSecond: bytes / copySeconds,
    quantizeBytesPerSecond: bytes / quantizeSeconds,
    ratio: copySeconds / quantizeSeconds,
  };
}
