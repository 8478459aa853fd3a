// Each quantizer end to end on one-layer models: onnxruntime runs the OUTPUT file, and its result
// must equal A @ dequant(W) (+ Gemm's alpha, beta, C) computed in float64 from the integers and
// scales read back from that file (reference.ts, independent of the kernels); every dequantized
// weight must lie within half a quantization step of the original.
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/index.ts';
import type { QuantizeStep } from '../../../../src/core/compress/types.ts';
import { float16ArrayToFloat32, float32ArrayToFloat16 } from '../../../../src/core/onnx/index.ts';
import { gemmModel, matmulModel, relativeError, runLinear, seededFloats, type GemmOptions, type LinearModel } from './linear-models.ts';
import { decodeOutput, matmul64, nodesOf, readCastMul, readDequantizeLinear, readMatMulInteger, readMatMulNBits, type Dequantized } from './reference.ts';

const quantize = (step: Omit<QuantizeStep, 'kind'>) => ({ version: 1 as const, steps: [{ kind: 'quantize' as const, ...step }] });

/** The original weight [K, N] as float64 whatever its stored layout. */
function originalKN(model: LinearModel, transB: boolean): Float64Array {
  const { K, N, weight } = model;
  return Float64Array.from({ length: K * N }, (_, i) => (transB ? weight[(i % N) * K + Math.floor(i / N)]! : weight[i]!));
}

function expectWithinHalfStep(original: Float64Array, dq: Dequantized): void {
  let worst = 0;
  for (let i = 0; i < original.length; i++) worst = Math.max(worst, Math.abs(original[i]! - dq.W[i]!) / (dq.step[i]! || 1));
  expect(worst).toBeLessThanOrEqual(0.5 + 1e-5);
}

/** Reads the effective weight from whichever quantized form the output holds. */
function readWeight(bytes: Uint8Array): Dequantized {
  const model = decodeOutput(bytes);
  const nbits = nodesOf(model, 'MatMulNBits')[0];
  if (nbits) return readMatMulNBits(model, nbits);
  const dequantize = nodesOf(model, 'DequantizeLinear')[0];
  return dequantize ? readDequantizeLinear(model, dequantize) : readCastMul(model);
}

/** float32 rounding of DynamicQuantizeLinear (ONNX spec: saturate(round_half_even(x / scale) + zp)). */
function dynamicQuantize(X: Float32Array): { q: Int32Array; scale: number; zeroPoint: number } {
  const f = Math.fround;
  const roundEven = (x: number): number => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
  const min = Math.min(0, ...X);
  const max = Math.max(0, ...X);
  const scale = f(f(max - min) / 255);
  const zeroPoint = Math.min(255, Math.max(0, roundEven(f(-min / scale))));
  const q = Int32Array.from(X, (x) => Math.min(255, Math.max(0, roundEven(f(x / scale)) + zeroPoint)));
  return { q, scale, zeroPoint };
}

const SHAPES: { K: number; N: number; rank: 2 | 3 }[] = [
  { K: 64, N: 32, rank: 2 },
  { K: 100, N: 24, rank: 3 }, // K not a multiple of 16, 32, 64 or 128
  { K: 40, N: 7, rank: 2 }, // K < 128: one padded block
];

const BLOCK_STEPS: Omit<QuantizeStep, 'kind'>[] = [
  { method: 'q4', blockSize: 32 },
  { method: 'q4', blockSize: 16, symmetric: false },
  { method: 'q4', blockSize: 128 },
  { method: 'q8', blockSize: 64 },
  { method: 'q8', blockSize: 32, symmetric: false },
  { method: 'int8' },
];

describe('MatMul weights', () => {
  for (const shape of SHAPES) {
    for (const step of BLOCK_STEPS) {
      it(`${JSON.stringify(step)} on [${shape.K}, ${shape.N}] (A rank ${shape.rank}) equals A @ dequant(W)`, async () => {
        const model = matmulModel(shape.K, shape.N, { rank: shape.rank });
        const out = await compressModel({ model: model.bytes }, quantize(step));
        const dq = readWeight(out.model);
        expectWithinHalfStep(originalKN(model, false), dq);
        const X = seededFloats(model.inputDims.reduce((a, b) => a * b, 1), 99, 2);
        const rows = X.length / shape.K;
        const Y = await runLinear(out.model, X, model.inputDims);
        expect(relativeError(Y, matmul64(X, rows, dq.W, shape.K, shape.N))).toBeLessThan(1e-5);
        expect(out.report.tensors).toHaveLength(1);
        expect(out.report.output.bytes).toBeLessThan(out.report.input.bytes);
      });
    }
  }

  it('q8dyn equals the integer product of the dynamically quantized A and the stored weight', async () => {
    for (const symmetric of [true, false]) {
      const model = matmulModel(100, 24, { M: 4 });
      const out = await compressModel({ model: model.bytes }, quantize({ method: 'q8dyn', symmetric }));
      const decoded = decodeOutput(out.model);
      const w = readMatMulInteger(decoded, nodesOf(decoded, 'MatMulInteger')[0]!);
      const original = originalKN(model, false);
      for (let i = 0; i < original.length; i++) expect(Math.abs((w.q[i]! - w.zeroPoint[i % w.N]!) * w.scale[i % w.N]! - original[i]!)).toBeLessThanOrEqual(w.scale[i % w.N]! / 2 + 1e-7);
      const X = seededFloats(4 * 100, 3, 2);
      const a = dynamicQuantize(X);
      const expected = new Float64Array(4 * 24);
      for (let m = 0; m < 4; m++) for (let n = 0; n < 24; n++) {
        let sum = 0;
        for (let k = 0; k < 100; k++) sum += (a.q[m * 100 + k]! - a.zeroPoint) * (w.q[k * 24 + n]! - w.zeroPoint[n]!);
        expected[m * 24 + n] = sum * a.scale * w.scale[n]!;
      }
      expect(relativeError(await runLinear(out.model, X, [4, 100]), expected)).toBeLessThan(1e-5);
    }
  });

  it('fp16 stores float16 weights, keeps float32 inputs and outputs, and matches a float16 product', async () => {
    const model = matmulModel(64, 32);
    const out = await compressModel({ model: model.bytes }, quantize({ method: 'fp16' }));
    const decoded = decodeOutput(out.model);
    expect(decoded.graph!.initializer![0]!.dataType).toBe(10);
    expect(decoded.graph!.input![0]!.type!.tensorType!.elemType).toBe(1);
    expect(decoded.graph!.output![0]!.type!.tensorType!.elemType).toBe(1);
    const X = seededFloats(3 * 64, 8, 2);
    const half = (values: Float32Array): Float64Array => Float64Array.from(float16ArrayToFloat32(float32ArrayToFloat16(values)));
    const expected = matmul64(half(X), 3, half(model.weight), 64, 32);
    // float16 output rounding: 2^-11 relative per element; accumulation order adds a little more.
    expect(relativeError(await runLinear(out.model, X, [3, 64]), expected)).toBeLessThan(2e-3);
    expect(out.report.tensors[0]!.bitsPerWeight).toBe(16);
  });
});

const GEMMS: GemmOptions[] = [
  { transB: 0, bias: 'vector' },
  { transB: 1, bias: 'vector' },
  { transB: 1, bias: 'matrix', alpha: 0.5, beta: 2 },
  { transB: 0, transA: 1, bias: 'none', alpha: 1.5 },
  { transB: 1, bias: 'vector', opset: 13 }, // int8 as DequantizeLinear(axis 0) instead of Cast + Mul
];

describe('Gemm weights (transB 0 and 1, alpha, beta, bias kept)', () => {
  for (const options of GEMMS) {
    for (const step of [{ method: 'q4', blockSize: 32 }, { method: 'q8', blockSize: 16, symmetric: false }, { method: 'int8' }] as const) {
      it(`${step.method} on Gemm ${JSON.stringify(options)}`, async () => {
        const model = gemmModel(40, 12, options);
        const out = await compressModel({ model: model.bytes }, quantize(step));
        const dq = readWeight(out.model);
        expectWithinHalfStep(originalKN(model, options.transB === 1), dq);
        const M = model.options.M;
        const X = seededFloats(M * 40, 21, 2);
        // op(A) [M, K]: transA stores X as [K, M].
        const A = options.transA ? Float64Array.from({ length: M * 40 }, (_, i) => X[(i % 40) * M + Math.floor(i / 40)]!) : X;
        const product = matmul64(A, M, dq.W, 40, 12);
        const expected = product.map((value, i) => model.options.alpha * value + (model.bias ? model.options.beta * model.bias[model.options.bias === 'vector' ? i % 12 : i]! : 0));
        expect(relativeError(await runLinear(out.model, X, model.inputDims), expected)).toBeLessThan(1e-5);
      });
    }
  }

  it('q8dyn on a transB = 1 Gemm with bias transposes the weight for MatMulInteger', async () => {
    const model = gemmModel(40, 12, { transB: 1, bias: 'vector', beta: 0.5 });
    const out = await compressModel({ model: model.bytes }, quantize({ method: 'q8dyn' }));
    const decoded = decodeOutput(out.model);
    const w = readMatMulInteger(decoded, nodesOf(decoded, 'MatMulInteger')[0]!);
    expect([w.K, w.N]).toEqual([40, 12]);
    const X = seededFloats(3 * 40, 4, 1);
    const reference = await runLinear(model.bytes, X, model.inputDims);
    // Dynamic int8 of A adds up to half a step of A's scale per element: ~1% of the output here.
    expect(relativeError(await runLinear(out.model, X, model.inputDims), reference)).toBeLessThan(0.03);
  });
});
