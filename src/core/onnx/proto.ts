// The in-memory ONNX model type of the whole lab: onnx-proto's protobufjs static module (ONNX IR 8
// schema, onnx 1.10.2). Import `onnx` from here, not from 'onnx-proto': the package is CommonJS and
// Node's ESM loader (tsx, the CLI) only exposes its default export, so `import { onnx } from
// 'onnx-proto'` fails at run time outside the bundler. This alias works as value and type.
//
// What the IR 8 schema keeps and drops, checked on every fixture (test/unit/core/onnx/codec.test.ts):
// - protobufjs skips fields it does not know, so re-encoding drops what ONNX added after IR 8:
//   NodeProto.overload (8), NodeProto.metadata_props (9), NodeProto.device_configurations (10),
//   TensorProto.metadata_props (16), ValueInfoProto.metadata_props (4), GraphProto.metadata_props (16),
//   FunctionProto.value_info/overload/metadata_props (12-14), ModelProto.configuration (26).
//   None of these change what onnxruntime computes; none occur in the fixtures (IR 4 to IR 13).
// - Kept: ir_version as written (an IR 10 file stays IR 10), data type codes above 16 (int4, float8,
//   int2: they are plain int32 fields), FunctionProto.attribute_proto (11, IR 9).
// - Repeated numbers are re-encoded packed; proto2 readers (onnxruntime, onnx) accept both forms,
//   so a round trip changes the byte count (e.g. +12 bytes on genai_tiny-qwen35_decoder_fp16.onnx).
// - int64 fields decode as Long objects (convert with int64ToNumber); bytes fields such as rawData
//   are views into the decoded buffer, not copies.
import onnxProto from 'onnx-proto';

export import onnx = onnxProto.onnx;

/** What protobufjs gives for an int64 field: a Long (decoded) or a number (built by hand). */
export type Int64 = number | { toNumber(): number; low: number; high: number };

/** Converts an int64 field to a number (exact up to 2^53, which every real dimension is). */
export function int64ToNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** The low and high 32 bits of an int64 field, for writing it as little-endian bytes. */
export function int64Words(value: Int64): [low: number, high: number] {
  if (typeof value !== 'number') return [value.low, value.high];
  const low = value % 2 ** 32;
  return [low | 0, Math.floor(value / 2 ** 32) | 0];
}
