// `llm-lab compress` flags -> a Recipe: --prune (magnitude | wanda | neurons) with --sparsity and
// --pattern, then --quant with --block, --asym, --awq, --embeddings; --include/--exclude/--min-size
// select the tensors of both steps. A flag with a value the engine does not take is bad usage
// (exit 2); a --recipe file is validated by the engine (RecipeError, exit 1).
import { BLOCK_SIZES, MAX_SPARSITY, QUANT_METHODS, SPARSITY_PATTERNS } from '../../core/compress/recipe.ts';
import type { QuantizeStep, QuantMethod, Recipe, RecipeStep, SparsityPattern, TensorSelection } from '../../core/compress/types.ts';
import { UsageError, type ParsedArgs } from '../args.ts';

const PRUNE_METHODS = ['magnitude', 'wanda', 'neurons'] as const;

/** Flags that build a recipe; --recipe replaces all of them. */
export const RECIPE_FLAGS = ['quant', 'block', 'asym', 'awq', 'embeddings', 'exclude', 'include', 'min-size', 'prune', 'sparsity', 'pattern'] as const;

function oneOf<T extends string | number>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => String(candidate) === value);
  if (found === undefined) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`);
  return found;
}

function number(flag: string, value: string, check: (n: number) => boolean, expected: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !check(parsed)) throw new UsageError(`--${flag} must be ${expected}; got '${value}'`);
  return parsed;
}

function selection(args: ParsedArgs): TensorSelection | undefined {
  const include = args.strings('include');
  const exclude = args.strings('exclude');
  const minSize = args.string('min-size');
  const select: TensorSelection = {};
  if (include.length > 0) select.include = include;
  if (exclude.length > 0) select.exclude = exclude;
  if (minSize !== undefined) select.minElements = number('min-size', minSize, (n) => Number.isSafeInteger(n) && n >= 0, 'a whole number of weights >= 0');
  return Object.keys(select).length > 0 ? select : undefined;
}

function pruneStep(args: ParsedArgs, select: TensorSelection | undefined): RecipeStep | null {
  const method = args.string('prune');
  const sparsityText = args.string('sparsity');
  const patternText = args.string('pattern');
  if (method === undefined) {
    if (sparsityText !== undefined || patternText !== undefined) throw new UsageError('--sparsity and --pattern need --prune');
    return null;
  }
  const pruneMethod = oneOf('prune', method, PRUNE_METHODS);
  const pattern: SparsityPattern = patternText === undefined ? 'unstructured' : oneOf('pattern', patternText, SPARSITY_PATTERNS);
  if (pruneMethod === 'neurons' && patternText !== undefined) throw new UsageError('--pattern applies to magnitude and wanda pruning, not neurons');
  const needsSparsity = pruneMethod === 'neurons' || pattern === 'unstructured';
  if (needsSparsity && sparsityText === undefined) throw new UsageError(`--prune ${method} needs --sparsity (0 to ${MAX_SPARSITY})`);
  const sparsity = sparsityText === undefined ? 0.5 : number('sparsity', sparsityText, (n) => n >= 0 && n <= MAX_SPARSITY, `a fraction from 0 to ${MAX_SPARSITY}`);
  if (pruneMethod === 'neurons') return { kind: 'prune-neurons', sparsity, score: 'l2' };
  return { kind: 'prune', method: pruneMethod, sparsity, pattern, ...(select ? { select } : {}) };
}

function quantizeStep(args: ParsedArgs, select: TensorSelection | undefined): QuantizeStep | null {
  const method = args.string('quant');
  if (method === undefined) {
    const stray = ['block', 'asym', 'awq', 'embeddings'].find((flag) => (flag === 'block' ? args.string(flag) !== undefined : args.flag(flag)));
    if (stray) throw new UsageError(`--${stray} needs --quant`);
    return null;
  }
  const quant: QuantMethod = oneOf('quant', method, QUANT_METHODS);
  const blocks = quant === 'q4' || quant === 'q8';
  const step: QuantizeStep = { kind: 'quantize', method: quant };
  const block = args.string('block');
  if (block !== undefined) {
    if (!blocks) throw new UsageError(`--block applies to --quant q4 and q8, not ${quant}`);
    step.blockSize = oneOf('block', block, BLOCK_SIZES);
  }
  if (args.flag('asym')) {
    if (!blocks && quant !== 'q8dyn') throw new UsageError(`--asym applies to --quant q4, q8 and q8dyn, not ${quant}`);
    step.symmetric = false;
  }
  if (args.flag('awq')) {
    if (quant !== 'q4') throw new UsageError(`--awq applies to --quant q4, not ${quant}`);
    step.awq = true;
  }
  if (args.flag('embeddings')) {
    if (!blocks) throw new UsageError(`--embeddings applies to --quant q4 and q8, not ${quant}`);
    step.embeddings = true;
  }
  if (select) step.select = select;
  return step;
}

/** The recipe the flags describe; throws UsageError when they describe none or contradict. */
export function recipeFromFlags(args: ParsedArgs): Recipe {
  const select = selection(args);
  const steps = [pruneStep(args, select), quantizeStep(args, select)].filter((step): step is RecipeStep => step !== null);
  if (steps.length === 0) throw new UsageError('say what to do: --quant fp16|int8|q4|q8|q8dyn, --prune magnitude|wanda|neurons, or --recipe <file.json>');
  return { version: 1, steps };
}

/** True when any recipe-building flag was given (they cannot be combined with --recipe). */
export function hasRecipeFlags(args: ParsedArgs): boolean {
  return RECIPE_FLAGS.some((flag) => args.flag(flag) || args.strings(flag).length > 0);
}
