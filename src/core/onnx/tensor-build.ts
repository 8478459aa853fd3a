// Builders for TensorProtos (initializers, Constant values). Data always goes to raw_data as
// little-endian bytes, the layout onnxruntime reads fastest; the input arrays are copied, never kept.
import { InvalidArgumentError } from '../errors.ts';
import { byteLength, dtypeCode, type DType } from './dtype.ts';
import { onnx } from './proto.ts';
import { elementCount } from './tensor-bytes.ts';
import { bytesFromValues, type TensorValues } from './tensor-values.ts';

function checkDims(name: string, dims: readonly number[]): number {
  for (const dim of dims) {
    if (!Number.isSafeInteger(dim) || dim < 0) throw new InvalidArgumentError(`Tensor '${name}': dimension ${dim} in [${dims.join(', ')}] is not a non-negative integer.`);
  }
  return elementCount(dims);
}

/** A tensor from bytes already in raw_data layout (packed for 4/2-bit types). */
export function createTensorFromBytes(name: string, dtype: DType, dims: readonly number[], bytes: Uint8Array): onnx.TensorProto {
  const count = checkDims(name, dims);
  const expected = byteLength(dtype, count);
  if (bytes.length !== expected) {
    throw new InvalidArgumentError(`Tensor '${name}' (${dtype} [${dims.join(', ')}]) needs ${expected} bytes, got ${bytes.length}.`);
  }
  return onnx.TensorProto.create({ name, dataType: dtypeCode(dtype), dims: [...dims], rawData: new Uint8Array(bytes) }); // a copy (Buffer.slice would be a view)
}

/**
 * A tensor from typed values in the array type tensorValues returns for that dtype: Float32Array
 * for float32, Uint16Array bit patterns for float16/bfloat16, BigInt64Array for int64, and one
 * entry per element (Int8Array/Uint8Array or numbers) for int4/uint4/int2/uint2, packed here.
 */
export function createTensor(name: string, dtype: DType, dims: readonly number[], values: TensorValues | ArrayLike<number>): onnx.TensorProto {
  const count = checkDims(name, dims);
  if (values.length !== count) {
    throw new InvalidArgumentError(`Tensor '${name}' has shape [${dims.join(', ')}] (${count} elements) but ${values.length} values were given.`);
  }
  return createTensorFromBytes(name, dtype, dims, bytesFromValues(values, dtype));
}

/** Shorthands for the common cases. */
export const tensorFromFloat32 = (name: string, dims: readonly number[], values: Float32Array): onnx.TensorProto =>
  createTensor(name, 'float32', dims, values);

export const tensorFromInt64 = (name: string, dims: readonly number[], values: readonly number[] | BigInt64Array): onnx.TensorProto =>
  createTensor(name, 'int64', dims, values instanceof BigInt64Array ? values : BigInt64Array.from(values, (value) => BigInt(value)));

export const tensorFromInt32 = (name: string, dims: readonly number[], values: readonly number[] | Int32Array): onnx.TensorProto =>
  createTensor(name, 'int32', dims, values instanceof Int32Array ? values : Int32Array.from(values));
