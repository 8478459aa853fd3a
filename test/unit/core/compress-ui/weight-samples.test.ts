// "After" weights read back from compressed graphs: for every format the compressor writes, the
// values this module reconstructs from the stored integers must give exactly the RMSE and max error
// that the compressor itself reported (computed by its own kernels while it quantized), and samples
// must read the same positions before and after.
import { describe, expect, it } from 'vitest';
import { compressModel, type CalibrationData, type RecipeStep } from '../../../../src/core/compress/index.ts';
import { ActivationStats } from '../../../../src/core/compress/kernels/activation-stats.ts';
import { isWeightSample, sampleWeights, samplesPerTensor, type WeightSample } from '../../../../src/core/compress-ui/weight-samples.ts';
import { buildLlamaOnnx } from '../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights } from '../../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, tensorToFloat32 } from '../../../../src/core/onnx/index.ts';
import { gemmModel, matmulModel, seededFloats, type LinearModel } from '../compress/linear-models.ts';
import { TINY_CONFIG } from '../models/tiny-llama.ts';

/** float64 RMSE and max |error| between the original weight and the reconstructed one. */
function errors(original: Float32Array, after: Float32Array): { rmse: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < original.length; i++) {
    const d = after[i]! - original[i]!;
    sum += d * d;
    max = Math.max(max, Math.abs(d));
  }
  return { rmse: Math.sqrt(sum / original.length), max };
}

async function compressAndSample(linear: LinearModel, step: RecipeStep, calibration?: CalibrationData): Promise<{ sample: WeightSample; rmse: number; maxAbsError: number }> {
  const out = await compressModel({ model: linear.bytes }, { version: 1, steps: [step] }, calibration ? { calibration } : {});
  const shape = decodeModel(linear.bytes).graph!.initializer!.find((t) => t.name === 'W')!.dims!.map(Number);
  const [sample] = sampleWeights(decodeModel(out.model), [{ name: 'W', shape }], { maxSamples: Number.POSITIVE_INFINITY });
  if (!isWeightSample(sample)) throw new Error(`no sample: ${JSON.stringify(sample)}`);
  const report = out.report.tensors.find((t) => t.name === 'W')!;
  return { sample, rmse: report.rmse, maxAbsError: report.maxAbsError };
}

/** AWQ needs activations for the weight's input X [rows, K]; large channel spreads make it pick alpha > 0. */
function calibrationFor(K: number): CalibrationData {
  const rows = 64;
  const data = seededFloats(rows * K, 99, 1).map((x, i) => x * (1 + (i % K) * 0.5));
  const stats = new ActivationStats(K);
  stats.add(data, rows);
  return { tokens: rows, activations: new Map([['X', stats]]), samples: new Map([['X', { rows, features: K, data }]]) };
}

const CASES: { label: string; model: () => LinearModel; step: RecipeStep; format: RegExp; calibration?: boolean }[] = [
  { label: 'q4 symmetric, MatMul [K, N]', model: () => matmulModel(64, 24), step: { kind: 'quantize', method: 'q4', blockSize: 32 }, format: /^MatMulNBits 4-bit, block 32$/ },
  { label: 'q4 asymmetric, Gemm [N, K]', model: () => gemmModel(48, 20, { transB: 1 }), step: { kind: 'quantize', method: 'q4', blockSize: 16, symmetric: false }, format: /zero points/ },
  { label: 'q8 block 64 (K not a multiple)', model: () => matmulModel(80, 12), step: { kind: 'quantize', method: 'q8', blockSize: 64 }, format: /^MatMulNBits 8-bit/ },
  { label: 'q4 with AWQ', model: () => matmulModel(64, 16), step: { kind: 'quantize', method: 'q4', awq: true }, format: /AWQ/, calibration: true },
  { label: 'int8 DequantizeLinear (opset 17)', model: () => matmulModel(40, 24), step: { kind: 'quantize', method: 'int8' }, format: /^DequantizeLinear int8, per channel$/ },
  { label: 'int8 Cast + Mul (opset 11, Gemm [N, K])', model: () => gemmModel(40, 24, { transB: 1 }), step: { kind: 'quantize', method: 'int8' }, format: /Cast \+ Mul/ },
  { label: 'q8dyn symmetric, Gemm [N, K]', model: () => gemmModel(32, 20, { transB: 1 }), step: { kind: 'quantize', method: 'q8dyn' }, format: /^MatMulInteger int8/ },
  { label: 'q8dyn asymmetric', model: () => matmulModel(32, 20), step: { kind: 'quantize', method: 'q8dyn', symmetric: false }, format: /^MatMulInteger uint8/ },
  { label: 'fp16', model: () => matmulModel(32, 20), step: { kind: 'quantize', method: 'fp16' }, format: /^float16$/ },
  { label: 'magnitude 50%', model: () => matmulModel(32, 20), step: { kind: 'prune', method: 'magnitude', sparsity: 0.5, pattern: 'unstructured', select: { include: ['^W$'] } }, format: /^float32$/ },
];

describe('sampleWeights after compression', () => {
  it.each(CASES)('$label: reconstructs exactly what the compressor measured', async ({ model, step, format, calibration }) => {
    const linear = model();
    const { sample, rmse, maxAbsError } = await compressAndSample(linear, step, calibration ? calibrationFor(linear.K) : undefined);
    expect(sample.format).toMatch(format);
    expect(sample.count).toBe(linear.K * linear.N);
    expect(sample.values.length).toBe(linear.K * linear.N);
    const measured = errors(linear.weight, sample.values);
    expect(rmse).toBeGreaterThan(0);
    expect(measured.rmse).toBeCloseTo(rmse, 7);
    expect(measured.max).toBeCloseTo(maxAbsError, 6);
  });

  it('quantizes embeddings as GatherBlockQuantized and reads the table back as the compressor measured it', async () => {
    const bytes = encodeModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, 3, { std: 0.2, randomNorms: true })));
    const before = decodeModel(bytes);
    const table = before.graph!.initializer!.find((t) => /embed/.test(t.name ?? ''))!;
    const out = await compressModel({ model: bytes }, { version: 1, steps: [{ kind: 'quantize', method: 'q8', blockSize: 16, embeddings: true, select: { include: ['embed'] } }] });
    const [sample] = sampleWeights(decodeModel(out.model), [{ name: table.name!, shape: table.dims!.map(Number) }], { maxSamples: Number.POSITIVE_INFINITY });
    if (!isWeightSample(sample)) throw new Error(JSON.stringify(sample));
    expect(sample.format).toBe('GatherBlockQuantized 8-bit, block 16');
    const report = out.report.tensors.find((t) => t.name === table.name)!;
    const measured = errors(tensorToFloat32(table), sample.values);
    expect(measured.rmse).toBeCloseTo(report.rmse, 7);
    expect(measured.max).toBeCloseTo(report.maxAbsError, 6);
  });

  it('samples evenly spaced positions, the same ones before and after', async () => {
    const linear = gemmModel(48, 20, { transB: 1 });
    const out = await compressModel({ model: linear.bytes }, { version: 1, steps: [{ kind: 'quantize', method: 'q8', blockSize: 16 }] });
    const request = [{ name: 'W', shape: [20, 48] }];
    const [before] = sampleWeights(decodeModel(linear.bytes), request, { maxSamples: 300 });
    const [after] = sampleWeights(decodeModel(out.model), request, { maxSamples: 300 });
    if (!isWeightSample(before) || !isWeightSample(after)) throw new Error('no samples');
    expect(before.values.length).toBe(samplesPerTensor(1, 300));
    // position i of the sample is element floor(i * 960 / 300) of the [N, K] weight, before and after
    for (const i of [0, 1, 150, 299]) {
      const index = Math.floor((i * 960) / 300);
      expect(before.values[i]).toBe(linear.weight[index]);
      expect(Math.abs(after.values[i]! - linear.weight[index]!)).toBeLessThan(0.01);
    }
  });

  it('says why a weight cannot be read instead of failing', () => {
    const [missing] = sampleWeights(decodeModel(matmulModel(8, 4).bytes), [{ name: 'nope', shape: [2] }]);
    expect(missing).toEqual({ name: 'nope', reason: expect.stringMatching(/'nope' is no longer in the model/) });
  });
});
