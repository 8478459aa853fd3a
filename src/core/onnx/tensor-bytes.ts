// The bytes of a TensorProto in the one canonical layout (what raw_data would hold: little-endian,
// sub-byte types packed low bits first), whichever way the file stored them: raw_data, external
// data, or the typed fields (float_data, int32_data, int64_data, double_data, uint64_data).
import { byteLength, dtypeInfo, elementsPerByte, requireDtype, type DType } from './dtype.ts';
import { InvalidOnnxModelError, UnsupportedDtypeError } from './errors.ts';
import { isExternal, readExternalBytes, type ExternalDataResolver } from './external-data.ts';
import { int64ToNumber, int64Words, onnx, type Int64 } from './proto.ts';

/** A tensor's shape as numbers; rejects negative or absurd dimensions (a damaged file). */
export function tensorDims(tensor: onnx.ITensorProto): number[] {
  const dims = (tensor.dims ?? []).map((dim) => int64ToNumber(dim));
  for (const dim of dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new InvalidOnnxModelError(`Tensor '${tensor.name ?? ''}' has dimension ${dim} in its shape [${dims.join(', ')}]; the model file is damaged.`);
    }
  }
  return dims;
}

export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}

/** dtype, shape and element count of a tensor, validated. */
export function tensorLayout(tensor: onnx.ITensorProto): { dtype: DType; dims: number[]; count: number } {
  const dtype = requireDtype(tensor.dataType, `Tensor '${tensor.name ?? ''}'`);
  const dims = tensorDims(tensor);
  const count = elementCount(dims);
  if (!Number.isSafeInteger(count)) {
    throw new InvalidOnnxModelError(`Tensor '${tensor.name ?? ''}' has shape [${dims.join(', ')}] with more elements than any file can hold; the model file is damaged.`);
  }
  return { dtype, dims, count };
}

function mismatch(tensor: onnx.ITensorProto, field: string, found: number, expected: number): InvalidOnnxModelError {
  return new InvalidOnnxModelError(
    `Tensor '${tensor.name ?? ''}' holds ${found} ${field} but its shape [${tensorDims(tensor).join(', ')}] needs ${expected}; the model file is damaged or was written by a broken exporter.`,
  );
}

/** int32_data entries -> bytes: one entry per element, or one packed byte per entry (4/2-bit). */
function bytesFromInt32Field(values: readonly number[], dtype: DType, count: number, tensor: onnx.ITensorProto): Uint8Array {
  const perByte = elementsPerByte(dtype);
  const entries = Math.ceil(count / perByte);
  if (values.length !== entries) throw mismatch(tensor, 'int32_data entries', values.length, entries);
  const width = perByte > 1 ? 1 : dtypeInfo(dtype).bits / 8;
  if (width === 1) return Uint8Array.from(values, (value) => value & 0xff);
  if (width === 2) return new Uint8Array(Uint16Array.from(values, (value) => value & 0xffff).buffer);
  return new Uint8Array(Int32Array.from(values).buffer);
}

function bytesFromInt64Field(values: readonly Int64[]): Uint8Array {
  const words = new Int32Array(values.length * 2);
  values.forEach((value, i) => {
    const [low, high] = int64Words(value);
    words[2 * i] = low;
    words[2 * i + 1] = high;
  });
  return new Uint8Array(words.buffer);
}

/** uint64_data holds uint32 and uint64 values; uint32 keeps the low word. */
function bytesFromUint64Field(values: readonly Int64[], dtype: DType): Uint8Array {
  if (dtype === 'uint64') return bytesFromInt64Field(values);
  return new Uint8Array(Uint32Array.from(values, (value) => int64Words(value)[0] >>> 0).buffer);
}

/** Bytes from whichever typed field the dtype uses (onnx.proto TensorProto field comments). */
function bytesFromTypedField(tensor: onnx.ITensorProto, dtype: DType, count: number): Uint8Array {
  const { field } = dtypeInfo(dtype);
  const componentCount = dtype === 'complex64' || dtype === 'complex128' ? count * 2 : count;
  switch (field) {
    case 'floatData': {
      const values = tensor.floatData ?? [];
      if (values.length !== componentCount) throw mismatch(tensor, 'float_data values', values.length, componentCount);
      return new Uint8Array(Float32Array.from(values).buffer);
    }
    case 'doubleData': {
      const values = tensor.doubleData ?? [];
      if (values.length !== componentCount) throw mismatch(tensor, 'double_data values', values.length, componentCount);
      return new Uint8Array(Float64Array.from(values).buffer);
    }
    case 'int32Data':
      return bytesFromInt32Field(tensor.int32Data ?? [], dtype, count, tensor);
    case 'int64Data': {
      const values = tensor.int64Data ?? [];
      if (values.length !== count) throw mismatch(tensor, 'int64_data values', values.length, count);
      return bytesFromInt64Field(values);
    }
    case 'uint64Data': {
      const values = tensor.uint64Data ?? [];
      if (values.length !== count) throw mismatch(tensor, 'uint64_data values', values.length, count);
      return bytesFromUint64Field(values, dtype);
    }
    case 'stringData':
      throw new UnsupportedDtypeError(`Tensor '${tensor.name ?? ''}' holds strings; this tool reads numeric tensors only.`);
  }
}

/**
 * The tensor's element bytes in raw_data layout. Returns a view (of the model buffer or the
 * external file) when the data is raw or external, a new array when it came from a typed field.
 */
export function tensorBytes(tensor: onnx.ITensorProto, external?: ExternalDataResolver): Uint8Array {
  const { dtype, count } = tensorLayout(tensor);
  if (dtype === 'string') throw new UnsupportedDtypeError(`Tensor '${tensor.name ?? ''}' holds strings; this tool reads numeric tensors only.`);
  const expected = byteLength(dtype, count);
  if (isExternal(tensor)) return readExternalBytes(tensor, expected, external);
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== expected) throw mismatch(tensor, 'raw_data bytes', raw.length, expected);
    return raw;
  }
  if (count === 0) return new Uint8Array(0);
  return bytesFromTypedField(tensor, dtype, count);
}

/** How a tensor stores its values; inspect reports it. */
export function tensorStorage(tensor: onnx.ITensorProto): 'raw' | 'external' | 'typed-field' {
  if (isExternal(tensor)) return 'external';
  return tensor.rawData && tensor.rawData.length > 0 ? 'raw' : 'typed-field';
}

/** Byte size of a tensor's data without reading it (shape x dtype). */
export function tensorByteLength(tensor: onnx.ITensorProto): number {
  const { dtype, count } = tensorLayout(tensor);
  return dtype === 'string' ? (tensor.stringData ?? []).reduce((sum, s) => sum + s.length, 0) : byteLength(dtype, count);
}
