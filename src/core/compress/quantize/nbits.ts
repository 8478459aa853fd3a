// q4 / q8: one linear weight -> com.microsoft::MatMulNBits (block-wise, symmetric or asymmetric).
//   B           uint8 [N, k_blocks, blob_size]      (kernels/matmul-nbits.ts packs it)
//   scales      T     [N * k_blocks]                T = the activation type (float32 or float16)
//   zero_points uint8 [N, ceil(k_blocks * bits / 8)] asymmetric only
// With AWQ the weight is quantized as diag(s) W and the activation is divided by s in front:
//   Y = MatMulNBits(Mul(A, 1/s), Q(diag(s) W)), 1/s a constant [K] of type T. (One Mul per weight;
//   q/k/v share an input but get their own s, so the division is not folded into the RMSNorm weight.)
import { float16BitsToFloat32, float32ArrayToFloat16, tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import { awqSearch, matMulNBitsError, quantizeMatMulNBits, sourceFloats, transpose, type MatMulNBitsWeight, type QuantBits, type TensorError, type WeightSource } from '../kernels/index.ts';
import { ensureOpset, makeNode } from '../graph-edit.ts';
import type { CalibrationData, TensorReport } from '../types.ts';
import { floatConstant, rewriteLinearNode } from './linear.ts';
import { tensorReport, writtenBytes } from './report.ts';
import { ownedTensor } from './tensors.ts';

export interface NBitsOptions {
  bits: QuantBits;
  blockSize: number;
  symmetric: boolean;
  /** Calibration to search AWQ scales with; null = plain round-to-nearest. */
  awq: CalibrationData | null;
}

interface Quantized {
  q: MatMulNBitsWeight & { error?: TensorError };
  /** 1/s per input channel (AWQ), else null. */
  inputScale: Float32Array | null;
  awq?: TensorReport['awq'];
}

/** AWQ on one weight; null when the calibration has no rows for its input (it then gets RTN). */
function searchAwq(context: CompressContext, weight: LinearWeight, W: Float32Array, options: NBitsOptions): Quantized | null {
  const stats = options.awq?.activations.get(weight.input);
  const sample = options.awq?.samples.get(weight.input);
  if (!stats || !sample || sample.features !== weight.K || sample.rows === 0) return null;
  const { K, N } = weight;
  const kn = weight.layout === 'kn' ? W : transpose(W, N, K); // stored [N, K] -> [K, N]
  const result = awqSearch({
    weight: kn,
    K,
    N,
    activationMeanAbs: stats.meanAbs(),
    sample: sample.data,
    T: sample.rows,
    quantizer: { bits: options.bits, blockSize: options.blockSize, symmetric: options.symmetric },
    ...(context.signal ? { signal: context.signal } : {}),
  });
  // Errors relative to the layer's output energy ||X W||^2 on the calibration rows.
  const energy = result.outputEnergy > 0 ? result.outputEnergy : 1;
  return { q: result.quantized, inputScale: result.inputScale, awq: { alpha: result.alpha, errorRtn: result.errorRtn / energy, errorBest: result.errorBest / energy } };
}

/** float16 graphs get float16 scales; the stored (rounded) values are written back into q.scales. */
function scalesTensor(name: string, q: MatMulNBitsWeight, dtype: 'float32' | 'float16'): onnx.TensorProto {
  if (dtype === 'float32') return ownedTensor(name, 'float32', [q.N * q.kBlocks], q.scales);
  const bits = float32ArrayToFloat16(q.scales);
  for (let i = 0; i < bits.length; i++) q.scales[i] = float16BitsToFloat32(bits[i]!);
  return ownedTensor(name, 'float16', [q.N * q.kBlocks], bits);
}

/**
 * The weight as the quantizer reads it: a float32 initializer's own bytes (no copy), else float32
 * values (float16 widened, a copy).
 */
function weightSource(context: CompressContext, name: string): WeightSource {
  return context.float32Bytes(name) ?? context.weightValues(name);
}

/** Quantizes `weight`, rewrites every node reading it, drops the float initializer; returns the report. */
export function quantizeNBits(context: CompressContext, weight: LinearWeight, options: NBitsOptions, step: number, method: string): TensorReport {
  const { K, N, name, layout, dtype } = weight;
  const bytesBefore = tensorByteLength(context.initializer(name)!);
  const source = weightSource(context, name); // [K, N] or [N, K] as `layout`
  const quantized = (options.awq ? searchAwq(context, weight, sourceFloats(source), options) : null) ?? {
    q: quantizeMatMulNBits(source, K, N, { bits: options.bits, blockSize: options.blockSize, symmetric: options.symmetric, layout }),
    inputScale: null,
  };
  const { q, inputScale } = quantized;
  const B = ownedTensor(context.uniqueName(`${name}_Q${options.bits}`), 'uint8', [N, q.kBlocks, q.blobSize], q.B);
  const scales = scalesTensor(context.uniqueName(`${name}_scales`), q, dtype);
  const zeroPoints = q.zeroPoints ? ownedTensor(context.uniqueName(`${name}_zero_points`), 'uint8', [N, q.zeroPoints.length / N], q.zeroPoints) : null;
  const written = [B, scales, ...(zeroPoints ? [zeroPoints] : [])];
  for (const tensor of written) context.replaceInitializer(tensor);
  const scaleName = inputScale ? floatConstant(context, `${name}_awq_input_scale`, inputScale, [K], dtype) : null;
  ensureOpset(context.model, 'com.microsoft', 1);
  for (const node of weight.nodes) {
    rewriteLinearNode(context, node, dtype, (input, output, prefix) => {
      const nodes: onnx.INodeProto[] = [];
      let a = input;
      if (scaleName) {
        a = context.uniqueName(`${prefix}/awq_scaled`);
        nodes.push(makeNode({ opType: 'Mul', name: `${prefix}/Mul_awq`, inputs: [input, scaleName], outputs: [a] }));
      }
      const inputs = [a, B.name, scales.name, ...(zeroPoints ? [zeroPoints.name] : [])];
      nodes.push(makeNode({ opType: 'MatMulNBits', domain: 'com.microsoft', name: `${prefix}/MatMulNBits`, inputs, outputs: [output], attributes: { K, N, bits: options.bits, block_size: options.blockSize } }));
      return nodes;
    });
  }
  context.removeInitializer(name);
  // The quantizer's own sums hold while the stored scales are the ones it computed (float32, no
  // AWQ); otherwise the stored bytes are read back against the original weight.
  const error = q.error && dtype === 'float32' && !inputScale ? q.error : matMulNBitsError(sourceFloats(source), layout, q, inputScale);
  const scaleBytes = scaleName ? tensorByteLength(context.initializer(scaleName)!) : 0;
  return tensorReport({
    name,
    step,
    method,
    shape: layout === 'kn' ? [K, N] : [N, K],
    bytesBefore,
    bytesAfter: writtenBytes(written) + scaleBytes,
    error,
    ...(quantized.awq ? { awq: quantized.awq } : {}),
  });
}
