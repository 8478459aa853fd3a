// Initializers for the arrays a quantizer just produced. createTensor copies its input twice (to
// bytes, then into the proto); these arrays are fresh and owned by nobody else, so the tensor takes
// them as its raw_data directly: no copy of the quantized weights on the way into the graph.
import { InvalidArgumentError } from '../../errors.ts';
import { dtypeCode, elementCount, onnx } from '../../onnx/index.ts';

type OwnedValues = Uint8Array | Int8Array | Uint16Array | Float32Array;
type OwnedDtype = 'uint8' | 'int8' | 'float16' | 'float32';

const ELEMENT_BYTES: Record<OwnedDtype, number> = { uint8: 1, int8: 1, float16: 2, float32: 4 };

/** A TensorProto whose raw_data is a view of `values` (float16 as Uint16Array bit patterns). */
export function ownedTensor(name: string, dtype: OwnedDtype, dims: readonly number[], values: OwnedValues): onnx.TensorProto {
  const count = elementCount(dims);
  if (values.length !== count || values.BYTES_PER_ELEMENT !== ELEMENT_BYTES[dtype]) {
    throw new InvalidArgumentError(`Tensor '${name}' (${dtype} [${dims.join(', ')}]) needs ${count} elements of ${ELEMENT_BYTES[dtype]} bytes, got ${values.length} of ${values.BYTES_PER_ELEMENT}.`);
  }
  const rawData = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dataType: dtypeCode(dtype), dims: [...dims], rawData });
}
