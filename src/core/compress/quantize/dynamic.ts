// q8dyn: dynamic int8, the activation quantized at run time (transformers.js "_quantized"):
//   DynamicQuantizeLinear(A) -> A_q uint8, A_scale float32 [], A_zp uint8 []
//   MatMulInteger(A_q, W_q, A_zp[, W_zp]) -> int32 [..., N]
//   Cast(float32) -> Mul(A_scale * W_scale [N])
// W_q is [K, N] (MatMulInteger has no transposed form: a transB = 1 Gemm weight is transposed once
// here), int8 with zero point 0 (symmetric, W_zp omitted) or uint8 with W_zp [N] (asymmetric), one
// scale per output column. DynamicQuantizeLinear takes float32 only: a float16 graph gets Casts on
// both sides. No WebGPU kernels exist for these ops: the result runs on wasm only.
import { dtypeCode, tensorByteLength, type onnx } from '../../onnx/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import { makeNode } from '../graph-edit.ts';
import { dynamicInt8Error, quantizeDynamicInt8, sourceFloats, transpose } from '../kernels/index.ts';
import type { TensorReport } from '../types.ts';
import { rewriteLinearNode } from './linear.ts';
import { tensorReport, writtenBytes } from './report.ts';
import { ownedTensor } from './tensors.ts';

export function quantizeDynamic(context: CompressContext, weight: LinearWeight, symmetric: boolean, step: number): TensorReport {
  const { K, N, name, layout, dtype } = weight;
  const bytesBefore = tensorByteLength(context.initializer(name)!);
  const W = sourceFloats(context.float32Bytes(name) ?? context.weightValues(name)); // a view when aligned float32
  const kn = layout === 'kn' ? W : transpose(W, N, K);
  const quantized = quantizeDynamicInt8(kn, K, N, { type: symmetric ? 'int8' : 'uint8', granularity: 'per-column' });
  const q = ownedTensor(context.uniqueName(`${name}_quantized`), quantized.type, [K, N], quantized.q);
  const scale = ownedTensor(context.uniqueName(`${name}_scale`), 'float32', [N], quantized.scale);
  const zeroPoint = symmetric ? null : ownedTensor(context.uniqueName(`${name}_zero_point`), 'uint8', [N], quantized.zeroPoint);
  const written = [q, scale, ...(zeroPoint ? [zeroPoint] : [])];
  for (const tensor of written) context.replaceInitializer(tensor);
  for (const node of weight.nodes) {
    rewriteLinearNode(context, node, dtype, (input, output, prefix) => {
      const value = (suffix: string): string => context.uniqueName(`${prefix}/${suffix}`);
      const nodes: onnx.INodeProto[] = [];
      let a = input;
      if (dtype === 'float16') {
        a = value('A_float32');
        nodes.push(makeNode({ opType: 'Cast', name: `${prefix}/Cast_A`, inputs: [input], outputs: [a], attributes: { to: dtypeCode('float32') } }));
      }
      const [aq, aScale, aZero, product, widened, scales] = ['A_quantized', 'A_scale', 'A_zero_point', 'product_int32', 'product_float', 'scale'].map(value) as [string, string, string, string, string, string];
      const result = dtype === 'float16' ? value('Y_float32') : output;
      nodes.push(
        makeNode({ opType: 'DynamicQuantizeLinear', name: `${prefix}/DynamicQuantizeLinear`, inputs: [a], outputs: [aq, aScale, aZero] }),
        makeNode({ opType: 'MatMulInteger', name: `${prefix}/MatMulInteger`, inputs: [aq, q.name, aZero, ...(zeroPoint ? [zeroPoint.name] : [])], outputs: [product] }),
        makeNode({ opType: 'Cast', name: `${prefix}/Cast_product`, inputs: [product], outputs: [widened], attributes: { to: dtypeCode('float32') } }),
        makeNode({ opType: 'Mul', name: `${prefix}/Mul_scales`, inputs: [aScale, scale.name], outputs: [scales] }),
        makeNode({ opType: 'Mul', name: `${prefix}/Mul_output`, inputs: [widened, scales], outputs: [result] }),
      );
      if (dtype === 'float16') nodes.push(makeNode({ opType: 'Cast', name: `${prefix}/Cast_Y`, inputs: [result], outputs: [output], attributes: { to: dtypeCode('float16') } }));
      return nodes;
    });
  }
  context.removeInitializer(name);
  const error = dynamicInt8Error(kn, quantized, K, N);
  return tensorReport({ name, step, method: 'q8dyn', shape: layout === 'kn' ? [K, N] : [N, K], bytesBefore, bytesAfter: writtenBytes(written), error });
}
