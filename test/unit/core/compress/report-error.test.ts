// The report's per-tensor reconstruction error (RMSE, max |error|, SQNR), which the quantizers now
// sum while they quantize, must equal the error of the weight the OUTPUT file actually holds:
// read back with reference.ts (independent of the kernels) and compared with the original weight in
// float64, for every quantizer, MatMul and transposed Gemm layouts, K not a multiple of the block,
// asymmetric blocks, and float16 graphs whose scales are rounded after quantizing.
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/index.ts';
import type { Recipe, RecipeStep, TensorReport } from '../../../../src/core/compress/types.ts';
import { createTensor, encodeModel, float16ArrayToFloat32, float32ArrayToFloat16, onnx } from '../../../../src/core/onnx/index.ts';
import { gemmModel, matmulModel, seededFloats, type LinearModel } from './linear-models.ts';
import { decodeOutput, nodesOf, readCastMul, readDequantizeLinear, readMatMulInteger, readMatMulNBits } from './reference.ts';

/** The original weight [K, N] whatever its stored layout. */
function originalKN(model: LinearModel, transB: boolean): Float64Array {
  const { K, N, weight } = model;
  return Float64Array.from({ length: K * N }, (_, i) => (transB ? weight[(i % N) * K + Math.floor(i / N)]! : weight[i]!));
}

/** The effective float64 weight [K, N] the output holds, from whichever quantized form it has. */
function storedKN(bytes: Uint8Array): Float64Array {
  const model = decodeOutput(bytes);
  const nbits = nodesOf(model, 'MatMulNBits')[0];
  if (nbits) return readMatMulNBits(model, nbits).W;
  const integer = nodesOf(model, 'MatMulInteger')[0];
  if (integer) {
    const w = readMatMulInteger(model, integer);
    return Float64Array.from(w.q, (q, i) => (q - w.zeroPoint[i % w.N]!) * w.scale[i % w.N]!);
  }
  const dequantize = nodesOf(model, 'DequantizeLinear')[0];
  return (dequantize ? readDequantizeLinear(model, dequantize) : readCastMul(model)).W;
}

/** RMSE, max |error| and SQNR accumulated in float64 in [K, N] order: the slow path's definition. */
function expectedError(original: Float64Array, stored: Float64Array): { rmse: number; maxAbsError: number; sqnrDb: number } {
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  for (let i = 0; i < original.length; i++) {
    const d = original[i]! - stored[i]!;
    signal += original[i]! * original[i]!;
    noise += d * d;
    maxAbsError = Math.max(maxAbsError, Math.abs(d));
  }
  return { rmse: Math.sqrt(noise / original.length), maxAbsError, sqnrDb: 10 * Math.log10(signal / noise) };
}

/**
 * The SIMD kernels sum each quantization block's squares in float32 (at most 128 positive terms per
 * lane, relative error below ~128 * 2^-24 = 2^-17) before adding the block into float64, and compute
 * each weight's error exactly but for one rounding in a rare corner (2^-24 relative): see
 * simd-common.ts. The other quantizers sum in float64 and differ in summation order only.
 */
function expectReport(report: TensorReport, original: Float64Array, stored: Float64Array): void {
  const want = expectedError(original, stored);
  const relative = 2 ** -17;
  expect(Math.abs(report.rmse - want.rmse)).toBeLessThanOrEqual(relative * want.rmse);
  expect(Math.abs(report.maxAbsError - want.maxAbsError)).toBeLessThanOrEqual(2 ** -24 * want.maxAbsError);
  expect(Math.abs(report.sqnrDb - want.sqnrDb)).toBeLessThanOrEqual(10 * Math.LOG10E * 2 * relative);
}

const STEPS: RecipeStep[] = [
  { kind: 'quantize', method: 'q4', blockSize: 32 },
  { kind: 'quantize', method: 'q4', blockSize: 16, symmetric: false },
  { kind: 'quantize', method: 'q8', blockSize: 64 },
  { kind: 'quantize', method: 'q8', blockSize: 32, symmetric: false },
  { kind: 'quantize', method: 'int8' },
  { kind: 'quantize', method: 'q8dyn', symmetric: false },
];

const recipe = (...steps: RecipeStep[]): Recipe => ({ version: 1, steps });

describe('report error figures equal the stored weight\'s error', () => {
  for (const step of STEPS) {
    it(`${JSON.stringify(step)}: MatMul [100, 24] and Gemm transB = 1 [64, 20]`, async () => {
      const matmul = matmulModel(100, 24); // K not a multiple of 16, 32 or 64
      const out = await compressModel({ model: matmul.bytes }, recipe(step));
      expectReport(out.report.tensors[0]!, originalKN(matmul, false), storedKN(out.model));
      const gemm = gemmModel(64, 20, { transB: 1 });
      const gemmOut = await compressModel({ model: gemm.bytes }, recipe(step));
      expectReport(gemmOut.report.tensors[0]!, originalKN(gemm, true), storedKN(gemmOut.model));
    });
  }

  it('q4 on a float16 graph: the error of the float16 weight against float16-rounded scales', async () => {
    const [K, N] = [96, 16];
    const half = float32ArrayToFloat16(seededFloats(K * N, 21, 0.5));
    const info = (name: string, dims: number[]): onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT16, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'half', node: [{ opType: 'MatMul', name: 'linear', input: ['X', 'W'], output: ['Y'] }], initializer: [createTensor('W', 'float16', [K, N], half)], input: [info('X', [2, K])], output: [info('Y', [2, N])] },
    });
    for (const symmetric of [true, false]) {
      const out = await compressModel({ model: encodeModel(model) }, recipe({ kind: 'quantize', method: 'q4', blockSize: 32, symmetric }));
      expectReport(out.report.tensors[0]!, Float64Array.from(float16ArrayToFloat32(half)), storedKN(out.model));
    }
  });
});
