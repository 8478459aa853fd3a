// Cross-checks tensor decoding on files written by the onnx project's own tooling: for each
// onnx-node case, the input/output .pb TensorProtos are read by our reader, onnxruntime runs the
// model on those inputs and must reproduce output_N.pb; the decode->encode round trip of the model
// must give bit-identical outputs. Cases onnxruntime cannot run (float8, float4, int2) are checked
// by recomputing (De)QuantizeLinear in float64 from the decoded values instead.
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../../../../src/core/onnx/codec.ts';
import { UnsupportedDtypeError } from '../../../../src/core/onnx/errors.ts';
import { float16ArrayToFloat32 } from '../../../../src/core/onnx/float16.ts';
import { inspectModel } from '../../../../src/core/onnx/inspect.ts';
import { tensorBytes, tensorLayout } from '../../../../src/core/onnx/tensor-bytes.ts';
import { tensorToFloat32, tensorValues } from '../../../../src/core/onnx/tensor-values.ts';
import type { OrtTensor } from '../../../../src/core/runtime/ort.ts';
import { nodeFixtures, ortBytes, ortCanHold, readBytes, readTensorFile, runOnce, toOrtTensor, worstViolation, type NodeFixture } from './helpers.ts';

const fixtures = nodeFixtures();

function ortToFloat32(tensor: OrtTensor): Float32Array {
  if (tensor.type === 'float16') return float16ArrayToFloat32(tensor.data as Uint16Array);
  return Float32Array.from(tensor.data as Float32Array);
}

/** Compares one onnxruntime output with the expected TensorProto (decoded by our reader). */
function expectMatches(actual: OrtTensor, expectedFile: string): void {
  const expected = readTensorFile(expectedFile);
  const { dtype, dims } = tensorLayout(expected);
  expect(actual.dims).toEqual(dims);
  expect(actual.type).toBe(dtype);
  if (dtype === 'float32' || dtype === 'float16') {
    // Tolerances of onnx's backend test runner (rtol 1e-3), looser for float16 arithmetic.
    const [rtol, atol] = dtype === 'float16' ? [1e-2, 1e-3] : [1e-3, 1e-5];
    expect(worstViolation(ortToFloat32(actual), tensorToFloat32(expected), rtol, atol)).toBe(0);
  } else {
    expect(ortBytes(actual)).toEqual(tensorBytes(expected));
  }
}

async function runFixture(model: Uint8Array, fixture: NodeFixture): Promise<Record<string, OrtTensor>> {
  const graph = decodeModel(model).graph!;
  const feeds = Object.fromEntries(fixture.inputs.map((file, i) => [graph.input![i]!.name!, toOrtTensor(readTensorFile(file))]));
  return runOnce(model, feeds);
}

const runnable = fixtures.filter((fixture) => [...fixture.inputs, ...fixture.outputs].every((file) => ortCanHold(readTensorFile(file))));

describe('onnx-node fixtures', () => {
  it('are all present (the checks below would pass vacuously otherwise)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(80);
    expect(runnable.length).toBeGreaterThanOrEqual(65);
  });

  it('every model decodes and inspects; inputs and outputs agree with the test data', () => {
    for (const fixture of fixtures) {
      const report = inspectModel(decodeModel(readBytes(fixture.model), { name: fixture.name }));
      expect(report.inputs.length, fixture.name).toBe(fixture.inputs.length);
      expect(report.outputs.length, fixture.name).toBe(fixture.outputs.length);
      fixture.inputs.forEach((file, i) => {
        const { dtype, dims } = tensorLayout(readTensorFile(file));
        expect(report.inputs[i]!.dtype, `${fixture.name} input ${i}`).toBe(dtype);
        expect(report.inputs[i]!.shape, `${fixture.name} input ${i}`).toEqual(dims);
      });
    }
  });

  it('onnxruntime reproduces output_N.pb from the decoded inputs; a re-encoded model gives identical outputs', async () => {
    let reencodedRuns = 0;
    for (const fixture of runnable) {
      const original = readBytes(fixture.model);
      const outputs = await runFixture(original, fixture);
      const names = (decodeModel(original).graph!.output ?? []).map((output) => output.name!);
      names.forEach((name, i) => expectMatches(outputs[name]!, fixture.outputs[i]!));
      // Most re-encode to the very same bytes (then outputs are identical by construction); run the others.
      const reencoded = encodeModel(decodeModel(original));
      if (Buffer.compare(reencoded, original) === 0) continue;
      reencodedRuns++;
      const roundTripped = await runFixture(reencoded, fixture);
      for (const name of names) expect(ortBytes(roundTripped[name]!), `${fixture.name} ${name}`).toEqual(ortBytes(outputs[name]!));
    }
    expect(reencodedRuns).toBeGreaterThanOrEqual(3); // e.g. the *_expanded models, whose repeated fields get packed
  }, 60_000);

  it('float8/float4 tensors are reported as unsupported rather than misread', () => {
    const input = readTensorFile(fixtures.find((fixture) => fixture.name === 'test_dequantizelinear_e4m3fn')!.inputs[0]!);
    expect(() => tensorValues(input)).toThrow(UnsupportedDtypeError);
    expect(tensorBytes(input)).toHaveLength(5); // bytes are still readable: one per float8 element
  });
});

/** Round half to even, as QuantizeLinear specifies. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

describe('2-bit fixtures (onnxruntime cannot run them): values checked against the operator formula', () => {
  const load = (name: string) => {
    const fixture = fixtures.find((candidate) => candidate.name === name)!;
    return { inputs: fixture.inputs.map(readTensorFile), output: readTensorFile(fixture.outputs[0]!) };
  };

  it.each(['test_dequantizelinear_int2', 'test_dequantizelinear_uint2', 'test_dequantizelinear_int4', 'test_dequantizelinear_uint4'])('%s: y = (x - zero_point) * scale', (name) => {
    const { inputs, output } = load(name);
    const [x, scale, zeroPoint] = inputs.map((tensor) => Array.from(tensorValues(tensor), Number));
    const expected = x!.map((value) => Math.fround((value - zeroPoint![0]!) * scale![0]!));
    expect(Array.from(tensorToFloat32(output))).toEqual(expected);
    expect(new Set(x).size).toBeGreaterThan(2); // the decoded values are not all the same
  });

  it.each([
    ['test_quantizelinear_int2', -2, 1],
    ['test_quantizelinear_uint2', 0, 3],
    ['test_quantizelinear_int4', -8, 7],
    ['test_quantizelinear_uint4', 0, 15],
  ])('%s: y = clamp(round(x / scale) + zero_point) per row (axis 0)', (name, low, high) => {
    const { inputs, output } = load(name);
    const [x, scale, zeroPoint] = inputs.map((tensor) => Array.from(tensorValues(tensor), Number));
    const columns = x!.length / scale!.length;
    const expected = x!.map((value, i) => {
      const row = Math.floor(i / columns);
      return Math.min(high, Math.max(low, roundHalfEven(value / scale![row]!) + zeroPoint![row]!));
    });
    expect(Array.from(tensorValues(output), Number)).toEqual(expected);
  });
});
