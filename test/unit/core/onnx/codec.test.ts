// decodeModel/encodeModel: round trips of every fixture, what the IR 8 schema drops from newer
// files (shown on a model carrying IR 10 node fields), and the typed error each kind of bad file gets.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { NotOnnxModelError, OnnxParseError, OnnxTruncatedError } from '../../../../src/core/onnx/errors.ts';
import { onnx } from '../../../../src/core/onnx/proto.ts';
import { nodeFixtures, readBytes, realFixture, realFixtureNames } from './helpers.ts';
import { buildLinearModel, linearModelWithIr10NodeFields } from './models.ts';
import { fieldsUnknownToIr8 } from './wire-walk.ts';

const allFixtureFiles = [...realFixtureNames().map(realFixture), ...nodeFixtures().map((fixture) => fixture.model)];
const asObject = (model: onnx.ModelProto) => onnx.ModelProto.toObject(model, { longs: String, bytes: String, defaults: false });

describe('decode -> encode round trip', () => {
  it('keeps every field of every fixture (none uses a field newer than IR 8)', () => {
    expect(allFixtureFiles.length).toBeGreaterThan(80);
    for (const file of allFixtureFiles) {
      const bytes = readBytes(file);
      expect(fieldsUnknownToIr8(bytes), file).toEqual(new Map());
      const decoded = decodeModel(bytes);
      expect(asObject(decodeModel(encodeModel(decoded))), file).toEqual(asObject(decoded));
    }
  });

  it('keeps IR 10 and data type codes above 16 as written', () => {
    const qwen = decodeModel(encodeModel(decodeModel(readBytes(realFixture('genai_tiny-qwen35_decoder_fp16.onnx')))));
    expect(Number(qwen.irVersion)).toBe(10);
    const int4 = decodeModel(encodeModel(decodeModel(readBytes(nodeFixtures().find((f) => f.name === 'test_quantizelinear_int4')!.model))));
    expect(int4.graph!.output![0]!.type!.tensorType!.elemType).toBe(22);
  });

  it('drops IR 10 NodeProto.overload/metadata_props (runtime-equivalence.test.ts runs both)', () => {
    const ir10Bytes = linearModelWithIr10NodeFields();
    expect(fieldsUnknownToIr8(ir10Bytes)).toEqual(new Map([['NodeProto.8', 1], ['NodeProto.9', 1]]));
    const reencoded = encodeModel(decodeModel(ir10Bytes));
    expect(fieldsUnknownToIr8(reencoded)).toEqual(new Map());
    expect(decodeModel(reencoded).graph!.node).toHaveLength(6);
  });
});

function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

describe('typed errors for bad files', () => {
  const bert = readBytes(realFixture('ort_bert_toy_optimized.onnx'));

  it('empty file -> truncated', () => {
    expect(() => decodeModel(new Uint8Array(0), { name: 'model.onnx' })).toThrow(OnnxTruncatedError);
  });

  it.each([0.1, 0.5, 0.99])('file cut at %d of its length -> truncated, with offset and missing byte count', (share) => {
    const cut = Math.floor(bert.length * share);
    const error = catchError(() => decodeModel(bert.subarray(0, cut), { name: 'model.onnx' }));
    expect(error).toBeInstanceOf(OnnxTruncatedError);
    const match = /^model\.onnx is truncated: expected (\d+) more bytes at offset (\d+)/.exec(error.message)!;
    expect(Number(match[2])).toBe(cut);
    expect(Number(match[1])).toBeGreaterThan(0);
    expect(Number(match[1])).toBeLessThanOrEqual(bert.length - cut);
    expect(error.message).toMatch(/fetch the file again/);
  });

  it.each([
    ['HTML error page', new TextEncoder().encode('<!DOCTYPE html><html><body>404</body></html>'), /HTML/],
    ['JSON', new TextEncoder().encode('{"error": "not found"}'), /JSON/],
    ['gzip', new Uint8Array(gzipSync(bert.subarray(0, 1000))), /gzip/],
    ['GGUF', new TextEncoder().encode('GGUF\u0003\u0000\u0000\u0000 rest of a llama.cpp file'), /GGUF/],
  ])('%s -> not an ONNX model, saying what it looks like', (_, bytes, hint) => {
    const error = catchError(() => decodeModel(bytes, { name: 'model.onnx' }));
    expect(error).toBeInstanceOf(OnnxParseError);
    expect(error.message).toMatch(hint);
  });

  it('a TensorProto .pb file -> protobuf but not a model', () => {
    const pb = readBytes(nodeFixtures().find((f) => f.name === 'test_gemm_default_no_bias')!.inputs[0]!);
    expect(() => decodeModel(pb)).toThrow(NotOnnxModelError);
  });

  it('valid protobuf without a graph -> not a model', () => {
    const headerOnly = encodeModel({ irVersion: 8, producerName: 'x', opsetImport: [{ domain: '', version: 17 }] });
    expect(() => decodeModel(headerOnly)).toThrow(/has no graph/);
  });

  it('a packed field longer than its tensor (protobufjs would read on into the weights) -> damaged', () => {
    // TensorProto { int64_data: packed, declared 1000 bytes } inside a 12-byte tensor message,
    // followed by a large tensor, so the file itself is long enough for the bogus length.
    const badTensor = [(7 << 3) | 2, ...varint(1000), ...new Array<number>(8).fill(1)];
    const graph = onnx.GraphProto.encode({ ...buildLinearModel().graph! });
    graph.uint32((5 << 3) | 2).bytes(new Uint8Array(badTensor));
    const writer = onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] });
    writer.uint32((7 << 3) | 2).bytes(graph.finish());
    const error = catchError(() => decodeModel(writer.finish(), { name: 'model.onnx' }));
    expect(error).toBeInstanceOf(OnnxParseError);
    expect(error.message).toMatch(/^model\.onnx is damaged: field 7 declares 1000 bytes but its message has 8 left, in a TensorProto \(inside GraphProto\) at offset \d+/);
  });

  it('messages nested 20,000 deep (would overflow the protobufjs stack) -> a parse error, not a crash', () => {
    // graph { node { attribute { g { node { attribute { g ... } } } } } }, written back to front.
    const buffer = new Uint8Array(600_000);
    let pos = buffer.length;
    const wrap = (field: number): void => {
      const length = buffer.length - pos;
      const prefix = [(field << 3) | 2, ...varint(length)];
      pos -= prefix.length;
      buffer.set(prefix, pos);
    };
    for (let depth = 0; depth < 20_000; depth++) {
      wrap(6); // AttributeProto.g
      wrap(5); // NodeProto.attribute
      wrap(1); // GraphProto.node
    }
    wrap(7); // ModelProto.graph
    const bytes = new Uint8Array([...buffer.subarray(pos), (8 << 3) | 2, 2, 16, 17]);
    expect(() => decodeModel(bytes)).toThrow(OnnxParseError);
  });
});

function catchError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
