// Everything the toolkit writes, run in onnxruntime (all runtime checks live in this one file, so
// the wasm runtime starts once): each real export and its copy re-encoded by decodeModel ->
// writeModelWithExternalData (every initializer of 128 bytes or more moved to a .onnx_data file)
// must compute bit-identical outputs. That copy is also each export's decode -> encode round trip;
// a separate session for the plain round trip would add ~6 s for the 2,848-node gpt2 export alone,
// and the structure is compared field by field in codec.test.ts. Same for a built model with two
// external weights, and for a model whose IR 10 node fields the IR 8 schema drops.
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { externalDataFromFiles } from '../../../../src/core/onnx/external-data.ts';
import { writeModelWithExternalData } from '../../../../src/core/onnx/external-data-write.ts';
import { float32ArrayToFloat16 } from '../../../../src/core/onnx/float16.ts';
import { inspectModel } from '../../../../src/core/onnx/inspect.ts';
import type { onnx } from '../../../../src/core/onnx/proto.ts';
import { summarizeValue } from '../../../../src/core/onnx/value-info.ts';
import { OrtTensorClass, type OrtTensor } from '../../../../src/core/runtime/ort.ts';
import { ortBytes, readBytes, realFixture, realFixtureNames, runOnce } from './helpers.ts';
import { buildTwoWeightModel, linearModelWithIr10NodeFields, randomFloats } from './models.ts';

const PAST = 2;
const SEQUENCE = 3;
// Sizes for the symbolic dimensions these exports use.
const DIMENSIONS: Record<string, number> = {
  batch_size: 1,
  batch: 1,
  seq_len: SEQUENCE,
  max_seq_len_in_batch: SEQUENCE,
  past_seq_len: PAST,
  total_seq_len: PAST + SEQUENCE,
};

function valuesFor(name: string, dtype: string, count: number, seed: number): Float32Array | Int32Array | BigInt64Array | Uint16Array {
  const integers = (make: (i: number) => number): number[] => Array.from({ length: count }, (_, i) => make(i));
  if (dtype === 'float32') return randomFloats(count, seed, 0.5);
  if (dtype === 'float16') return float32ArrayToFloat16(randomFloats(count, seed, 0.5));
  let ints: number[];
  if (/mask/.test(name)) ints = integers(() => 1);
  else if (/position/.test(name)) ints = integers((i) => PAST + (i % SEQUENCE));
  else if (/token_type/.test(name)) ints = integers(() => 0);
  else ints = integers((i) => (i * 7 + 3) % 50); // token ids below every fixture's vocabulary size
  return dtype === 'int64' ? BigInt64Array.from(ints, (value) => BigInt(value)) : Int32Array.from(ints);
}

function feedsFor(model: onnx.ModelProto): Record<string, OrtTensor> {
  const inputs = inspectModel(model, { stats: false }).inputs;
  return Object.fromEntries(
    inputs.map((input, i) => {
      const dims = input.shape!.map((dim) => (typeof dim === 'number' ? dim : DIMENSIONS[dim]!));
      const count = dims.reduce((a, b) => a * b, 1);
      return [input.name, new OrtTensorClass(input.dtype as 'float32', valuesFor(input.name, input.dtype, count, i + 1) as Float32Array, dims)];
    }),
  );
}

describe.each(realFixtureNames())('%s in onnxruntime', (name) => {
  it('re-encoded with external data, it gives bit-identical outputs', async () => {
    const original = readBytes(realFixture(name));
    const model = decodeModel(original);
    const feeds = feedsFor(model);
    const expected = await runOnce(original, feeds);
    const outputNames = model.graph!.output!.map((output) => output.name!);
    expect(Object.keys(expected).sort()).toEqual([...outputNames].sort());

    const written = writeModelWithExternalData(model, { location: 'weights.onnx_data', sizeThreshold: 128 });
    const external = await runOnce(written.model, feeds, written.files);
    for (const output of outputNames) expect(ortBytes(external[output]!), output).toEqual(ortBytes(expected[output]!));

    // The written model holds only small tensors inline and reads back to the same statistics.
    expect(written.model.length).toBeLessThan(original.length);
    const before = inspectModel(model);
    const after = inspectModel(decodeModel(written.model), { externalData: externalDataFromFiles(written.files) });
    expect(after.initializers.map(({ storage: _, ...rest }) => rest)).toEqual(before.initializers.map(({ storage: _, ...rest }) => rest));
    expect(after.initializers.filter((tensor) => tensor.storage === 'external').length).toBeGreaterThan(0);
    expect(model.graph!.output!.map(summarizeValue)).toEqual(after.outputs);
  }, 30_000);
});

describe('built models in onnxruntime', () => {
  it('external data written for two weights gives bit-identical outputs', async () => {
    const model = buildTwoWeightModel();
    const written = writeModelWithExternalData(model, { location: 'linear.onnx_data', sizeThreshold: 1024 });
    const x = new OrtTensorClass('float32', randomFloats(2 * 64, 11), [2, 64]);
    const inline = await runOnce(encodeModel(model), { x });
    const external = await runOnce(written.model, { x }, written.files);
    expect(external['z']!.dims).toEqual([2, 32]);
    expect(ortBytes(external['z']!)).toEqual(ortBytes(inline['z']!));
  });

  it('dropping IR 10 node fields on re-encode does not change what onnxruntime computes', async () => {
    const ir10Bytes = linearModelWithIr10NodeFields();
    const x = new OrtTensorClass('float32', randomFloats(3 * 64, 7), [3, 64]);
    const before = await runOnce(ir10Bytes, { x });
    const after = await runOnce(encodeModel(decodeModel(ir10Bytes)), { x });
    expect(before['y']!.dims).toEqual([3, 32]);
    expect(ortBytes(after['y']!)).toEqual(ortBytes(before['y']!));
  });
});
