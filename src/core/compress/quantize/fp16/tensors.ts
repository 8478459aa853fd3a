// float32 -> float16 for tensors and for the attributes of nodes that move into float16: values
// beyond the float16 range are clamped to +-65504 rather than becoming infinities (a -3.4e38 mask
// constant stays a finite very negative number, so a fully masked Softmax row stays finite), as
// onnxconverter-common's float16 converter does. Cast 'to' and dtype attributes that name FLOAT
// are retyped to FLOAT16.
import { createTensor, float32ArrayToFloat16, int64ToNumber, onnx, tensorToFloat32, type ExternalDataResolver } from '../../../onnx/index.ts';

const T = onnx.TensorProto.DataType;
export const FLOAT16_MAX = 65504;

/** float16 bits of float32 values, clamped to the finite float16 range (NaN stays NaN). */
export function clampedFloat16(values: Float32Array): Uint16Array {
  const clamped = values.map((value) => (value > FLOAT16_MAX ? FLOAT16_MAX : value < -FLOAT16_MAX ? -FLOAT16_MAX : value));
  return float32ArrayToFloat16(clamped);
}

/** A float16 copy of a float32 tensor under `name`, plus the float32 values it was made from. */
export function toFloat16Tensor(tensor: onnx.ITensorProto, name: string, external?: ExternalDataResolver): { tensor: onnx.TensorProto; values: Float32Array; bits: Uint16Array } {
  const values = tensorToFloat32(tensor, external);
  const bits = clampedFloat16(values);
  const dims = (tensor.dims ?? []).map(int64ToNumber);
  return { tensor: createTensor(name, 'float16', dims, bits), values, bits };
}

/** Retypes the attributes of a node that now computes in float16. */
export function convertAttributes(node: onnx.INodeProto): void {
  const attributes = node.attribute ?? [];
  for (const [i, attribute] of attributes.entries()) {
    const name = attribute.name ?? '';
    if ((name === 'to' || name === 'dtype') && int64ToNumber(attribute.i) === T.FLOAT) attribute.i = T.FLOAT16;
    else if (name === 'value' && attribute.t && attribute.t.dataType === T.FLOAT) attribute.t = toFloat16Tensor(attribute.t, attribute.t.name ?? '').tensor;
    else if (name === 'value_float' || name === 'value_floats') {
      // Constant(value_float(s)) -> Constant(value = float16 tensor): there is no value_half attribute.
      const values = name === 'value_float' ? Float32Array.of(attribute.f ?? 0) : Float32Array.from(attribute.floats ?? []);
      const dims = name === 'value_float' ? [] : [values.length];
      attributes[i] = { name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: createTensor('', 'float16', dims, clampedFloat16(values)) };
    }
  }
}
