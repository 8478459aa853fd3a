// An independent reading of quantized weights from an OUTPUT model file, written from the format
// specifications (facts.md, onnxruntime's contrib op docs) rather than with the kernels' own
// dequantizers: MatMulNBits (B, scales, zero_points), DequantizeLinear per axis, MatMulInteger's
// weight. Every function returns the effective float64 weight [K, N] and the quantization step of
// each element, so tests can check "within half a step" and compute A @ W in float64.
import { decodeModel, float16ArrayToFloat32, int64ToNumber, onnx, tensorLayout, tensorValues } from '../../../../src/core/onnx/index.ts';

export interface Dequantized {
  K: number;
  N: number;
  /** float64 [K, N] */
  W: Float64Array;
  /** quantization step (scale) of each element, [K, N] */
  step: Float64Array;
}

export function initializerOf(model: onnx.IModelProto, name: string): onnx.ITensorProto {
  const tensor = (model.graph?.initializer ?? []).find((t) => t.name === name);
  if (!tensor) throw new Error(`no initializer ${name}`);
  return tensor;
}

/** Float values of any float32/float16 tensor. */
export function floats(tensor: onnx.ITensorProto): Float64Array {
  const values = tensorValues(tensor);
  const { dtype } = tensorLayout(tensor);
  return Float64Array.from(dtype === 'float16' ? float16ArrayToFloat32(values as Uint16Array) : (values as Float32Array));
}

function attr(node: onnx.INodeProto, name: string): number {
  return int64ToNumber((node.attribute ?? []).find((a) => a.name === name)?.i);
}

export function nodesOf(model: onnx.IModelProto, opType: string): onnx.INodeProto[] {
  return (model.graph?.node ?? []).filter((node) => node.opType === opType);
}

/** W = (code - zp) * scale from a MatMulNBits node: B [N, k_blocks, blob], codes along K, low nibble first. */
export function readMatMulNBits(model: onnx.IModelProto, node: onnx.INodeProto): Dequantized {
  const K = attr(node, 'K');
  const N = attr(node, 'N');
  const bits = attr(node, 'bits');
  const blockSize = attr(node, 'block_size');
  const [, bName, sName, zName] = node.input!;
  const B = tensorValues(initializerOf(model, bName!)) as Uint8Array;
  const scales = floats(initializerOf(model, sName!));
  const zp = zName ? (tensorValues(initializerOf(model, zName)) as Uint8Array) : null;
  const kBlocks = Math.ceil(K / blockSize);
  const rowBytes = (kBlocks * blockSize * bits) / 8;
  const zpRow = Math.ceil((kBlocks * bits) / 8);
  const W = new Float64Array(K * N);
  const step = new Float64Array(K * N);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / blockSize);
      const code = bits === 8 ? B[n * rowBytes + k]! : (B[n * rowBytes + (k >> 1)]! >> ((k & 1) * 4)) & 15;
      let z = 1 << (bits - 1);
      if (zp) z = bits === 8 ? zp[n * zpRow + b]! : (zp[n * zpRow + (b >> 1)]! >> ((b & 1) * 4)) & 15;
      const scale = scales[n * kBlocks + b]!;
      W[k * N + n] = (code - z) * scale;
      step[k * N + n] = scale;
    }
  }
  return { K, N, W, step };
}

/** W = q * scale[n] from DequantizeLinear(q, scale, axis) on a [K, N] (axis 1) or [N, K] (axis 0) weight, returned [K, N]. */
export function readDequantizeLinear(model: onnx.IModelProto, node: onnx.INodeProto): Dequantized {
  const q = initializerOf(model, node.input![0]!);
  const [rows, cols] = (q.dims ?? []).map(int64ToNumber) as [number, number];
  const axis = attr(node, 'axis');
  const values = tensorValues(q) as Int8Array;
  const scale = floats(initializerOf(model, node.input![1]!));
  const [K, N] = axis === 1 ? [rows, cols] : [cols, rows];
  const W = new Float64Array(K * N);
  const step = new Float64Array(K * N);
  for (let k = 0; k < K; k++) {
    for (let n = 0; n < N; n++) {
      const stored = axis === 1 ? k * N + n : n * K + k;
      W[k * N + n] = values[stored]! * scale[n]!;
      step[k * N + n] = scale[n]!;
    }
  }
  return { K, N, W, step };
}

/** The same product written as Cast(q -> float) then Mul(scale [N] or [N, 1]) (opset < 13 graphs). */
export function readCastMul(model: onnx.IModelProto): Dequantized {
  const cast = nodesOf(model, 'Cast').find((node) => (model.graph?.initializer ?? []).some((t) => t.name === node.input![0] && t.dataType === onnx.TensorProto.DataType.INT8))!;
  const mul = (model.graph?.node ?? []).find((node) => node.opType === 'Mul' && node.input![0] === cast.output![0])!;
  const q = initializerOf(model, cast.input![0]!);
  const scaleTensor = initializerOf(model, mul.input![1]!);
  const [rows, cols] = (q.dims ?? []).map(int64ToNumber) as [number, number];
  const transposed = (scaleTensor.dims ?? []).length === 2; // [N, 1]: the weight is stored [N, K]
  const values = tensorValues(q) as Int8Array;
  const scale = floats(scaleTensor);
  const [K, N] = transposed ? [cols, rows] : [rows, cols];
  const W = new Float64Array(K * N);
  const step = new Float64Array(K * N);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) {
    W[k * N + n] = values[transposed ? n * K + k : k * N + n]! * scale[n]!;
    step[k * N + n] = scale[n]!;
  }
  return { K, N, W, step };
}

/** The MatMulInteger weight: integer codes [K, N], zero point [N] (0 when absent), scale [N] from the Mul. */
export function readMatMulInteger(model: onnx.IModelProto, node: onnx.INodeProto): { K: number; N: number; q: Int32Array; zeroPoint: Int32Array; scale: Float64Array } {
  const qTensor = initializerOf(model, node.input![1]!);
  const [K, N] = (qTensor.dims ?? []).map(int64ToNumber) as [number, number];
  const q = Int32Array.from(tensorValues(qTensor) as Int8Array | Uint8Array);
  const zeroPoint = node.input![3] ? Int32Array.from(tensorValues(initializerOf(model, node.input![3])) as Uint8Array) : new Int32Array(N);
  // The scale is the initializer of the Mul that multiplies A_scale (DynamicQuantizeLinear output 1).
  const dql = nodesOf(model, 'DynamicQuantizeLinear').find((candidate) => candidate.output![2] === node.input![2])!;
  const mul = (model.graph?.node ?? []).find((candidate) => candidate.opType === 'Mul' && candidate.input!.includes(dql.output![1]!))!;
  const scaleName = mul.input!.find((name) => name !== dql.output![1])!;
  return { K, N, q, zeroPoint, scale: floats(initializerOf(model, scaleName)) };
}

/** Y = X @ W (+ bias broadcast), float64; X [M, K] row-major. */
export function matmul64(X: ArrayLike<number>, M: number, W: Float64Array, K: number, N: number): Float64Array {
  const Y = new Float64Array(M * N);
  for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) {
    const x = X[m * K + k]!;
    for (let n = 0; n < N; n++) Y[m * N + n]! += x * W[k * N + n]!;
  }
  return Y;
}

export function decodeOutput(bytes: Uint8Array): onnx.ModelProto {
  return decodeModel(bytes);
}
