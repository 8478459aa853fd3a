// Graph-level pruning, the entry the compress pipeline dispatches `prune` and `prune-neurons` recipe
// steps to. Unstructured and N:M steps zero weights in place (same shapes); neuron steps remove MLP
// neurons and shrink the graph. Rounding rule: see sparse.ts (floor per comparison group).
import type { CompressContext } from '../context.ts';
import type { CalibrationData, PruneNeuronsStep, PruneStep } from '../types.ts';
import { pruneNeurons } from './neurons.ts';
import type { PruneOutcome } from './outcome.ts';
import { pruneSparse } from './sparse.ts';

export { CalibrationMissingError, MlpNotFoundError, UnprunableWeightError } from './errors.ts';
export { findMlpBlocks, type MlpBlock } from './mlp-blocks.ts';
export type { PruneOutcome } from './outcome.ts';
export { isOutputProjection, selectPruneWeights } from './select.ts';

/** True when the step needs activation statistics (Wanda scores). */
export function pruneNeedsCalibration(step: PruneStep | PruneNeuronsStep): boolean {
  return step.kind === 'prune' ? step.method === 'wanda' : step.score === 'wanda';
}

export function applyPruneStep(context: CompressContext, step: PruneStep | PruneNeuronsStep, stepIndex: number, calibration: CalibrationData | null): Promise<PruneOutcome> {
  return step.kind === 'prune' ? pruneSparse(context, step, stepIndex, calibration) : pruneNeurons(context, step, stepIndex, calibration);
}
