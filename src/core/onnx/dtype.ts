// The ONNX element types: enum code <-> the names this lab uses ('float32', 'float16', 'int4'...),
// bits per element, and which TensorProto field holds values when raw_data is not used.
// Codes follow onnx.proto TensorProto.DataType (onnx 1.19: up to INT2 = 26).
import { UnsupportedDtypeError } from './errors.ts';

/** TensorProto fields that carry values when `raw_data` is empty (onnx.proto comments). */
export type TypedField = 'floatData' | 'int32Data' | 'int64Data' | 'doubleData' | 'uint64Data' | 'stringData';

export interface DTypeInfo {
  name: string;
  code: number;
  /** Bits per element: 4 and 2 for packed types (two or four per byte, first in the low bits). */
  bits: number;
  field: TypedField;
}

// Data table: one row per ONNX DataType. Sub-byte types keep one packed byte per int32_data entry.
export const DTYPES = [
  { name: 'float32', code: 1, bits: 32, field: 'floatData' },
  { name: 'uint8', code: 2, bits: 8, field: 'int32Data' },
  { name: 'int8', code: 3, bits: 8, field: 'int32Data' },
  { name: 'uint16', code: 4, bits: 16, field: 'int32Data' },
  { name: 'int16', code: 5, bits: 16, field: 'int32Data' },
  { name: 'int32', code: 6, bits: 32, field: 'int32Data' },
  { name: 'int64', code: 7, bits: 64, field: 'int64Data' },
  { name: 'string', code: 8, bits: 0, field: 'stringData' },
  { name: 'bool', code: 9, bits: 8, field: 'int32Data' },
  { name: 'float16', code: 10, bits: 16, field: 'int32Data' },
  { name: 'float64', code: 11, bits: 64, field: 'doubleData' },
  { name: 'uint32', code: 12, bits: 32, field: 'uint64Data' },
  { name: 'uint64', code: 13, bits: 64, field: 'uint64Data' },
  { name: 'complex64', code: 14, bits: 64, field: 'floatData' },
  { name: 'complex128', code: 15, bits: 128, field: 'doubleData' },
  { name: 'bfloat16', code: 16, bits: 16, field: 'int32Data' },
  { name: 'float8e4m3fn', code: 17, bits: 8, field: 'int32Data' },
  { name: 'float8e4m3fnuz', code: 18, bits: 8, field: 'int32Data' },
  { name: 'float8e5m2', code: 19, bits: 8, field: 'int32Data' },
  { name: 'float8e5m2fnuz', code: 20, bits: 8, field: 'int32Data' },
  { name: 'uint4', code: 21, bits: 4, field: 'int32Data' },
  { name: 'int4', code: 22, bits: 4, field: 'int32Data' },
  { name: 'float4e2m1', code: 23, bits: 4, field: 'int32Data' },
  { name: 'float8e8m0', code: 24, bits: 8, field: 'int32Data' },
  { name: 'uint2', code: 25, bits: 2, field: 'int32Data' },
  { name: 'int2', code: 26, bits: 2, field: 'int32Data' },
] as const satisfies readonly DTypeInfo[];

export type DType = (typeof DTYPES)[number]['name'];

const byCode = new Map<number, DTypeInfo>(DTYPES.map((info) => [info.code, info]));
const byName = new Map<string, DTypeInfo>(DTYPES.map((info) => [info.name, info]));

/** The dtype for an ONNX code, or undefined when the code is unknown (corrupt or newer file). */
export function dtypeOfCode(code: number | null | undefined): DType | undefined {
  return byCode.get(code ?? 0)?.name as DType | undefined;
}

/** A display name that never fails: unknown codes show as 'unknown(99)'. */
export function dtypeLabel(code: number | null | undefined): string {
  return dtypeOfCode(code) ?? `unknown(${code ?? 0})`;
}

/** Like dtypeOfCode but throws a typed error naming the tensor when the code is unknown. */
export function requireDtype(code: number | null | undefined, what: string): DType {
  const dtype = dtypeOfCode(code);
  if (dtype) return dtype;
  throw new UnsupportedDtypeError(
    `${what} has data type code ${code ?? 0}, which is not an ONNX type this tool knows (1-26). The file may be corrupt, or written by a newer ONNX; re-export it with onnx <= 1.19 types.`,
  );
}

export function dtypeInfo(dtype: DType): DTypeInfo {
  return byName.get(dtype)!;
}

export function dtypeCode(dtype: DType): number {
  return dtypeInfo(dtype).code;
}

export function isDtypeName(name: string): name is DType {
  return byName.has(name);
}

/** Bytes that `count` elements occupy in raw_data (packed types round up to whole bytes). */
export function byteLength(dtype: DType, count: number): number {
  const { bits } = dtypeInfo(dtype);
  if (bits === 0) throw new UnsupportedDtypeError('string tensors have no fixed byte size; this tool does not read string tensors.');
  return Math.ceil((count * bits) / 8);
}

/** Elements per stored unit: 2 for 4-bit types, 4 for 2-bit types, 1 otherwise. */
export function elementsPerByte(dtype: DType): number {
  const { bits } = dtypeInfo(dtype);
  return bits < 8 && bits > 0 ? 8 / bits : 1;
}

export function isFloatDtype(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float64';
}
