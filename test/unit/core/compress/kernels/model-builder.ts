// Test helpers: build a small ONNX model with onnx-proto and compute float64 references. Running the
// model lives in ort-run.ts, so a test can pick which onnxruntime-web build executes it.
import { onnx } from 'onnx-proto';
import { SeededRandom } from '../../../../../src/core/models/seeded-random.ts';

const DataType = onnx.TensorProto.DataType;
export type ProtoDType = 'float32' | 'uint8' | 'int8' | 'int64' | 'int32';
const protoType: Record<ProtoDType, number> = {
  float32: DataType.FLOAT,
  uint8: DataType.UINT8,
  int8: DataType.INT8,
  int64: DataType.INT64,
  int32: DataType.INT32,
};

export interface Initializer {
  name: string;
  type: ProtoDType;
  dims: number[];
  data: ArrayBufferView;
}

export interface ValueInfo {
  name: string;
  type: ProtoDType;
  /** numbers or symbolic names */
  dims: (number | string)[];
}

export interface NodeSpec {
  opType: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number>;
}

function tensor(init: Initializer): onnx.ITensorProto {
  const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
  return onnx.TensorProto.create({ name: init.name, dataType: protoType[init.type], dims: init.dims, rawData: bytes.slice() });
}

function valueInfo(v: ValueInfo): onnx.IValueInfoProto {
  return onnx.ValueInfoProto.create({
    name: v.name,
    type: {
      tensorType: {
        elemType: protoType[v.type],
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

/** Encodes a model with opsets ai.onnx 21 and com.microsoft 1. */
export function buildModel(nodes: NodeSpec[], initializers: Initializer[], inputs: ValueInfo[], outputs: ValueInfo[]): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'kernel-test',
    opsetImport: [
      { domain: '', version: 21 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: {
      name: 'g',
      node: nodes.map((n, i) =>
        onnx.NodeProto.create({
          name: `n${i}`,
          opType: n.opType,
          domain: n.domain ?? '',
          input: n.inputs,
          output: n.outputs,
          attribute: Object.entries(n.attributes ?? {}).map(([name, i]) => ({ name, i, type: onnx.AttributeProto.AttributeType.INT })),
        }),
      ),
      initializer: initializers.map(tensor),
      input: inputs.map(valueInfo),
      output: outputs.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Deterministic pseudo-random numbers (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

/** Roughly normal values (sum of uniforms), scaled. */
export function randomMatrix(count: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (r() + r() + r() - 1.5) * scale;
  return out;
}

/** float64 A [M, K] @ B [K, N]. */
export function matmul64(A: ArrayLike<number>, B: ArrayLike<number>, M: number, K: number, N: number): Float64Array {
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      const a = A[m * K + k]!;
      if (a === 0) continue;
      for (let n = 0; n < N; n++) out[m * N + n]! += a * B[k * N + n]!;
    }
  }
  return out;
}

/** max |got - want| / max(max |want|, tiny): one relative error for the whole output. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-30;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return diff / scale;
}
