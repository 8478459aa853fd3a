// Shared by the ONNX toolkit tests: fixture paths, TensorProto <-> onnxruntime tensors (through
// our own reader, so every comparison also tests it), running a model once, and comparisons.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTensorProto } from '../../../../src/core/onnx/codec.ts';
import { type ExternalDataFile } from '../../../../src/core/onnx/external-data.ts';
import { onnx } from '../../../../src/core/onnx/proto.ts';
import { tensorLayout } from '../../../../src/core/onnx/tensor-bytes.ts';
import { tensorValues } from '../../../../src/core/onnx/tensor-values.ts';
import { createSession, OrtTensorClass, runSession, type OrtTensor } from '../../../../src/core/runtime/ort.ts';
import { SeededRandom } from '../../../../src/core/models/seeded-random.ts';

export const NODE_FIXTURES = '/work/shared/fixtures/onnx-node';
export const REAL_FIXTURES = '/work/shared/fixtures/onnx-real';

export const realFixture = (name: string): string => join(REAL_FIXTURES, name);

export function realFixtureNames(): string[] {
  return readdirSync(REAL_FIXTURES).filter((name) => name.endsWith('.onnx')).sort();
}

export interface NodeFixture {
  name: string;
  model: string;
  inputs: string[];
  outputs: string[];
}

/** Every onnx-node case with its test_data_set_0 .pb files in index order. */
export function nodeFixtures(): NodeFixture[] {
  return readdirSync(NODE_FIXTURES)
    .filter((name) => name.startsWith('test_'))
    .sort()
    .map((name) => {
      const dataDir = join(NODE_FIXTURES, name, 'test_data_set_0');
      const files = existsSync(dataDir) ? readdirSync(dataDir) : [];
      const pick = (prefix: string): string[] =>
        files
          .filter((file) => file.startsWith(prefix))
          .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
          .map((file) => join(dataDir, file));
      return { name, model: join(NODE_FIXTURES, name, 'model.onnx'), inputs: pick('input_'), outputs: pick('output_') };
    });
}

export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

export const readTensorFile = (path: string): onnx.TensorProto => decodeTensorProto(readBytes(path), { name: path });

// The onnxruntime-web tensor types our dtype names map to one to one. int4/uint4 tensors can be
// built, but the wasm backend's run() refuses them as inputs or outputs ("unsupported type: int4").
const ORT_TYPES = new Set(['float32', 'float16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool']);

export function ortCanHold(tensor: onnx.ITensorProto): boolean {
  return ORT_TYPES.has(tensorLayout(tensor).dtype);
}

/** An onnxruntime tensor from a TensorProto, values read by our tensor reader. */
export function toOrtTensor(tensor: onnx.ITensorProto): OrtTensor {
  const { dtype, dims } = tensorLayout(tensor);
  return new OrtTensorClass(dtype as 'float32', tensorValues(tensor) as Float32Array, dims);
}

/** Creates a wasm session, runs it once, releases it. */
export async function runOnce(model: Uint8Array, feeds: Record<string, OrtTensor>, externalData: ExternalDataFile[] = []): Promise<Record<string, OrtTensor>> {
  const { session } = await createSession(model, 'wasm', externalData);
  try {
    return await runSession(session, feeds);
  } finally {
    await session.release();
  }
}

/** Bytes of an onnxruntime output (exact comparison). */
export function ortBytes(tensor: OrtTensor): Uint8Array {
  const data = tensor.data as ArrayBufferView;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Largest violation of |a - b| <= atol + rtol * |b| (0 when all within tolerance). */
export function worstViolation(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue; // also equal infinities
    worst = Math.max(worst, Math.abs(a - b) - (atol + rtol * Math.abs(b)));
  }
  return worst;
}

/** Deterministic PRNG (mulberry32): tests that use randomness stay reproducible. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
