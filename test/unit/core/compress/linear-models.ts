// Small single-layer models for the quantizer tests: Y = X @ W (MatMul, X rank 2 or 3) and
// Y = alpha * op(X) @ op(W) + beta * C (Gemm, transA/transB 0 or 1, bias [N] or [M, N]), with
// seeded random weights, plus a runner that feeds X through onnxruntime (wasm).
import { encodeModel, onnx, tensorFromFloat32 } from '../../../../src/core/onnx/index.ts';
import { SeededRandom } from '../../../../src/core/models/seeded-random.ts';
import { createSession, makeTensor, runSession } from '../../../../src/core/runtime/ort.ts';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Deterministic uniform values in [-scale, scale) (mulberry32). */
export function seededFloats(count: number, seed: number, scale = 1): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: count }, () => (random.next() * 2 - 1) * scale);
}

const info = (name: string, dims: (number | string)[] | null): onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: FLOAT, ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } : {}) } },
});

export interface LinearModel {
  bytes: Uint8Array;
  /** Float weight in its stored layout. */
  weight: Float32Array;
  K: number;
  N: number;
  /** Input shape to feed. */
  inputDims: number[];
}

/** Y = X @ W, W float32 [K, N] named 'W'; X [M, K] (rank 2) or [2, M, K] (rank 3). */
export function matmulModel(K: number, N: number, options: { M?: number; rank?: 2 | 3; seed?: number; opset?: number } = {}): LinearModel {
  const M = options.M ?? 3;
  const weight = seededFloats(K * N, options.seed ?? 11, 0.5);
  const inputDims = options.rank === 3 ? [2, M, K] : [M, K];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: options.opset ?? 17 }],
    graph: {
      name: 'matmul',
      node: [{ opType: 'MatMul', name: 'linear', input: ['X', 'W'], output: ['Y'] }],
      initializer: [tensorFromFloat32('W', [K, N], weight)],
      input: [info('X', inputDims.map((d, i) => (i === inputDims.length - 1 ? d : `d${i}`)))],
      output: [info('Y', null)],
    },
  });
  return { bytes: encodeModel(model), weight, K, N, inputDims };
}

export interface GemmOptions {
  transA?: 0 | 1;
  transB?: 0 | 1;
  alpha?: number;
  beta?: number;
  bias?: 'none' | 'vector' | 'matrix';
  M?: number;
  seed?: number;
  /** Default 11, as PyTorch 1.x exported. */
  opset?: number;
}

export interface GemmModel extends LinearModel {
  bias: Float32Array | null;
  options: Required<GemmOptions>;
}

/** Y = alpha * op(X) @ op(W) + beta * C; W stored [K, N] (transB 0) or [N, K] (transB 1). */
export function gemmModel(K: number, N: number, given: GemmOptions = {}): GemmModel {
  const options: Required<GemmOptions> = { transA: 0, transB: 0, alpha: 1, beta: 1, bias: 'vector', M: 3, seed: 5, opset: 11, ...given };
  const weight = seededFloats(K * N, options.seed, 0.5);
  const biasDims = options.bias === 'vector' ? [N] : [options.M, N];
  const bias = options.bias === 'none' ? null : seededFloats(biasDims.reduce((a, b) => a * b, 1), options.seed + 1, 1);
  const attribute: onnx.IAttributeProto[] = [
    { name: 'transA', type: onnx.AttributeProto.AttributeType.INT, i: options.transA },
    { name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: options.transB },
    { name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: options.alpha },
    { name: 'beta', type: onnx.AttributeProto.AttributeType.FLOAT, f: options.beta },
  ];
  const inputDims = options.transA ? [K, options.M] : [options.M, K];
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: options.opset }],
    graph: {
      name: 'gemm',
      node: [{ opType: 'Gemm', name: 'linear', input: ['X', 'W', ...(bias ? ['C'] : [])], output: ['Y'], attribute }],
      initializer: [tensorFromFloat32('W', options.transB ? [N, K] : [K, N], weight), ...(bias ? [tensorFromFloat32('C', biasDims, bias)] : [])],
      input: [info('X', inputDims)],
      output: [info('Y', [options.M, N])],
    },
  });
  return { bytes: encodeModel(model), weight, K, N, inputDims, bias, options };
}

/** Runs the model once on X (float32) and returns Y. */
export async function runLinear(bytes: Uint8Array, X: Float32Array, dims: number[], externalData: { path: string; data: Uint8Array }[] = []): Promise<Float32Array> {
  const { session } = await createSession(bytes, 'wasm', externalData);
  const out = await runSession(session, { X: makeTensor('float32', X, dims) });
  await session.release();
  return out['Y']!.data as Float32Array;
}

/** max |a - b| / max |b|. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / (scale || 1);
}
