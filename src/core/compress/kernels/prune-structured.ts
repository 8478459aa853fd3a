// Structured pruning of MLP neurons (intermediate channels) of a SwiGLU block
//   y = (silu(x @ gate) * (x @ up)) @ down,  gate/up float32 [H, I], down float32 [I, H] (MatMul layout).
// Removing neuron i deletes column i of gate and up and row i of down: the matrices shrink, so dense
// kernels get faster and files smaller (unlike unstructured zeros). Slicing returns NEW arrays.
// Scores per neuron i:
//   'l2'    ||gate[:, i]||_2 * ||up[:, i]||_2 * ||down[i, :]||_2, a bound on how much the neuron can
//           change y for a unit input (|silu(z)| <= |z|), from the weights alone;
//   'wanda' ||a_i||_2 * sum_h |down[i, h]|, Wanda's |W| * ||X|| aggregated over the down_proj input
//           channel i, with a_i the down_proj input (the gated activation) over calibration tokens.
// Exact count: floor(sparsity * I) neurons removed (prunedCount), lowest scores first, ties broken
// by index (lower index removed first); kept indices are returned ascending.
import { InvalidArgumentError } from '../../errors.ts';
import { prunedCount } from './prune-select.ts';
import { MAX_SPARSITY } from './prune-unstructured.ts';
import { assertFraction, assertLength, assertMatrix } from './validate.ts';

export interface MlpWeights {
  /** float32 [hidden, intermediate] */
  gate: Float32Array;
  /** float32 [hidden, intermediate] */
  up: Float32Array;
  /** float32 [intermediate, hidden] */
  down: Float32Array;
  hidden: number;
  intermediate: number;
}

export type NeuronScore = 'l2' | 'wanda';

function validateMlp(mlp: MlpWeights): void {
  assertMatrix('gate_proj', mlp.gate, mlp.hidden, mlp.intermediate);
  assertMatrix('up_proj', mlp.up, mlp.hidden, mlp.intermediate);
  assertMatrix('down_proj', mlp.down, mlp.intermediate, mlp.hidden);
}

/** One score per neuron, float64 [intermediate]. 'wanda' needs downInputNorm float32 [intermediate]. */
export function mlpNeuronScores(mlp: MlpWeights, method: NeuronScore, downInputNorm?: Float32Array): Float64Array {
  validateMlp(mlp);
  const { hidden: H, intermediate: I } = mlp;
  const scores = new Float64Array(I);
  if (method === 'wanda') {
    if (!downInputNorm) throw new InvalidArgumentError("neuron score 'wanda' needs the L2 norms of the down_proj input over calibration tokens.");
    assertLength('down_proj input norms', downInputNorm, I);
    for (let i = 0; i < I; i++) {
      let sum = 0;
      for (let h = 0; h < H; h++) sum += Math.abs(mlp.down[i * H + h]!);
      scores[i] = sum * downInputNorm[i]!;
    }
    return scores;
  }
  const gate = new Float64Array(I);
  const up = new Float64Array(I);
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < I; i++) {
      gate[i]! += mlp.gate[h * I + i]! ** 2;
      up[i]! += mlp.up[h * I + i]! ** 2;
    }
  }
  for (let i = 0; i < I; i++) {
    let down = 0;
    for (let h = 0; h < H; h++) down += mlp.down[i * H + h]! ** 2;
    scores[i] = Math.sqrt(gate[i]! * up[i]! * down);
  }
  return scores;
}

/** Indices of the neurons to keep (ascending, Uint32Array) after removing floor(sparsity * I). */
export function selectNeurons(scores: Float64Array, sparsity: number): Uint32Array {
  assertFraction('sparsity', sparsity, MAX_SPARSITY);
  for (const s of scores) if (!(s >= 0 && s < Infinity)) throw new InvalidArgumentError('neuron scores must be finite and non-negative; check the weights and activation statistics.');
  const order = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const removed = prunedCount(sparsity, scores.length);
  return Uint32Array.from(order.slice(removed)).sort();
}

/** Columns `kept` of W float32 [rows, cols] -> new float32 [rows, kept.length]. */
export function sliceColumns(W: Float32Array, rows: number, cols: number, kept: Uint32Array): Float32Array {
  assertMatrix('sliced matrix', W, rows, cols);
  const out = new Float32Array(rows * kept.length);
  for (let r = 0; r < rows; r++) for (let j = 0; j < kept.length; j++) out[r * kept.length + j] = W[r * cols + kept[j]!]!;
  return out;
}

/** Rows `kept` of W float32 [rows, cols] -> new float32 [kept.length, cols]. */
export function sliceRows(W: Float32Array, rows: number, cols: number, kept: Uint32Array): Float32Array {
  assertMatrix('sliced matrix', W, rows, cols);
  const out = new Float32Array(kept.length * cols);
  kept.forEach((r, j) => out.set(W.subarray(r * cols, (r + 1) * cols), j * cols));
  return out;
}

/** The MLP with only the kept neurons: gate/up [H, kept], down [kept, H], as new arrays. */
export function sliceMlp(mlp: MlpWeights, kept: Uint32Array): MlpWeights {
  validateMlp(mlp);
  for (const i of kept) if (i >= mlp.intermediate) throw new InvalidArgumentError(`neuron index ${i} is outside the intermediate size ${mlp.intermediate}.`);
  return {
    gate: sliceColumns(mlp.gate, mlp.hidden, mlp.intermediate, kept),
    up: sliceColumns(mlp.up, mlp.hidden, mlp.intermediate, kept),
    down: sliceRows(mlp.down, mlp.intermediate, mlp.hidden, kept),
    hidden: mlp.hidden,
    intermediate: kept.length,
  };
}
