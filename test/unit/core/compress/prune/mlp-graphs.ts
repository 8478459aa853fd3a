// Small hand-built MLP graphs for structured pruning: a SwiGLU block found by structure with a
// Reshape and declared value_info inside, one found by Hugging Face names with a gate bias, and a
// GELU-free ReLU MLP that is not SwiGLU at all. Plus the float64 reference of a SwiGLU block.
import { buildModel, randomMatrix, type NodeSpec } from '../kernels/model-builder.ts';
import { decodeModel, encodeModel, onnx } from '../../../../../src/core/onnx/index.ts';

export const H = 8;
export const I = 12;
export const S = 5;

export interface MlpGraph {
  bytes: Uint8Array;
  gate: Float32Array;
  up: Float32Array;
  down: Float32Array;
  bias?: Float32Array;
  x: Float32Array;
}

function withValueInfo(bytes: Uint8Array, shapes: Record<string, number[]>): Uint8Array {
  const model = decodeModel(bytes);
  model.graph!.valueInfo = Object.entries(shapes).map(([name, dims]) =>
    onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } }),
  );
  return encodeModel(model);
}

/** x [1,S,H] -> gate/up MatMul -> SiLU * up -> Reshape [-1, I] -> down MatMul -> y [S,H]. */
export function structuralMlp(seed = 11): MlpGraph {
  const gate = randomMatrix(H * I, seed, 0.5);
  const up = randomMatrix(H * I, seed + 1, 0.5);
  const down = randomMatrix(I * H, seed + 2, 0.5);
  const nodes: NodeSpec[] = [
    { opType: 'MatMul', inputs: ['x', 'w_a'], outputs: ['g'] },
    { opType: 'Sigmoid', inputs: ['g'], outputs: ['s'] },
    { opType: 'Mul', inputs: ['s', 'g'], outputs: ['a'] },
    { opType: 'MatMul', inputs: ['x', 'w_b'], outputs: ['u'] },
    { opType: 'Mul', inputs: ['a', 'u'], outputs: ['p'] },
    { opType: 'Reshape', inputs: ['p', 'flat'], outputs: ['p2'] },
    { opType: 'MatMul', inputs: ['p2', 'w_c'], outputs: ['y'] },
  ];
  const bytes = buildModel(
    nodes,
    [
      { name: 'w_a', type: 'float32', dims: [H, I], data: gate },
      { name: 'w_b', type: 'float32', dims: [H, I], data: up },
      { name: 'w_c', type: 'float32', dims: [I, H], data: down },
      { name: 'flat', type: 'int64', dims: [2], data: BigInt64Array.from([-1n, BigInt(I)]) },
    ],
    [{ name: 'x', type: 'float32', dims: [1, S, H] }],
    [{ name: 'y', type: 'float32', dims: [S, H] }],
  );
  const shapes = { g: [1, S, I], s: [1, S, I], a: [1, S, I], u: [1, S, I], p: [1, S, I], p2: [S, I] };
  return { bytes: withValueInfo(bytes, shapes), gate, up, down, x: randomMatrix(S * H, seed + 3) };
}

/** HF-named weights; the gate has a bias Add, so only the names identify the block. */
export function namedMlpWithBias(seed = 21): MlpGraph {
  const gate = randomMatrix(H * I, seed, 0.5);
  const up = randomMatrix(H * I, seed + 1, 0.5);
  const down = randomMatrix(I * H, seed + 2, 0.5);
  const bias = randomMatrix(I, seed + 4, 0.5);
  const p = 'model.layers.0.mlp.';
  const nodes: NodeSpec[] = [
    { opType: 'MatMul', inputs: ['x', `${p}gate_proj.weight`], outputs: ['g0'] },
    { opType: 'Add', inputs: ['g0', 'gate_bias'], outputs: ['g'] },
    { opType: 'Sigmoid', inputs: ['g'], outputs: ['s'] },
    { opType: 'Mul', inputs: ['g', 's'], outputs: ['a'] },
    { opType: 'MatMul', inputs: ['x', `${p}up_proj.weight`], outputs: ['u'] },
    { opType: 'Mul', inputs: ['a', 'u'], outputs: ['q'] },
    { opType: 'MatMul', inputs: ['q', `${p}down_proj.weight`], outputs: ['y'] },
  ];
  const bytes = buildModel(
    nodes,
    [
      { name: `${p}gate_proj.weight`, type: 'float32', dims: [H, I], data: gate },
      { name: `${p}up_proj.weight`, type: 'float32', dims: [H, I], data: up },
      { name: `${p}down_proj.weight`, type: 'float32', dims: [I, H], data: down },
      { name: 'gate_bias', type: 'float32', dims: [I], data: bias },
    ],
    [{ name: 'x', type: 'float32', dims: [1, S, H] }],
    [{ name: 'y', type: 'float32', dims: [1, S, H] }],
  );
  return { bytes, gate, up, down, bias, x: randomMatrix(S * H, seed + 3) };
}

/** fc1 -> Relu -> fc2: an MLP, but not a gated one. */
export function reluMlp(): Uint8Array {
  return buildModel(
    [
      { opType: 'MatMul', inputs: ['x', 'fc1'], outputs: ['h'] },
      { opType: 'Relu', inputs: ['h'], outputs: ['r'] },
      { opType: 'MatMul', inputs: ['r', 'fc2'], outputs: ['y'] },
    ],
    [
      { name: 'fc1', type: 'float32', dims: [H, I], data: randomMatrix(H * I, 1) },
      { name: 'fc2', type: 'float32', dims: [I, H], data: randomMatrix(I * H, 2) },
    ],
    [{ name: 'x', type: 'float32', dims: [1, S, H] }],
    [{ name: 'y', type: 'float32', dims: [1, S, H] }],
  );
}

/** float64 y [S, H] of the SwiGLU block using only the neurons in `kept`. */
export function swigluReference(graph: MlpGraph, kept: readonly number[]): Float64Array {
  const y = new Float64Array(S * H);
  for (let t = 0; t < S; t++) {
    for (const i of kept) {
      let g = graph.bias ? graph.bias[i]! : 0;
      let u = 0;
      for (let h = 0; h < H; h++) {
        g += graph.x[t * H + h]! * graph.gate[h * I + i]!;
        u += graph.x[t * H + h]! * graph.up[h * I + i]!;
      }
      const a = (g / (1 + Math.exp(-g))) * u;
      for (let h = 0; h < H; h++) y[t * H + h]! += a * graph.down[i * H + h]!;
    }
  }
  return y;
}
