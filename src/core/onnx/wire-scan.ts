// A non-recursive walk over the top-level fields of a ModelProto, run before protobufjs decodes the
// file. It tells the three ways a download goes wrong apart, so the error can say what to do:
// cut off (a known field runs past the end), not protobuf at all, or protobuf of another kind.
// It reads only tags and lengths: O(number of top-level fields), never the payloads.
import { allowedWireTypes, WIRE_SCHEMA } from './wire-schema.ts';

/** ModelProto field names (onnx.proto) for messages; wire types come from WIRE_SCHEMA. */
const MODEL_FIELD_NAMES: Readonly<Record<number, string>> = {
  1: 'ir_version',
  2: 'producer_name',
  3: 'producer_version',
  4: 'domain',
  5: 'model_version',
  6: 'doc_string',
  7: 'graph',
  8: 'opset_import',
  14: 'metadata_props',
  20: 'training_info',
  25: 'functions',
};

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

export type TopLevelScan =
  | { kind: 'ok'; fields: ReadonlySet<number> }
  | { kind: 'truncated'; field: string; fieldOffset: number; missing: number }
  | { kind: 'not-protobuf'; offset: number; reason: string }
  | { kind: 'not-model'; offset: number; reason: string };

/** Reads a varint at `pos`; returns [value, next] or undefined when the buffer ends inside it. */
function readVarint(bytes: Uint8Array, pos: number): [number, number] | undefined | 'overlong' {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= bytes.length) return undefined;
    const byte = bytes[pos + i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, pos + i + 1];
  }
  return 'overlong';
}

export function scanModelTopLevel(bytes: Uint8Array): TopLevelScan {
  const fields = new Set<number>();
  let pos = 0;
  let sawUnknown = false;
  while (pos < bytes.length) {
    const fieldOffset = pos;
    const tag = readVarint(bytes, pos);
    if (tag === 'overlong') return { kind: 'not-protobuf', offset: pos, reason: 'a field tag longer than 10 bytes' };
    if (tag === undefined) return { kind: 'not-protobuf', offset: pos, reason: 'the data ends inside a field tag' };
    const fieldNumber = Math.floor(tag[0] / 8);
    const wireType = tag[0] % 8;
    pos = tag[1];
    if (fieldNumber === 0) return { kind: 'not-protobuf', offset: fieldOffset, reason: 'field number 0' };
    if (wireType > 5) return { kind: 'not-protobuf', offset: fieldOffset, reason: `wire type ${wireType}, which protobuf does not define` };
    const kind = WIRE_SCHEMA.ModelProto[fieldNumber];
    const known = kind ? { name: MODEL_FIELD_NAMES[fieldNumber] ?? `#${fieldNumber}`, wireType: allowedWireTypes(kind)[0]! } : undefined;
    if (known && known.wireType !== wireType) {
      return {
        kind: 'not-model',
        offset: fieldOffset,
        reason: `field ${fieldNumber} (${known.name}) is ${WIRE_NAMES[wireType]}, where an ONNX model has ${WIRE_NAMES[known.wireType]}`,
      };
    }
    if (!known) sawUnknown = true;
    const end = fieldEnd(bytes, pos, wireType);
    if (end === 'overlong') return { kind: 'not-protobuf', offset: pos, reason: 'a varint longer than 10 bytes' };
    if (end === 'group') return { kind: 'not-model', offset: fieldOffset, reason: 'a protobuf group, which ONNX models never use' };
    if (end > bytes.length) {
      // A known field cut short, with nothing foreign before it, is what an interrupted download looks like.
      if (known && !sawUnknown) return { kind: 'truncated', field: known.name, fieldOffset, missing: Math.max(1, end - bytes.length) };
      return { kind: 'not-protobuf', offset: fieldOffset, reason: `field ${fieldNumber} declares more bytes than the file holds` };
    }
    fields.add(fieldNumber);
    pos = end;
  }
  return { kind: 'ok', fields };
}

/** Where the payload of a field that starts at `pos` ends. */
function fieldEnd(bytes: Uint8Array, pos: number, wireType: number): number | 'overlong' | 'group' {
  if (wireType === 0) {
    const value = readVarint(bytes, pos);
    if (value === 'overlong') return 'overlong';
    return value === undefined ? bytes.length + 1 : value[1];
  }
  if (wireType === 1) return pos + 8;
  if (wireType === 5) return pos + 4;
  if (wireType === 2) {
    const length = readVarint(bytes, pos);
    if (length === 'overlong') return 'overlong';
    if (length === undefined) return bytes.length + 1;
    return length[1] + length[0];
  }
  return 'group';
}

/** Names a well-known non-ONNX format from its first bytes, to make the error message useful. */
export function sniffFormat(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (head.startsWith('GGUF')) return 'a GGUF file (llama.cpp format), not ONNX';
  if (head.startsWith('PK\u0003\u0004')) return 'a zip archive (a PyTorch .pt/.bin checkpoint or a zipped model?); unzip it or export to ONNX first';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip-compressed; decompress it first';
  if (/^\s*</.test(head)) return 'an HTML/XML page (often a download error page or a login page), not the model file';
  if (/^\s*[{[]/.test(head)) return 'JSON text (a config or an error response?), not the model file';
  if (bytes.length >= 10 && bytes[8] === 0x7b && bytes[9] === 0x22) return 'a safetensors file, not ONNX; export the model to ONNX first';
  if (bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] <= 5) return 'a Python pickle (PyTorch checkpoint?), not ONNX';
  return undefined;
}
