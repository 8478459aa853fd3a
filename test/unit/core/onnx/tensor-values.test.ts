// Tensor access: every storage a file may use (raw_data, the typed fields after a real protobuf
// round trip, misaligned views) and every dtype the lab handles, checked against byte layouts and
// bit patterns written down from the ONNX spec, plus the typed errors for inconsistent tensors.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';
import { DTYPES, byteLength, dtypeCode, dtypeOfCode } from '../../../../src/core/onnx/dtype.ts';
import { InvalidOnnxModelError, UnsupportedDtypeError } from '../../../../src/core/onnx/errors.ts';
import { onnx } from '../../../../src/core/onnx/proto.ts';
import { createTensor, createTensorFromBytes, tensorFromInt64 } from '../../../../src/core/onnx/tensor-build.ts';
import { tensorBytes, tensorLayout } from '../../../../src/core/onnx/tensor-bytes.ts';
import { tensorToFloat32, tensorValues } from '../../../../src/core/onnx/tensor-values.ts';

/** Encodes then decodes, so fields come back as protobufjs gives them (Long, views into a buffer). */
const viaProtobuf = (tensor: onnx.ITensorProto): onnx.TensorProto => onnx.TensorProto.decode(onnx.TensorProto.encode(tensor).finish());

describe('dtype table', () => {
  it('agrees with the enum in onnx-proto for the codes it knows', () => {
    const names: Record<string, string> = { FLOAT: 'float32', DOUBLE: 'float64' };
    for (const [enumName, code] of Object.entries(onnx.TensorProto.DataType)) {
      if (typeof code !== 'number' || code === 0) continue; // TS enums map names both ways
      expect(dtypeOfCode(code)).toBe(names[enumName] ?? enumName.toLowerCase());
    }
    expect(DTYPES.map((info) => info.code)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(dtypeCode('int4')).toBe(22);
    expect(byteLength('int4', 5)).toBe(3);
    expect(byteLength('int2', 5)).toBe(2);
    expect(byteLength('bfloat16', 3)).toBe(6);
  });
});

describe('raw_data layout', () => {
  it('float16 and bfloat16 values are IEEE bit patterns, little-endian', () => {
    const half = createTensor('h', 'float16', [3], new Uint16Array([0x3c00, 0xc000, 0x7bff]));
    expect(Array.from(half.rawData)).toEqual([0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b]);
    expect(Array.from(tensorToFloat32(half))).toEqual([1, -2, 65504]);
    const brain = createTensor('b', 'bfloat16', [2], new Uint16Array([0x3f80, 0xc040]));
    expect(Array.from(tensorToFloat32(brain))).toEqual([1, -3]);
  });

  it('int4 packs two per byte, first element in the low nibble (onnx.proto)', () => {
    const tensor = createTensor('q', 'int4', [3], [1, -2, 3]);
    expect(Array.from(tensor.rawData)).toEqual([0xe1, 0x03]);
    expect(Array.from(tensorValues(tensor) as Int8Array)).toEqual([1, -2, 3]);
    const unsigned = createTensor('u', 'uint4', [2, 2], new Uint8Array([15, 0, 7, 8]));
    expect(Array.from(unsigned.rawData)).toEqual([0x0f, 0x87]);
    expect(Array.from(tensorValues(unsigned) as Uint8Array)).toEqual([15, 0, 7, 8]);
    expect(Array.from(tensorValues(createTensor('i2', 'int2', [5], [-2, -1, 0, 1, 1])) as Int8Array)).toEqual([-2, -1, 0, 1, 1]);
  });

  it('int64 round-trips beyond 2^32 and negative', () => {
    const values = BigInt64Array.from([-1n, 2n ** 40n + 3n, -(2n ** 33n)]);
    const tensor = viaProtobuf(createTensor('i', 'int64', [3], values));
    expect(Array.from(tensorValues(tensor) as BigInt64Array)).toEqual(Array.from(values));
    expect(new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset).getBigInt64(8, true)).toBe(2n ** 40n + 3n);
  });

  it('reads raw_data at any byte offset (views into a decoded file are unaligned)', () => {
    const values = Float32Array.from([1.5, -2.25, 3.125]);
    const shifted = new Uint8Array(13);
    shifted.set(new Uint8Array(values.buffer), 1);
    const tensor = onnx.TensorProto.create({ name: 't', dataType: 1, dims: [3], rawData: shifted.subarray(1) });
    expect(Array.from(tensorValues(tensor) as Float32Array)).toEqual([1.5, -2.25, 3.125]);
  });

  it('every numeric dtype survives create -> encode -> decode -> read', () => {
    const cases: [Parameters<typeof createTensor>[1], ArrayLike<number> | BigInt64Array | BigUint64Array][] = [
      ['float32', Float32Array.from([0.5, -1e-8, 3e38])],
      ['float64', Float64Array.from([Math.PI, -1e300])],
      ['int8', Int8Array.from([-128, 0, 127])],
      ['uint8', Uint8Array.from([0, 255])],
      ['int16', Int16Array.from([-32768, 32767])],
      ['uint16', Uint16Array.from([65535, 1])],
      ['int32', Int32Array.from([-(2 ** 31), 2 ** 31 - 1])],
      ['uint32', Uint32Array.from([2 ** 32 - 1, 0])],
      ['uint64', BigUint64Array.from([2n ** 64n - 1n, 5n])],
      ['bool', Uint8Array.from([1, 0, 1])],
      ['uint2', Uint8Array.from([3, 0, 2, 1, 3])],
    ];
    for (const [dtype, values] of cases) {
      const read = tensorValues(viaProtobuf(createTensor(dtype, dtype, [values.length], values as Float32Array)));
      expect(Array.from(read as ArrayLike<unknown>), dtype).toEqual(Array.from(values as ArrayLike<unknown>));
    }
  });
});

describe('typed fields (what older exporters write instead of raw_data)', () => {
  it('float_data', () => {
    const tensor = viaProtobuf({ name: 'f', dataType: 1, dims: [2, 2], floatData: [1, -2, 0.5, 8] });
    expect(Array.from(tensorValues(tensor) as Float32Array)).toEqual([1, -2, 0.5, 8]);
    expect(tensorBytes(tensor)).toEqual(new Uint8Array(Float32Array.from([1, -2, 0.5, 8]).buffer));
  });

  it('int32_data carries float16/bfloat16 bits, int8/uint8/int16/uint16/bool values and packed 4-bit bytes', () => {
    const read = (dataType: number, dims: number[], int32Data: number[]) => tensorValues(viaProtobuf({ name: 't', dataType, dims, int32Data }));
    expect(Array.from(tensorToFloat32(viaProtobuf({ name: 'h', dataType: 10, dims: [2], int32Data: [0x3c00, 0xc000] })))).toEqual([1, -2]);
    expect(Array.from(tensorToFloat32(viaProtobuf({ name: 'b', dataType: 16, dims: [1], int32Data: [0x3f80] })))).toEqual([1]);
    expect(Array.from(read(3, [3], [-128, -1, 127]) as Int8Array)).toEqual([-128, -1, 127]);
    expect(Array.from(read(2, [2], [255, 7]) as Uint8Array)).toEqual([255, 7]);
    expect(Array.from(read(5, [2], [-300, 300]) as Int16Array)).toEqual([-300, 300]);
    expect(Array.from(read(4, [1], [65535]) as Uint16Array)).toEqual([65535]);
    expect(Array.from(read(9, [2], [1, 0]) as Uint8Array)).toEqual([1, 0]);
    expect(Array.from(read(22, [3], [0xe1, 0x03]) as Int8Array)).toEqual([1, -2, 3]);
    expect(Array.from(read(6, [2], [-5, 2 ** 31 - 1]) as Int32Array)).toEqual([-5, 2 ** 31 - 1]);
  });

  it('int64_data (decoded as Long), double_data and uint64_data', () => {
    const int64 = viaProtobuf({ name: 'i', dataType: 7, dims: [3], int64Data: [-1, 2 ** 40, 7] });
    expect(typeof int64.int64Data[0]).toBe('object'); // protobufjs Long, the case real files give
    expect(Array.from(tensorValues(int64) as BigInt64Array)).toEqual([-1n, 2n ** 40n, 7n]);
    expect(Array.from(tensorValues(viaProtobuf({ name: 'd', dataType: 11, dims: [1], doubleData: [Math.E] })) as Float64Array)).toEqual([Math.E]);
    expect(Array.from(tensorValues(viaProtobuf({ name: 'u', dataType: 12, dims: [2], uint64Data: [4294967295, 3] })) as Uint32Array)).toEqual([4294967295, 3]);
    expect(Array.from(tensorValues(tensorFromInt64('s', [2], [-1, 64])) as BigInt64Array)).toEqual([-1n, 64n]);
  });
});

describe('typed errors', () => {
  it('data that does not match the shape', () => {
    expect(() => tensorValues({ name: 'w', dataType: 1, dims: [4], rawData: new Uint8Array(12) })).toThrow(InvalidOnnxModelError);
    expect(() => tensorValues({ name: 'w', dataType: 1, dims: [4], floatData: [1, 2] })).toThrow(/holds 2 float_data values but its shape \[4\] needs 4/);
    expect(() => tensorValues({ name: 'w', dataType: 1, dims: [2, -3] })).toThrow(InvalidOnnxModelError);
    expect(() => tensorLayout({ name: 'w', dataType: 1, dims: [2 ** 30, 2 ** 30] })).toThrow(InvalidOnnxModelError);
  });

  it('dtypes it cannot read', () => {
    expect(() => tensorValues({ name: 's', dataType: 8, dims: [1], stringData: [new Uint8Array([65])] })).toThrow(UnsupportedDtypeError);
    expect(() => tensorValues({ name: 'f8', dataType: 17, dims: [1], rawData: new Uint8Array([1]) })).toThrow(UnsupportedDtypeError);
    expect(() => tensorValues({ name: 'x', dataType: 99, dims: [1], rawData: new Uint8Array([1]) })).toThrow(/data type code 99/);
  });

  it('builders refuse values that do not fit', () => {
    expect(() => createTensor('q', 'int4', [1], [8])).toThrow(InvalidArgumentError);
    expect(() => createTensor('q', 'float32', [2], Float32Array.from([1]))).toThrow(InvalidArgumentError);
    expect(() => createTensor('h', 'float16', [1], Float32Array.from([1]))).toThrow(/Uint16Array/);
    expect(() => createTensorFromBytes('b', 'float32', [2], new Uint8Array(7))).toThrow(InvalidArgumentError);
  });
});
