// Structured pruning: removes whole MLP neurons of every SwiGLU block. Neuron i is column i of
// gate and up (MatMul [H, I]) and row i of down ([I, H]); the tensors shrink to I' = I - removed,
// and so does every shape inside the block, so the model is smaller on disk and faster on dense
// kernels. Scores per neuron ('l2' from the weights, 'wanda' from the down_proj input norms) and the
// count floor(sparsity * I + 1e-9) per layer come from the kernels (prune-structured.ts).
import { InvalidArgumentError } from '../../errors.ts';
import { MAX_SPARSITY, mlpNeuronScores, selectNeurons, sliceColumns, sliceRows, transpose } from '../kernels/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import type { CalibrationData, PruneNeuronsStep } from '../types.ts';
import { rewriteBlockConstants, rewriteValueInfo, sliceGemmBias } from './block-shapes.ts';
import { findMlpBlocks, type MlpBlock } from './mlp-blocks.ts';
import { yieldToEventLoop } from '../cancel.ts';
import { GraphIndex, parameterCount } from '../../onnx/index.ts';
import { tensorReport, type PruneOutcome } from './outcome.ts';
import { inputNorms } from './sparse.ts';


/** The weight as a [rows, cols] matrix in MatMul orientation ([K, N]); a transposed copy for 'nk'. */
function asKn(weight: LinearWeight, values: Float32Array): Float32Array {
  return weight.layout === 'kn' ? values : transpose(values, weight.N, weight.K);
}

/** Keeps the neurons `kept` along the weight's intermediate axis ('out' for gate/up, 'in' for down). */
function sliceNeurons(weight: LinearWeight, values: Float32Array, axis: 'out' | 'in', kept: Uint32Array): { values: Float32Array; dims: number[] } {
  const [rows, cols] = weight.layout === 'kn' ? [weight.K, weight.N] : [weight.N, weight.K];
  // In stored [rows, cols] the neuron axis is the columns when it is N of a 'kn' or K of an 'nk' weight.
  const neuronsAreColumns = (axis === 'out') === (weight.layout === 'kn');
  if (neuronsAreColumns) return { values: sliceColumns(values, rows, cols, kept), dims: [rows, kept.length] };
  return { values: sliceRows(values, rows, cols, kept), dims: [kept.length, cols] };
}

/** The original with removed neurons zeroed: the effect of the slice, for the error columns. */
function zeroRemoved(weight: LinearWeight, values: Float32Array, axis: 'out' | 'in', keep: Uint8Array): Float32Array {
  const out = values.slice();
  const [, cols] = weight.layout === 'kn' ? [weight.K, weight.N] : [weight.N, weight.K];
  const neuronsAreColumns = (axis === 'out') === (weight.layout === 'kn');
  for (let i = 0; i < out.length; i++) {
    const neuron = neuronsAreColumns ? i % cols : Math.floor(i / cols);
    if (!keep[neuron]) out[i] = 0;
  }
  return out;
}

function pruneBlock(context: CompressContext, block: MlpBlock, step: PruneNeuronsStep, stepIndex: number, calibration: CalibrationData | null, outcome: PruneOutcome): number {
  const I = block.intermediate;
  const parts = [
    { weight: block.gate, axis: 'out' as const, values: context.weightValues(block.gate.name) },
    { weight: block.up, axis: 'out' as const, values: context.weightValues(block.up.name) },
    { weight: block.down, axis: 'in' as const, values: context.weightValues(block.down.name) },
  ];
  const [gate, up, down] = parts.map((part) => asKn(part.weight, part.values)) as [Float32Array, Float32Array, Float32Array];
  const norms = step.score === 'wanda' ? inputNorms(block.down, calibration) : undefined;
  const scores = mlpNeuronScores({ gate, up, down, hidden: block.hidden, intermediate: I }, step.score, norms);
  const kept = selectNeurons(scores, step.sparsity);
  const keep = new Uint8Array(I);
  for (const i of kept) keep[i] = 1;
  for (const { weight, axis, values } of parts) {
    const sliced = sliceNeurons(weight, values, axis, kept);
    context.setWeightValues(weight.name, sliced.values, sliced.dims);
    const label = `neurons ${step.score} ${Math.round(step.sparsity * 1000) / 10}%`;
    const after = zeroRemoved(weight, values, axis, keep);
    outcome.tensors.push(tensorReport({ name: weight.name, stepIndex, method: label, dims: sliced.dims, dtype: weight.dtype, before: values, after, storedElements: sliced.values.length }));
  }
  for (const weight of [block.gate, block.up]) if (weight.op === 'Gemm') sliceGemmBias(context, weight.nodes[0]!, I, kept);
  rewriteBlockConstants(context, block, kept);
  rewriteValueInfo(context, block, kept.length);
  return kept.length;
}

export async function pruneNeurons(context: CompressContext, step: PruneNeuronsStep, stepIndex: number, calibration: CalibrationData | null): Promise<PruneOutcome> {
  if (!(step.sparsity >= 0 && step.sparsity <= MAX_SPARSITY)) throw new InvalidArgumentError(`Neuron sparsity must be between 0 and ${MAX_SPARSITY}, got ${step.sparsity}.`);
  if (step.score !== 'l2' && step.score !== 'wanda') throw new InvalidArgumentError(`Unknown neuron score '${String(step.score)}'; use l2 or wanda.`);
  const blocks = findMlpBlocks(context);
  const paramsBefore = parameterCount(context.graph, context.index);
  const outcome: PruneOutcome = { tensors: [], notes: [] };
  const widths: number[] = [];
  let neuronsBefore = 0;
  let mlpWeightsBefore = 0;
  let mlpWeightsAfter = 0;
  for (const [i, block] of blocks.entries()) {
    context.checkCancelled();
    const width = pruneBlock(context, block, step, stepIndex, calibration, outcome);
    widths.push(width);
    neuronsBefore += block.intermediate;
    mlpWeightsBefore += 3 * block.hidden * block.intermediate;
    mlpWeightsAfter += 3 * block.hidden * width;
    context.progress(stepIndex, block.down.name, i + 1, blocks.length, `removing MLP neurons: block ${i + 1} of ${blocks.length}`);
    await yieldToEventLoop();
  }
  context.refresh();
  const neuronsAfter = widths.reduce((a, b) => a + b, 0);
  const uniform = widths.every((w) => w === widths[0]) && blocks.every((b) => b.intermediate === blocks[0]!.intermediate);
  outcome.intermediateSize = uniform ? widths[0]! : null;
  outcome.intermediateSizes = widths;
  outcome.structure = {
    intermediateBefore: blocks[0]!.intermediate,
    intermediateAfter: widths[0]!,
    layers: blocks.length,
    paramsBefore,
    paramsAfter: parameterCount(context.graph, new GraphIndex(context.graph)),
  };
  outcome.sparsity = {
    target: step.sparsity,
    achieved: 1 - neuronsAfter / neuronsBefore,
    prunedWeights: mlpWeightsBefore - mlpWeightsAfter,
    totalWeights: mlpWeightsBefore,
  };
  outcome.notes.push(
    uniform
      ? `MLP width ${blocks[0]!.intermediate} -> ${widths[0]} in ${blocks.length} layers: set intermediate_size to ${widths[0]} in config.json.`
      : `MLP widths now differ per layer (${widths.join(', ')}); config.json cannot describe this with one intermediate_size.`,
  );
  return outcome;
}
