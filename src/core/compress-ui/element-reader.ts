// Random access to single elements of an ONNX tensor, straight from its raw_data-layout bytes
// (raw, typed-field or external storage), so a histogram can sample a few thousand values of a huge
// weight without materializing it as float32. Little-endian, as ONNX and every host we target.
import { float16BitsToFloat32, tensorBytes, tensorLayout, type DType, type ExternalDataResolver, type onnx } from '../onnx/index.ts';

export type ElementReader = (index: number) => number;

export interface TensorAccess {
  dtype: DType;
  dims: number[];
  count: number;
  read: ElementReader;
}

const bfloat16Word = new Uint32Array(1);
const bfloat16Float = new Float32Array(bfloat16Word.buffer);

// Data table: how one element of each dtype is read from a DataView at its byte offset.
const READERS: Partial<Record<DType, { bytes: number; read: (view: DataView, offset: number) => number }>> = {
  float32: { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  float64: { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  float16: { bytes: 2, read: (v, o) => float16BitsToFloat32(v.getUint16(o, true)) },
  bfloat16: {
    bytes: 2,
    read: (v, o) => {
      bfloat16Word[0] = v.getUint16(o, true) << 16;
      return bfloat16Float[0]!;
    },
  },
  int8: { bytes: 1, read: (v, o) => v.getInt8(o) },
  uint8: { bytes: 1, read: (v, o) => v.getUint8(o) },
  bool: { bytes: 1, read: (v, o) => v.getUint8(o) },
  int16: { bytes: 2, read: (v, o) => v.getInt16(o, true) },
  uint16: { bytes: 2, read: (v, o) => v.getUint16(o, true) },
  int32: { bytes: 4, read: (v, o) => v.getInt32(o, true) },
  uint32: { bytes: 4, read: (v, o) => v.getUint32(o, true) },
};

export function canReadElements(dtype: DType): boolean {
  return READERS[dtype] !== undefined;
}

/** Element access for one tensor; throws for dtypes without a reader (check canReadElements first). */
export function tensorAccess(tensor: onnx.ITensorProto, external?: ExternalDataResolver): TensorAccess {
  const { dtype, dims, count } = tensorLayout(tensor);
  const reader = READERS[dtype];
  if (!reader) throw new RangeError(`Tensor '${tensor.name ?? ''}' is ${dtype}; its elements cannot be read as numbers here.`);
  const bytes = tensorBytes(tensor, external);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { dtype, dims, count, read: (index) => reader.read(view, index * reader.bytes) };
}

/** A reader over a packed code stream: element `index` of a row starting at byte `rowStart` (4-bit: low nibble first). */
export function readPackedCode(bytes: Uint8Array, rowStart: number, index: number, bits: number): number {
  if (bits === 8) return bytes[rowStart + index]!;
  const byte = bytes[rowStart + ((index * bits) >> 3)]!;
  const shift = (index * bits) & 7;
  return (byte >> shift) & ((1 << bits) - 1);
}
