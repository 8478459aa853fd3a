// Bounded samples of weight values for the Compress page's histograms: at most `maxSamples` evenly
// spaced elements per tensor (histogram.ts sampleIndices), read in the weight's original layout so
// "before" and "after" sample the same positions. For a MatMul weight replaced by a [K, N] form
// (MatMulNBits, MatMulInteger) while it was stored [N, K] (Gemm transB = 1), indices are transposed.
import type { ExternalDataResolver, onnx } from '../onnx/index.ts';
import { sampleIndices } from './histogram.ts';
import { weightReconstructor } from './quantized-weights.ts';

/** A weight to sample: its name and shape in the model before compression. */
export interface SampleRequest {
  name: string;
  shape: number[];
}

export interface WeightSample {
  name: string;
  /** How the sampled model stores it ('float32', 'MatMulNBits 4-bit, block 32', ...). */
  format: string;
  shape: number[];
  /** Elements in the weight. */
  count: number;
  /** [min(count, maxSamples)] values at evenly spaced positions. */
  values: Float32Array;
}

export interface MissingSample {
  name: string;
  reason: string;
}

export type SampleResult = WeightSample | MissingSample;

export const DEFAULT_MAX_SAMPLES = 8192;
/** Values over all tensors, so a model with thousands of weights still answers in megabytes. */
export const TOTAL_SAMPLE_BUDGET = 4_000_000;

export function isWeightSample(result: SampleResult | undefined): result is WeightSample {
  return result !== undefined && 'values' in result;
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Maps a flat index of `original` to one of `stored` when stored is its transpose ([N, K] -> [K, N]). */
function layoutMap(original: readonly number[], stored: readonly number[]): ((i: number) => number) | null {
  if (sameShape(original, stored)) return (i) => i;
  if (original.length === 2 && stored.length === 2 && original[0] === stored[1] && original[1] === stored[0]) {
    const [rows, cols] = original as [number, number];
    return (i) => (i % cols) * rows + Math.floor(i / cols);
  }
  return null; // the shape changed (MLP neurons removed): sample the new layout as it is
}

/** Per-tensor sample size so the whole answer stays within TOTAL_SAMPLE_BUDGET values. */
export function samplesPerTensor(tensors: number, maxSamples = DEFAULT_MAX_SAMPLES): number {
  return Math.max(256, Math.min(maxSamples, Math.floor(TOTAL_SAMPLE_BUDGET / Math.max(1, tensors))));
}

/** Samples each requested weight of `model` (values dequantized when the model stores them quantized). */
export function sampleWeights(model: onnx.IModelProto, requests: readonly SampleRequest[], options: { maxSamples?: number; externalData?: ExternalDataResolver } = {}): SampleResult[] {
  const reconstruct = weightReconstructor(model, options.externalData);
  const maxSamples = samplesPerTensor(requests.length, options.maxSamples);
  return requests.map(({ name, shape }) => {
    const weight = reconstruct(name);
    if (typeof weight === 'string') return { name, reason: weight };
    const map = layoutMap(shape, weight.shape);
    const logical = map ? shape : weight.shape;
    const count = logical.reduce((a, b) => a * b, 1);
    const indices = sampleIndices(count, maxSamples);
    const values = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) values[i] = weight.read(map ? map(indices[i]!) : indices[i]!);
    return { name, format: weight.format, shape: logical, count, values };
  });
}
