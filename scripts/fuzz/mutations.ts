// Byte-level mutations of a serialized file for the fuzzer: bit and byte flips, insertions,
// deletions, truncation, and protobuf-aware damage (an over-long varint, a length prefix that
// claims gigabytes). Every mutation is a pure function of the input and the seeded random source,
// so a case is reproduced from its seed and index alone.
import type { SeededRandom } from '../../src/core/models/seeded-random.ts';

export type ByteMutation = (bytes: Uint8Array, random: SeededRandom) => Uint8Array;

/** A copy. Not `bytes.slice()`: on a Node Buffer (readFileSync, protobufjs in Node) slice is a view. */
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Offsets whose byte reads as a length-delimited protobuf tag (wire type 2), or any offset if none. */
function lengthTagOffset(bytes: Uint8Array, random: SeededRandom): number {
  for (let tries = 0; tries < 64; tries++) {
    const at = random.int(Math.max(1, bytes.length - 1));
    if ((bytes[at]! & 7) === 2) return at;
  }
  return random.int(Math.max(1, bytes.length - 1));
}

// 2^32 - 1, 2^35 - 1 (both beyond a 2 GiB message) and a 10-byte varint that overflows 64 bits.
const HUGE_VARINTS: readonly number[][] = [
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0x07],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
];

export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  bitFlip: (bytes, random) => {
    const out = copy(bytes);
    for (let n = 1 + random.int(3); n > 0; n--) {
      const at = random.int(out.length);
      out[at] = out[at]! ^ (1 << random.int(8));
    }
    return out;
  },
  byteFlip: (bytes, random) => {
    const out = copy(bytes);
    for (let n = 1 + random.int(4); n > 0; n--) out[random.int(out.length)] = random.int(256);
    return out;
  },
  insert: (bytes, random) => splice(bytes, random.int(bytes.length + 1), 0, Array.from({ length: 1 + random.int(8) }, () => random.int(256))),
  delete: (bytes, random) => splice(bytes, random.int(bytes.length), Math.min(1 + random.int(8), bytes.length), []),
  truncate: (bytes, random) => copy(bytes.subarray(0, random.int(bytes.length))),
  varintOverflow: (bytes, random) => splice(bytes, random.int(bytes.length), 0, [...Array(11).fill(0xff), 0x01]),
  lengthOverflow: (bytes, random) => {
    const at = lengthTagOffset(bytes, random) + 1;
    const huge = HUGE_VARINTS[random.int(HUGE_VARINTS.length)]!;
    return splice(bytes, at, Math.min(huge.length, bytes.length - at), huge);
  },
};

export const BYTE_MUTATION_NAMES = Object.keys(BYTE_MUTATIONS);

export function pickOne<T>(values: readonly T[], random: SeededRandom): T {
  return values[random.int(values.length)]!;
}
