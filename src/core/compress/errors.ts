// Typed errors of the compression engine: a recipe that cannot run as written (RecipeError, code
// 'recipe', names the field and the bad value) and a model the engine cannot compress as asked
// (CompressError, code 'compress'). Both are registered to survive the compress worker boundary.
import { LabError, registerErrorClass } from '../errors.ts';

export class RecipeError extends LabError {
  override name = 'RecipeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('recipe', message, options);
  }
}

export class CompressError extends LabError {
  override name = 'CompressError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('compress', message, options);
  }
}

registerErrorClass('RecipeError', RecipeError);
registerErrorClass('CompressError', CompressError);
