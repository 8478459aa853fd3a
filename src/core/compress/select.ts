// Tensor selection of a recipe step: include and exclude patterns (JavaScript regular expressions
// matched anywhere in the initializer name, e.g. 'lm_head' or '^model\.embed') and a minimum size.
// Exclude wins over include; no include list means every tensor. Patterns are checked when the
// recipe is validated, so compiling here cannot fail for a validated recipe.
import type { TensorSelection } from './types.ts';

/** Compiles a pattern; throws SyntaxError for an invalid one (recipe validation reports it). */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern);
}

export function selectionMatcher(select: TensorSelection | undefined): (name: string, elements: number) => boolean {
  const include = (select?.include ?? []).map(compilePattern);
  const exclude = (select?.exclude ?? []).map(compilePattern);
  const minElements = select?.minElements ?? 0;
  return (name, elements) => {
    if (elements < minElements) return false;
    if (exclude.some((pattern) => pattern.test(name))) return false;
    return include.length === 0 || include.some((pattern) => pattern.test(name));
  };
}

export function selectTensors<T extends { name: string }>(items: readonly T[], select: TensorSelection | undefined, elements: (item: T) => number): T[] {
  const matches = selectionMatcher(select);
  return items.filter((item) => matches(item.name, elements(item)));
}
