// The recipe builder's state: ordered step drafts (add, remove, move), an optional name, the Recipe
// derived from them and validated by the engine (its message shown in place), and JSON import and
// export. Starts as one q4 block-32 step, the common first try.
import { parseRecipe, summarizeRecipe } from '../../../core/compress/recipe.ts';
import type { StepKind } from '../../../core/compress-ui/explanations.ts';
import { draftsToRecipe, insertionIndex, moveItem, newStepDraft, stepToDraft, type StepDraft, type ValidatedRecipe } from '../../../core/compress-ui/recipe-draft.ts';
import { describeError } from '../../describe-error.ts';

let nextId = 1;

export class RecipeBuilder {
  steps = $state<StepDraft[]>([newStepDraft('quantize', nextId++)]);
  name = $state('');
  /** What the JSON box holds: the recipe when exported, or what the person pasted. */
  json = $state('');
  #importError = $state<string | null>(null);

  get importError() { return this.#importError; }

  readonly validated: ValidatedRecipe = $derived(draftsToRecipe(this.name, this.steps));
  readonly summary: string = $derived(this.validated.recipe ? summarizeRecipe(this.validated.recipe) : '');

  add(kind: StepKind): void {
    const at = insertionIndex(this.steps, kind);
    this.steps = [...this.steps.slice(0, at), newStepDraft(kind, nextId++), ...this.steps.slice(at)];
  }

  remove(id: number): void {
    this.steps = this.steps.filter((step) => step.id !== id);
  }

  move(id: number, delta: -1 | 1): void {
    this.steps = moveItem(this.steps, this.steps.findIndex((step) => step.id === id), delta);
  }

  /** Fills the JSON box with the current recipe (it is valid, or there is nothing to export). */
  exportJson(): void {
    this.#importError = null;
    if (this.validated.recipe) this.json = JSON.stringify(this.validated.recipe, null, 2);
  }

  /** Replaces the steps with the recipe in the JSON box; a bad recipe leaves them as they were. */
  importJson(): void {
    try {
      const recipe = parseRecipe(this.json, 'The recipe JSON');
      this.steps = recipe.steps.map((step) => stepToDraft(step, nextId++));
      this.name = recipe.name ?? '';
      this.#importError = null;
    } catch (error) {
      this.#importError = describeError(error);
    }
  }
}

/** The page's builder, kept across navigation. */
export const recipeBuilder = new RecipeBuilder();
