// Tensor values as typed arrays, and back to raw_data bytes. Each dtype has one array type:
// float16/bfloat16 stay as Uint16Array bit patterns (convert with float16.ts), 4- and 2-bit types
// are unpacked to one element per entry (Int8Array for int4/int2, Uint8Array for uint4/uint2).
// Typed arrays share the host's byte order; ONNX is little-endian, like every host we target.
import { dtypeInfo, type DType } from './dtype.ts';
import { InvalidArgumentError } from '../errors.ts';
import { UnsupportedDtypeError } from './errors.ts';
import type { ExternalDataResolver } from './external-data.ts';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './float16.ts';
import type { onnx } from './proto.ts';
import { tensorBytes, tensorLayout } from './tensor-bytes.ts';

export type TensorValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

type ArrayConstructorFor = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => TensorValues;

// Data table: the array type each whole-byte dtype reads as.
const ARRAY_TYPES: Partial<Record<DType, ArrayConstructorFor>> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

const SUB_BYTE: Partial<Record<DType, { bits: 4 | 2; signed: boolean }>> = {
  int4: { bits: 4, signed: true },
  uint4: { bits: 4, signed: false },
  int2: { bits: 2, signed: true },
  uint2: { bits: 2, signed: false },
};

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('ONNX tensor access assumes a little-endian host.');
}

function unsupported(dtype: DType, what: string): UnsupportedDtypeError {
  return new UnsupportedDtypeError(`${what} is ${dtype}, which this tool cannot turn into numbers (it reads float32/16, bfloat16, float64, (u)int8/16/32/64, bool and packed (u)int4/(u)int2).`);
}

/** Unpacks 4- or 2-bit elements (first element in the low bits of each byte). */
function unpackSubByte(bytes: Uint8Array, count: number, bits: 4 | 2, signed: boolean): Int8Array | Uint8Array {
  const out = signed ? new Int8Array(count) : new Uint8Array(count);
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  const signShift = 32 - bits;
  for (let i = 0; i < count; i++) {
    const value = (bytes[Math.floor(i / perByte)]! >>> ((i % perByte) * bits)) & mask;
    out[i] = signed ? (value << signShift) >> signShift : value;
  }
  return out;
}

/** Packs 4- or 2-bit elements; rejects values outside the type's range. */
export function packSubByte(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const layout = SUB_BYTE[dtype];
  if (!layout) throw unsupported(dtype, 'packSubByte input');
  const { bits, signed } = layout;
  const low = signed ? -(1 << (bits - 1)) : 0;
  const high = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  const perByte = 8 / bits;
  const out = new Uint8Array(Math.ceil(values.length / perByte));
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new InvalidArgumentError(`Value ${value} at index ${i} does not fit ${dtype} (${low}..${high}).`);
    }
    const byteIndex = Math.floor(i / perByte);
    out[byteIndex] = out[byteIndex]! | ((value & ((1 << bits) - 1)) << ((i % perByte) * bits));
  }
  return out;
}

/** Typed values from raw_data-layout bytes; always a new array (never a view of the model). */
export function valuesFromBytes(bytes: Uint8Array, dtype: DType, count: number, what = 'The tensor'): TensorValues {
  const subByte = SUB_BYTE[dtype];
  if (subByte) return unpackSubByte(bytes, count, subByte.bits, subByte.signed);
  const ArrayType = ARRAY_TYPES[dtype];
  if (!ArrayType) throw unsupported(dtype, what);
  // new Uint8Array(view) copies into a fresh, aligned buffer; Buffer#slice would return a view.
  const copy = new Uint8Array(bytes.subarray(0, (count * dtypeInfo(dtype).bits) / 8));
  return new ArrayType(copy.buffer, 0, count);
}

/** Plain number arrays become the dtype's array type; a typed array of another type is refused. */
function asArrayType(values: TensorValues | ArrayLike<number>, dtype: DType, ArrayType: ArrayConstructorFor): TensorValues {
  if (values instanceof ArrayType) return values as TensorValues;
  const given = (values as object).constructor?.name ?? typeof values;
  if (ArrayBuffer.isView(values) || dtype === 'float16' || dtype === 'bfloat16') {
    const hint = dtype === 'float16' || dtype === 'bfloat16' ? ' (bit patterns: convert with float16.ts)' : '';
    throw new InvalidArgumentError(`${dtype} values must be a ${ArrayType.name}${hint}, got ${given}.`);
  }
  const numbers = Array.from(values as ArrayLike<number>);
  if (dtype === 'int64') return BigInt64Array.from(numbers, (value) => BigInt(value));
  if (dtype === 'uint64') return BigUint64Array.from(numbers, (value) => BigInt(value));
  const out = new ArrayType(new ArrayBuffer(numbers.length * (dtypeInfo(dtype).bits / 8)));
  (out as Float64Array).set(numbers);
  return out;
}

/** Raw_data-layout bytes of typed values (the inverse of valuesFromBytes); always a copy. */
export function bytesFromValues(values: TensorValues | ArrayLike<number>, dtype: DType): Uint8Array {
  if (SUB_BYTE[dtype]) return packSubByte(values as ArrayLike<number>, dtype);
  const ArrayType = ARRAY_TYPES[dtype];
  if (!ArrayType) throw unsupported(dtype, 'The values');
  const typed = asArrayType(values, dtype, ArrayType);
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength).slice();
}

/** The values of a tensor (raw, typed-field or external storage) as a new typed array. */
export function tensorValues(tensor: onnx.ITensorProto, external?: ExternalDataResolver): TensorValues {
  const { dtype, count } = tensorLayout(tensor);
  return valuesFromBytes(tensorBytes(tensor, external), dtype, count, `Tensor '${tensor.name ?? ''}'`);
}

/** Any numeric values widened or narrowed to float32 (int64 beyond 2^24 loses precision, as in Cast). */
export function valuesToFloat32(values: TensorValues, dtype: DType): Float32Array {
  if (dtype === 'float16') return float16ArrayToFloat32(values as Uint16Array);
  if (dtype === 'bfloat16') return bfloat16ArrayToFloat32(values as Uint16Array);
  if (values instanceof Float32Array) return values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float32Array.from(values, (value) => Number(value));
  return Float32Array.from(values);
}

export function tensorToFloat32(tensor: onnx.ITensorProto, external?: ExternalDataResolver): Float32Array {
  const { dtype } = tensorLayout(tensor);
  return valuesToFloat32(tensorValues(tensor, external), dtype);
}
