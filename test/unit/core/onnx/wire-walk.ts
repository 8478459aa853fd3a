// Test helper: walks a serialized ModelProto at the wire level and counts fields the IR 8 schema of
// onnx-proto does not know (protobufjs drops exactly these on re-encode). Field numbers from
// onnx.proto at onnx 1.10.2, the version onnx-proto 8.0.1 was generated from.

interface MessageSchema {
  known: readonly number[];
  /** Length-delimited fields that hold a nested message, and its type. */
  nested: Readonly<Record<number, string>>;
}

const IR8: Readonly<Record<string, MessageSchema>> = {
  ModelProto: { known: [1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25], nested: { 7: 'GraphProto', 8: 'OperatorSetIdProto', 14: 'StringStringEntryProto', 25: 'FunctionProto' } },
  GraphProto: { known: [1, 2, 5, 10, 11, 12, 13, 14, 15], nested: { 1: 'NodeProto', 5: 'TensorProto', 11: 'ValueInfoProto', 12: 'ValueInfoProto', 13: 'ValueInfoProto' } },
  NodeProto: { known: [1, 2, 3, 4, 5, 6, 7], nested: { 5: 'AttributeProto' } },
  AttributeProto: { known: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 20, 21, 22, 23], nested: { 5: 'TensorProto', 6: 'GraphProto', 10: 'TensorProto', 11: 'GraphProto' } },
  TensorProto: { known: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], nested: { 13: 'StringStringEntryProto' } },
  ValueInfoProto: { known: [1, 2, 3], nested: { 2: 'TypeProto' } },
  TypeProto: { known: [1, 4, 5, 6, 8, 9], nested: { 1: 'TypeProtoTensor' } },
  TypeProtoTensor: { known: [1, 2], nested: { 2: 'TensorShapeProto' } },
  TensorShapeProto: { known: [1], nested: { 1: 'Dimension' } },
  Dimension: { known: [1, 2, 3], nested: {} },
  OperatorSetIdProto: { known: [1, 2], nested: {} },
  StringStringEntryProto: { known: [1, 2], nested: {} },
  FunctionProto: { known: [1, 4, 5, 6, 7, 8, 9, 10, 11], nested: { 7: 'NodeProto', 9: 'OperatorSetIdProto', 11: 'AttributeProto' } },
};

function readVarint(bytes: Uint8Array, cursor: { pos: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[cursor.pos++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return value;
  }
}

function walk(bytes: Uint8Array, start: number, end: number, type: string, found: Map<string, number>): void {
  const schema = IR8[type]!;
  const cursor = { pos: start };
  while (cursor.pos < end) {
    const tag = readVarint(bytes, cursor);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (!schema.known.includes(field)) found.set(`${type}.${field}`, (found.get(`${type}.${field}`) ?? 0) + 1);
    if (wireType === 0) readVarint(bytes, cursor);
    else if (wireType === 1) cursor.pos += 8;
    else if (wireType === 5) cursor.pos += 4;
    else if (wireType === 2) {
      const length = readVarint(bytes, cursor);
      const nested = schema.nested[field];
      if (nested) walk(bytes, cursor.pos, cursor.pos + length, nested, found);
      cursor.pos += length;
    } else throw new Error(`wire type ${wireType} in ${type}`);
  }
}

/** 'NodeProto.9' -> count, for every field the IR 8 schema would drop. */
export function fieldsUnknownToIr8(model: Uint8Array): Map<string, number> {
  const found = new Map<string, number>();
  walk(model, 0, model.length, 'ModelProto', found);
  return found;
}
