// A structural check of a whole ModelProto at the wire level, run before protobufjs decodes it.
// protobufjs trusts nested lengths: a corrupt length inside the graph lets a packed-field loop run
// past its message into the weights (one Long object per byte: gigabytes for a large model), and
// deep nesting overflows the stack. Here every nested length must fit its parent, every known
// field has its wire type, nesting is capped. Payloads (raw_data) are skipped, not read.
import { allowedWireTypes, isMessageKind, WIRE_SCHEMA, type MessageName } from './wire-schema.ts';

/** Real models nest Model > Graph > Node > Attribute > Graph ... a few levels per subgraph. */
export const MAX_MESSAGE_DEPTH = 100;

export interface WireDamage {
  offset: number;
  /** Which message the damage is in, e.g. 'NodeProto (inside GraphProto)'. */
  where: string;
  reason: string;
}

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32', 'wire type 6', 'wire type 7'];

/** Cursor over `bytes`; `read*` return false when the data would run past `end`. */
class WireCursor {
  pos: number;
  value = 0;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  readVarint(end: number): boolean {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10 && this.pos < end; i++) {
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) {
        this.value = value;
        return true;
      }
    }
    return false;
  }
}

function describe(type: MessageName, parent: string): string {
  return parent ? `${type} (inside ${parent})` : type;
}

function checkMessage(cursor: WireCursor, type: MessageName, end: number, depth: number, parent: string): WireDamage | undefined {
  const schema = WIRE_SCHEMA[type];
  const damage = (offset: number, reason: string): WireDamage => ({ offset, where: describe(type, parent), reason });
  if (depth > MAX_MESSAGE_DEPTH) return damage(cursor.pos, `messages nest deeper than ${MAX_MESSAGE_DEPTH} levels`);
  while (cursor.pos < end) {
    const fieldOffset = cursor.pos;
    if (!cursor.readVarint(end)) return damage(fieldOffset, 'a field tag runs past the end of its message');
    const field = Math.floor(cursor.value / 8);
    const wireType = cursor.value % 8;
    if (field === 0) return damage(fieldOffset, 'field number 0');
    const kind = schema[field];
    if (wireType !== 0 && wireType !== 1 && wireType !== 2 && wireType !== 5) return damage(fieldOffset, `field ${field} has ${WIRE_NAMES[wireType]}, which ONNX never uses`);
    if (kind && !allowedWireTypes(kind).includes(wireType)) return damage(fieldOffset, `field ${field} is ${WIRE_NAMES[wireType]} where ONNX has ${WIRE_NAMES[allowedWireTypes(kind).at(-1)!]}`);
    if (wireType === 0) {
      if (!cursor.readVarint(end)) return damage(fieldOffset, `field ${field} (a varint) runs past the end of its message`);
      continue;
    }
    if (wireType === 1 || wireType === 5) {
      cursor.pos += wireType === 1 ? 8 : 4;
      if (cursor.pos > end) return damage(fieldOffset, `field ${field} runs past the end of its message`);
      continue;
    }
    if (!cursor.readVarint(end)) return damage(fieldOffset, `the length of field ${field} runs past the end of its message`);
    const length = cursor.value;
    if (cursor.pos + length > end) return damage(fieldOffset, `field ${field} declares ${length} bytes but its message has ${end - cursor.pos} left`);
    const fieldEnd = cursor.pos + length;
    if (kind && isMessageKind(kind)) {
      const inner = checkMessage(cursor, kind, fieldEnd, depth + 1, type);
      if (inner) return inner;
    }
    cursor.pos = fieldEnd;
  }
  return undefined;
}

/** The first structural damage in a serialized ModelProto, or undefined when it is sound. */
export function findWireDamage(bytes: Uint8Array): WireDamage | undefined {
  return checkMessage(new WireCursor(bytes, 0), 'ModelProto', bytes.length, 1, '');
}
