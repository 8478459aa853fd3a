// Reading the declared type of a value (graph input/output/value_info) into plain data: a dtype
// label and a shape whose symbolic dimensions stay strings ('batch_size'), unknown ones '?'.
import { dtypeLabel } from './dtype.ts';
import { int64ToNumber, type onnx } from './proto.ts';

export type Dim = number | string;

export interface ValueType {
  /** 'float32', 'int64'... for tensors; 'sequence', 'map', 'optional', 'sparse_tensor' or 'unknown' otherwise. */
  dtype: string;
  /** null when the rank is unknown; [] for a scalar. */
  shape: Dim[] | null;
}

export interface ValueSummary extends ValueType {
  name: string;
}

function readDim(dim: onnx.TensorShapeProto.IDimension): Dim {
  if (dim.dimParam) return dim.dimParam;
  // dimValue has a prototype default of 0 on decoded messages; only an own property was written.
  if (Object.prototype.hasOwnProperty.call(dim, 'dimValue') && dim.dimValue !== null && dim.dimValue !== undefined) {
    return int64ToNumber(dim.dimValue);
  }
  return '?';
}

export function readShape(shape: onnx.ITensorShapeProto | null | undefined): Dim[] | null {
  if (!shape) return null;
  return (shape.dim ?? []).map(readDim);
}

export function readValueType(type: onnx.ITypeProto | null | undefined): ValueType {
  if (type?.tensorType) return { dtype: dtypeLabel(type.tensorType.elemType), shape: readShape(type.tensorType.shape) };
  if (type?.sparseTensorType) return { dtype: 'sparse_tensor', shape: readShape(type.sparseTensorType.shape) };
  if (type?.sequenceType) return { dtype: 'sequence', shape: null };
  if (type?.mapType) return { dtype: 'map', shape: null };
  if (type?.optionalType) return { dtype: 'optional', shape: null };
  return { dtype: 'unknown', shape: null };
}

export function summarizeValue(info: onnx.IValueInfoProto): ValueSummary {
  return { name: info.name ?? '', ...readValueType(info.type) };
}
