// Every quantizer on the real exports (/work/shared/fixtures/onnx-real): the output loads and runs in
// onnxruntime and its outputs stay close to the original's on the same feeds. Tolerance per method,
// as max |y' - y| / max |y| per output (random tiny weights, so these are loose structural checks;
// quality figures come from the demo teacher in teacher-quality.test.ts):
//   fp16 2e-3 · int8, q8 0.03 · q8dyn 0.05 · q4 0.3
import { describe, expect, it } from 'vitest';
import { compressModel } from '../../../../src/core/compress/index.ts';
import type { QuantizeStep } from '../../../../src/core/compress/types.ts';
import { decodeModel, float16ArrayToFloat32, float32ArrayToFloat16, inspectModel, onnx } from '../../../../src/core/onnx/index.ts';
import { OrtTensorClass, type OrtTensor } from '../../../../src/core/runtime/ort.ts';
import { readBytes, realFixture, realFixtureNames, runOnce } from '../onnx/helpers.ts';
import { relativeError, seededFloats } from './linear-models.ts';

const PAST = 2;
const SEQUENCE = 3;
const DIMENSIONS: Record<string, number> = { batch_size: 1, batch: 1, seq_len: SEQUENCE, max_seq_len_in_batch: SEQUENCE, past_seq_len: PAST, total_seq_len: PAST + SEQUENCE };

function feedsFor(bytes: Uint8Array): Record<string, OrtTensor> {
  const inputs = inspectModel(decodeModel(bytes), { stats: false }).inputs;
  return Object.fromEntries(inputs.map((input, i) => {
    const dims = input.shape!.map((dim) => (typeof dim === 'number' ? dim : DIMENSIONS[dim]!));
    const count = dims.reduce((a, b) => a * b, 1);
    const ints = Array.from({ length: count }, (_, j) => (/mask/.test(input.name) ? 1 : /position/.test(input.name) ? PAST + (j % SEQUENCE) : /token_type/.test(input.name) ? 0 : (j * 7 + 3) % 50));
    const data =
      input.dtype === 'float32' ? seededFloats(count, i + 1, 0.5)
      : input.dtype === 'float16' ? float32ArrayToFloat16(seededFloats(count, i + 1, 0.5))
      : input.dtype === 'int64' ? BigInt64Array.from(ints, (value) => BigInt(value))
      : Int32Array.from(ints);
    return [input.name, new OrtTensorClass(input.dtype as 'float32', data as Float32Array, dims)];
  }));
}

const values = (tensor: OrtTensor): Float32Array => (tensor.type === 'float16' ? float16ArrayToFloat32(tensor.data as Uint16Array) : (tensor.data as Float32Array));

const METHODS: { step: Omit<QuantizeStep, 'kind'>; tolerance: number }[] = [
  { step: { method: 'fp16' }, tolerance: 2e-3 },
  { step: { method: 'int8' }, tolerance: 0.03 },
  { step: { method: 'q8', blockSize: 128 }, tolerance: 0.03 },
  { step: { method: 'q8dyn' }, tolerance: 0.05 },
  { step: { method: 'q4', blockSize: 32 }, tolerance: 0.3 },
  { step: { method: 'q4', blockSize: 16, symmetric: false }, tolerance: 0.3 },
];

describe.each(realFixtureNames())('%s', (name) => {
  it('every quantizer\'s output runs in onnxruntime with outputs close to the original', async () => {
    const bytes = readBytes(realFixture(name));
    const feeds = feedsFor(bytes);
    const expected = await runOnce(bytes, feeds);
    for (const { step, tolerance } of METHODS) {
      const out = await compressModel({ model: bytes, name }, { version: 1, steps: [{ kind: 'quantize', ...step }] });
      const actual = await runOnce(out.model, feeds);
      for (const [output, tensor] of Object.entries(expected)) {
        expect(actual[output]!.type, `${step.method} ${output}`).toBe(tensor.type);
        expect(relativeError(values(actual[output]!), values(tensor)), `${JSON.stringify(step)} ${output}`).toBeLessThan(tolerance);
      }
      const decoded = decodeModel(out.model);
      // Every discovered linear weight was replaced (or, fp16, retyped): no float32 MatMul/Gemm weight is left.
      const floatWeights = (decoded.graph!.node ?? [])
        .filter((node) => (node.opType === 'MatMul' || node.opType === 'Gemm') && !node.domain)
        .map((node) => decoded.graph!.initializer!.find((tensor) => tensor.name === node.input![1]))
        .filter((tensor) => tensor && tensor.dataType === onnx.TensorProto.DataType.FLOAT);
      expect(floatWeights, JSON.stringify(step)).toEqual([]);
    }
  }, 60_000);
});

describe('float16 exports (qwen35, IR 10)', () => {
  it('keep float16 scales and activations, and IR 10', async () => {
    const bytes = readBytes(realFixture('genai_tiny-qwen35_decoder_fp16.onnx'));
    const out = await compressModel({ model: bytes }, { version: 1, steps: [{ kind: 'quantize', method: 'q4' }] });
    const decoded = decodeModel(out.model);
    expect(Number(decoded.irVersion)).toBe(10);
    const nbits = decoded.graph!.node!.filter((node) => node.opType === 'MatMulNBits');
    expect(nbits).toHaveLength(13);
    const scales = decoded.graph!.initializer!.find((tensor) => tensor.name === nbits[0]!.input![2]);
    expect(scales!.dataType).toBe(onnx.TensorProto.DataType.FLOAT16);
    expect(out.report.support.needsShaderF16OnWebgpu).toBe(true);
  });
});
