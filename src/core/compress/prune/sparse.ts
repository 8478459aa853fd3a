// Unstructured and N:M pruning of linear weights in the graph: scores are magnitude |W_kn| or Wanda
// |W_kn| * ||X_k||_2 (Sun et al., ICLR 2024) with X the activation feeding the weight, measured by
// calibration. Zeros are written back in the weight's own dtype (float32 or float16).
// Rounding rule (the kernels' own, so "achieved equals target" is exact): every comparison group of
// `size` weights prunes floor(sparsity * size + 1e-9). Groups: per-output = the K inputs of one
// output (Wanda's rule), per-tensor = the whole weight, global = all selected weights together.
// N:M prunes exactly M - N of every full group of M consecutive inputs of one output, and
// floor(r * (M - N) / M) of a last group of r < M inputs.
import { InvalidArgumentError } from '../../errors.ts';
import { MAX_SPARSITY, pruneNM, pruneUnstructured, wandaScores, type PruneTensor } from '../kernels/index.ts';
import type { CompressContext, LinearWeight } from '../context.ts';
import type { CalibrationData, PruneStep } from '../types.ts';
import { CalibrationMissingError, UnprunableWeightError } from './errors.ts';
import { yieldToEventLoop } from '../cancel.ts';
import { tensorReport, zeroCount, type PruneOutcome } from './outcome.ts';
import { selectPruneWeights } from './select.ts';

const PATTERNS = { '2:4': { n: 2, m: 4 }, '4:8': { n: 4, m: 8 } } as const;

/** The weight's Wanda input norms ||X_k||_2, float32 [K], or a typed error naming what is missing. */
export function inputNorms(weight: LinearWeight, calibration: CalibrationData | null): Float32Array {
  if (!calibration) {
    throw new CalibrationMissingError('Wanda scores need calibration activations, and none were collected. Run calibration on some text first (the Compress page and `llm-lab compress --calibration` do it).');
  }
  const stats = calibration.activations.get(weight.input);
  if (!stats) {
    throw new CalibrationMissingError(`The calibration data has no statistics for '${weight.input}', the input of weight '${weight.name}'. Collect calibration for every MatMul input (calibrationInputs) and try again.`);
  }
  if (stats.channels !== weight.K) {
    throw new CalibrationMissingError(`The calibration statistics of '${weight.input}' have ${stats.channels} features but weight '${weight.name}' has ${weight.K} inputs; they come from a different model.`);
  }
  return stats.l2Norm();
}

function checkStep(step: PruneStep): void {
  if (step.method !== 'magnitude' && step.method !== 'wanda') throw new InvalidArgumentError(`Unknown pruning method '${String(step.method)}'; use magnitude or wanda.`);
  if (step.pattern === 'unstructured') {
    if (!(step.sparsity >= 0 && step.sparsity <= MAX_SPARSITY)) throw new InvalidArgumentError(`Unstructured sparsity must be between 0 and ${MAX_SPARSITY}, got ${step.sparsity}.`);
  } else if (!(step.pattern in PATTERNS)) {
    throw new InvalidArgumentError(`Unknown sparsity pattern '${String(step.pattern)}'; use unstructured, 2:4 or 4:8.`);
  }
}

function methodLabel(step: PruneStep, scope: string): string {
  if (step.pattern !== 'unstructured') return `${step.method} ${step.pattern}`;
  return `${step.method} ${Math.round(step.sparsity * 1000) / 10}% ${scope}`;
}

interface Loaded {
  weight: LinearWeight;
  before: Float32Array;
  tensor: PruneTensor;
}

function load(context: CompressContext, weight: LinearWeight, step: PruneStep, calibration: CalibrationData | null): Loaded {
  const before = context.weightValues(weight.name);
  const norms = step.method === 'wanda' ? inputNorms(weight, calibration) : null;
  const tensor: PruneTensor = { weight: before.slice(), K: weight.K, N: weight.N, layout: weight.layout };
  if (norms) tensor.scores = wandaScores(tensor.weight, weight.K, weight.N, norms, weight.layout);
  return { weight, before, tensor };
}

export async function pruneSparse(context: CompressContext, step: PruneStep, stepIndex: number, calibration: CalibrationData | null): Promise<PruneOutcome> {
  checkStep(step);
  const weights = selectPruneWeights(context, step.select);
  if (weights.length === 0) {
    throw new UnprunableWeightError('The prune step selects no float MatMul/Gemm weight. Check its include/exclude patterns, or put it before any quantize step.');
  }
  const scope = step.scope ?? 'per-output';
  const label = methodLabel(step, scope);
  const outcome: PruneOutcome = { tensors: [], notes: [] };
  let zeros = 0;
  let total = 0;
  const finish = (item: Loaded, done: number) => {
    const { weight, before, tensor } = item;
    context.setWeightValues(weight.name, tensor.weight);
    const pruned = zeroCount(tensor.weight);
    zeros += pruned;
    total += tensor.weight.length;
    const dims = weight.layout === 'kn' ? [weight.K, weight.N] : [weight.N, weight.K];
    outcome.tensors.push(tensorReport({ name: weight.name, stepIndex, method: label, dims, dtype: weight.dtype, before, after: tensor.weight, storedElements: before.length, sparsity: pruned / before.length }));
    context.progress(stepIndex, weight.name, done, weights.length, `${label}: ${weight.name}`);
  };

  if (step.pattern === 'unstructured' && scope === 'global') {
    // One threshold over every selected weight: all of them are held as float32 at once.
    const loaded: Loaded[] = [];
    for (const weight of weights) {
      context.checkCancelled();
      loaded.push(load(context, weight, step, calibration));
      await yieldToEventLoop();
    }
    pruneUnstructured(loaded.map((item) => item.tensor), { sparsity: step.sparsity, scope: 'global' });
    loaded.forEach((item, i) => finish(item, i + 1));
  } else {
    for (const [i, weight] of weights.entries()) {
      context.checkCancelled();
      const item = load(context, weight, step, calibration);
      if (step.pattern === 'unstructured') pruneUnstructured([item.tensor], { sparsity: step.sparsity, scope });
      else pruneNM(item.tensor, PATTERNS[step.pattern]);
      finish(item, i + 1);
      await yieldToEventLoop();
    }
  }
  const target = step.pattern === 'unstructured' ? step.sparsity : 1 - PATTERNS[step.pattern].n / PATTERNS[step.pattern].m;
  outcome.sparsity = { target, achieved: total === 0 ? 0 : zeros / total, prunedWeights: zeros, totalWeights: total };
  // The pipeline adds the note that zeros only pay after compression; N:M deserves one more word.
  if (step.pattern !== 'unstructured') outcome.notes.push(`${step.pattern} is the pattern sparse tensor cores accelerate; onnxruntime-web runs it as a dense model of the same size.`);
  return outcome;
}
