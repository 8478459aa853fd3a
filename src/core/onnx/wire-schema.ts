// The ONNX IR 8 message layout as data: for every message onnx-proto decodes, the wire kind of each
// field (read from onnx-proto 8.0.1's generated decoders). wire-check.ts walks a file against it
// before protobufjs does. Fields missing here (newer than IR 8) are skipped like protobufjs skips them.

/** varint/fixed32/fixed64: scalars; a trailing '*' marks repeated scalars (packed allowed); 'bytes': string or bytes. */
export type FieldKind = 'varint' | 'fixed32' | 'fixed64' | 'bytes' | 'varint*' | 'fixed32*' | 'fixed64*' | MessageName;

export type MessageName =
  | 'ModelProto'
  | 'GraphProto'
  | 'NodeProto'
  | 'AttributeProto'
  | 'TensorProto'
  | 'Segment'
  | 'SparseTensorProto'
  | 'ValueInfoProto'
  | 'TypeProto'
  | 'TypeTensor'
  | 'TypeSequence'
  | 'TypeMap'
  | 'TypeOptional'
  | 'TensorShapeProto'
  | 'Dimension'
  | 'OperatorSetIdProto'
  | 'StringStringEntryProto'
  | 'TensorAnnotation'
  | 'TrainingInfoProto'
  | 'FunctionProto';

export const WIRE_SCHEMA: Readonly<Record<MessageName, Readonly<Record<number, FieldKind>>>> = {
  ModelProto: { 1: 'varint', 2: 'bytes', 3: 'bytes', 4: 'bytes', 5: 'varint', 6: 'bytes', 7: 'GraphProto', 8: 'OperatorSetIdProto', 14: 'StringStringEntryProto', 20: 'TrainingInfoProto', 25: 'FunctionProto' },
  GraphProto: { 1: 'NodeProto', 2: 'bytes', 5: 'TensorProto', 10: 'bytes', 11: 'ValueInfoProto', 12: 'ValueInfoProto', 13: 'ValueInfoProto', 14: 'TensorAnnotation', 15: 'SparseTensorProto' },
  NodeProto: { 1: 'bytes', 2: 'bytes', 3: 'bytes', 4: 'bytes', 5: 'AttributeProto', 6: 'bytes', 7: 'bytes' },
  AttributeProto: {
    1: 'bytes', 2: 'fixed32', 3: 'varint', 4: 'bytes', 5: 'TensorProto', 6: 'GraphProto', 7: 'fixed32*', 8: 'varint*', 9: 'bytes', 10: 'TensorProto',
    11: 'GraphProto', 13: 'bytes', 14: 'TypeProto', 15: 'TypeProto', 20: 'varint', 21: 'bytes', 22: 'SparseTensorProto', 23: 'SparseTensorProto',
  },
  TensorProto: {
    1: 'varint*', 2: 'varint', 3: 'Segment', 4: 'fixed32*', 5: 'varint*', 6: 'bytes', 7: 'varint*', 8: 'bytes', 9: 'bytes', 10: 'fixed64*',
    11: 'varint*', 12: 'bytes', 13: 'StringStringEntryProto', 14: 'varint',
  },
  Segment: { 1: 'varint', 2: 'varint' },
  SparseTensorProto: { 1: 'TensorProto', 2: 'TensorProto', 3: 'varint*' },
  ValueInfoProto: { 1: 'bytes', 2: 'TypeProto', 3: 'bytes' },
  TypeProto: { 1: 'TypeTensor', 4: 'TypeSequence', 5: 'TypeMap', 6: 'bytes', 8: 'TypeTensor', 9: 'TypeOptional' },
  TypeTensor: { 1: 'varint', 2: 'TensorShapeProto' }, // also TypeProto.SparseTensor: same layout
  TypeSequence: { 1: 'TypeProto' },
  TypeMap: { 1: 'varint', 2: 'TypeProto' },
  TypeOptional: { 1: 'TypeProto' },
  TensorShapeProto: { 1: 'Dimension' },
  Dimension: { 1: 'varint', 2: 'bytes', 3: 'bytes' },
  OperatorSetIdProto: { 1: 'bytes', 2: 'varint' },
  StringStringEntryProto: { 1: 'bytes', 2: 'bytes' },
  TensorAnnotation: { 1: 'bytes', 2: 'StringStringEntryProto' },
  TrainingInfoProto: { 1: 'GraphProto', 2: 'GraphProto', 3: 'StringStringEntryProto', 4: 'StringStringEntryProto' },
  FunctionProto: { 1: 'bytes', 4: 'bytes', 5: 'bytes', 6: 'bytes', 7: 'NodeProto', 8: 'bytes', 9: 'OperatorSetIdProto', 10: 'bytes' },
};

/** Wire types a field of this kind may use: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
export function allowedWireTypes(kind: FieldKind): readonly number[] {
  switch (kind) {
    case 'varint':
      return [0];
    case 'fixed32':
      return [5];
    case 'fixed64':
      return [1];
    case 'varint*':
      return [0, 2];
    case 'fixed32*':
      return [5, 2];
    case 'fixed64*':
      return [1, 2];
    default:
      return [2]; // bytes and messages
  }
}

export function isMessageKind(kind: FieldKind): kind is MessageName {
  return kind in WIRE_SCHEMA;
}
