// External data: the writer's layout (which tensors move, aligned offsets, the entries it
// writes), reading back through a resolver, and the typed errors for a missing, short or
// mismatched data file. onnxruntime running written models: runtime-equivalence.test.ts.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../../src/core/errors.ts';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { ExternalDataError } from '../../../../src/core/onnx/errors.ts';
import { externalDataFromFiles, externalDataRef, isExternal } from '../../../../src/core/onnx/external-data.ts';
import { writeModelWithExternalData } from '../../../../src/core/onnx/external-data-write.ts';
import { onnx } from '../../../../src/core/onnx/proto.ts';
import { tensorBytes } from '../../../../src/core/onnx/tensor-bytes.ts';
import { tensorValues } from '../../../../src/core/onnx/tensor-values.ts';
import { buildLinearModel, buildTwoWeightModel } from './models.ts';

const byName = (model: onnx.IModelProto, name: string) => model.graph!.initializer!.find((tensor) => tensor.name === name)!;

describe('writeModelWithExternalData', () => {
  const model = buildTwoWeightModel();
  const written = writeModelWithExternalData(model, { location: 'linear.onnx_data', sizeThreshold: 1024 });
  const decoded = decodeModel(written.model);

  it('moves exactly the initializers of at least sizeThreshold bytes, at aligned offsets', () => {
    expect(written.files.map((file) => file.path)).toEqual(['linear.onnx_data']);
    expect(decoded.graph!.initializer!.filter(isExternal).map((tensor) => tensor.name)).toEqual(['W', 'W2']);
    const w = externalDataRef(byName(decoded, 'W'));
    const w2 = externalDataRef(byName(decoded, 'W2'));
    expect(w).toEqual({ location: 'linear.onnx_data', offset: 0, length: 64 * 32 * 4 });
    expect(w2).toEqual({ location: 'linear.onnx_data', offset: 64 * 32 * 4, length: 32 * 32 * 4 }); // 8192 is a multiple of 64
    expect(written.files[0]!.data.length).toBe(w2.offset + w2.length!);
    expect(byName(decoded, 'W').rawData).toHaveLength(0);
    expect(byName(decoded, 'b').floatData).toHaveLength(32); // small tensors keep their storage
  });

  it('reads the moved tensors back through a resolver, and leaves the input model untouched', () => {
    const resolve = externalDataFromFiles(written.files);
    expect(tensorValues(byName(decoded, 'W2'), resolve)).toEqual(tensorValues(byName(model, 'W2')));
    expect(byName(model, 'W').rawData).toHaveLength(64 * 32 * 4);
  });

  it('honours a larger alignment', () => {
    const paged = writeModelWithExternalData(model, { sizeThreshold: 1024, alignment: 4096 });
    const offsets = decodeModel(paged.model).graph!.initializer!.filter(isExternal).map((tensor) => externalDataRef(tensor).offset);
    expect(offsets).toEqual([0, 8192]);
    const odd = writeModelWithExternalData(model, { sizeThreshold: 100, alignment: 3000 });
    for (const tensor of decodeModel(odd.model).graph!.initializer!.filter(isExternal)) expect(externalDataRef(tensor).offset % 3000).toBe(0);
  });

  it('writing an external-data model again with a high threshold brings every tensor back inline', () => {
    const inline = writeModelWithExternalData(decoded, { sizeThreshold: 1e9, externalData: externalDataFromFiles(written.files) });
    expect(inline.files).toEqual([]);
    const back = decodeModel(inline.model);
    expect(back.graph!.initializer!.some(isExternal)).toBe(false);
    expect(new Uint8Array(tensorBytes(byName(back, 'W')))).toEqual(new Uint8Array(tensorBytes(byName(model, 'W'))));
  });

  it('refuses a location outside the model folder', () => {
    expect(() => writeModelWithExternalData(model, { location: '../x.bin' })).toThrow(InvalidArgumentError);
    expect(() => writeModelWithExternalData(model, { location: '/etc/x.bin' })).toThrow(InvalidArgumentError);
  });
});

describe('reading external data: typed errors', () => {
  const written = writeModelWithExternalData(buildLinearModel(), { location: 'w.bin', sizeThreshold: 1024 });
  const weight = byName(decodeModel(written.model), 'W');
  const data = written.files[0]!.data;

  it('missing file', () => {
    expect(() => tensorValues(weight)).toThrow(ExternalDataError);
    expect(() => tensorValues(weight, () => undefined)).toThrow(/keeps its data in 'w.bin', which was not provided/);
  });

  it('file shorter than offset + length (a cut-off download)', () => {
    const short = externalDataFromFiles([{ path: 'w.bin', data: data.subarray(0, 1000) }]);
    expect(() => tensorValues(weight, short)).toThrow(/needs bytes 0\.\.8192 of 'w.bin', but that file has only 1000 bytes/);
  });

  it('declared length that does not match the shape, and entries that are not numbers', () => {
    const resolve = externalDataFromFiles(written.files);
    const withEntry = (key: string, value: string) =>
      onnx.TensorProto.create({ ...weight, externalData: weight.externalData!.map((entry) => (entry.key === key ? { key, value } : entry)) });
    expect(() => tensorValues(withEntry('length', '100'), resolve)).toThrow(/declares 100 bytes in 'w.bin' but its shape and type need 8192/);
    expect(() => tensorValues(withEntry('offset', '-5'), resolve)).toThrow(ExternalDataError);
    expect(() => tensorValues(withEntry('location', ''), resolve)).toThrow(/names no file/);
  });
});
