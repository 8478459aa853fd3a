// Which recipes need calibration activations before they can run: Wanda pruning scores (weights
// times input norms), Wanda neuron scores, and AWQ's activation-aware scales.
import type { Recipe, RecipeStep } from '../types.ts';

export function stepNeedsCalibration(step: RecipeStep): boolean {
  switch (step.kind) {
    case 'prune':
      return step.method === 'wanda';
    case 'prune-neurons':
      return step.score === 'wanda';
    case 'quantize':
      return step.awq === true;
  }
}

export function recipeNeedsCalibration(recipe: Recipe): boolean {
  return recipe.steps.some(stepNeedsCalibration);
}
