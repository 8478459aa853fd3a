// Recipes as JSON: validation into the typed Recipe (every failure is a RecipeError that names the
// field path and the value, e.g. "steps[1].blockSize must be one of 16, 32, 64, 128; got 24"),
// and a one-line summary for tables ("wanda 50% → q4 b32"). Validation also fixes step order:
// pruning works on float weights, so it must come before quantization.
import { previewJson } from '../json-preview.ts';
import { RecipeError } from './errors.ts';
import { compilePattern } from './select.ts';
import type { PruneNeuronsStep, PruneStep, QuantizeStep, QuantMethod, Recipe, RecipeStep, SparsityPattern, TensorSelection } from './types.ts';

export const QUANT_METHODS: readonly QuantMethod[] = ['fp16', 'int8', 'q4', 'q8', 'q8dyn'];
export const BLOCK_SIZES: readonly number[] = [16, 32, 64, 128];
export const DEFAULT_BLOCK_SIZE = 32;
export const SPARSITY_PATTERNS: readonly SparsityPattern[] = ['unstructured', '2:4', '4:8'];
export const MAX_SPARSITY = 0.95;

type Json = Record<string, unknown>;

const show = (value: unknown): string => (value === undefined ? 'nothing' : typeof value === 'string' ? `'${value.length > 60 ? `${value.slice(0, 60)}...` : value}'` : previewJson(value));
const oneOf = (values: readonly unknown[]): string => values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ');

function fail(path: string, expected: string, value: unknown): never {
  throw new RecipeError(`${path} must be ${expected}; got ${show(value)}.`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rejects keys the step does not know (typos would otherwise be ignored silently). */
function checkKeys(object: Json, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    throw new RecipeError(`${path}.${key} is not a field of this step${near ? `; did you mean ${near}?` : ` (known: ${allowed.join(', ')}).`}`);
  }
}

function choice<T>(object: Json, key: string, path: string, values: readonly T[]): T {
  const value = object[key];
  if (!values.includes(value as T)) fail(`${path}.${key}`, `one of ${oneOf(values)}`, value);
  return value as T;
}

function optionalBoolean(object: Json, key: string, path: string): boolean | undefined {
  const value = object[key];
  if (value !== undefined && typeof value !== 'boolean') fail(`${path}.${key}`, 'true or false', value);
  return value as boolean | undefined;
}

function fraction(object: Json, key: string, path: string, max: number): number {
  const value = object[key];
  if (typeof value !== 'number' || !(value >= 0 && value <= max)) fail(`${path}.${key}`, `a number from 0 to ${max}`, value);
  return value as number;
}

function patterns(value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail(path, 'a list of name patterns (strings)', value);
  (value as string[]).forEach((pattern, i) => {
    try {
      compilePattern(pattern);
    } catch (cause) {
      throw new RecipeError(`${path}[${i}] is not a valid regular expression: ${show(pattern)} (${(cause as Error).message}).`, { cause });
    }
  });
  return [...(value as string[])];
}

function selection(value: unknown, path: string): TensorSelection | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) fail(path, 'an object with include, exclude and minElements', value);
  const object = value as Json;
  checkKeys(object, path, ['include', 'exclude', 'minElements']);
  const minElements = object['minElements'];
  if (minElements !== undefined && !(Number.isSafeInteger(minElements) && (minElements as number) >= 0)) fail(`${path}.minElements`, 'a whole number >= 0', minElements);
  const include = patterns(object['include'], `${path}.include`);
  const exclude = patterns(object['exclude'], `${path}.exclude`);
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}), ...(minElements !== undefined ? { minElements: minElements as number } : {}) };
}

function quantizeStep(object: Json, path: string): QuantizeStep {
  checkKeys(object, path, ['kind', 'method', 'blockSize', 'symmetric', 'awq', 'embeddings', 'select']);
  const method = choice(object, 'method', path, QUANT_METHODS);
  const blocks = method === 'q4' || method === 'q8';
  const onlyFor = (key: string, allowed: boolean, which: string): void => {
    if (object[key] !== undefined && !allowed) throw new RecipeError(`${path}.${key} applies to ${which} only; remove it from this ${method} step.`);
  };
  onlyFor('blockSize', blocks, 'q4 and q8');
  onlyFor('embeddings', blocks, 'q4 and q8');
  onlyFor('awq', method === 'q4', 'q4');
  onlyFor('symmetric', blocks || method === 'q8dyn', 'q4, q8 and q8dyn');
  const step: QuantizeStep = { kind: 'quantize', method };
  if (object['blockSize'] !== undefined) step.blockSize = choice(object, 'blockSize', path, BLOCK_SIZES);
  const symmetric = optionalBoolean(object, 'symmetric', path);
  const awq = optionalBoolean(object, 'awq', path);
  const embeddings = optionalBoolean(object, 'embeddings', path);
  const select = selection(object['select'], `${path}.select`);
  if (symmetric !== undefined) step.symmetric = symmetric;
  if (awq !== undefined) step.awq = awq;
  if (embeddings !== undefined) step.embeddings = embeddings;
  if (select) step.select = select;
  return step;
}

function pruneStep(object: Json, path: string): PruneStep {
  checkKeys(object, path, ['kind', 'method', 'sparsity', 'pattern', 'scope', 'select']);
  const method = choice(object, 'method', path, ['magnitude', 'wanda'] as const);
  const pattern = object['pattern'] === undefined ? 'unstructured' : choice(object, 'pattern', path, SPARSITY_PATTERNS);
  // N:M patterns fix the share of zeros; sparsity may then be omitted.
  const sparsity = pattern === 'unstructured' || object['sparsity'] !== undefined ? fraction(object, 'sparsity', path, MAX_SPARSITY) : 0.5;
  const step: PruneStep = { kind: 'prune', method, sparsity, pattern };
  if (object['scope'] !== undefined) step.scope = choice(object, 'scope', path, ['per-output', 'per-tensor', 'global'] as const);
  const select = selection(object['select'], `${path}.select`);
  if (select) step.select = select;
  return step;
}

function pruneNeuronsStep(object: Json, path: string): PruneNeuronsStep {
  checkKeys(object, path, ['kind', 'sparsity', 'score']);
  return { kind: 'prune-neurons', sparsity: fraction(object, 'sparsity', path, MAX_SPARSITY), score: object['score'] === undefined ? 'l2' : choice(object, 'score', path, ['l2', 'wanda'] as const) };
}

function step(value: unknown, path: string): RecipeStep {
  if (!isObject(value)) fail(path, 'an object with a kind', value);
  const object = value as Json;
  const kind = choice(object, 'kind', path, ['quantize', 'prune', 'prune-neurons'] as const);
  if (kind === 'quantize') return quantizeStep(object, path);
  return kind === 'prune' ? pruneStep(object, path) : pruneNeuronsStep(object, path);
}

/** Pruning needs float weights: no prune step after a quantize step; fp16 may follow one weight quantizer (q4f16). */
function checkOrder(steps: readonly RecipeStep[]): void {
  let quantizer: QuantizeStep | null = null;
  steps.forEach((current, i) => {
    if (current.kind !== 'quantize') {
      if (quantizer) throw new RecipeError(`steps[${i}] (${current.kind}) comes after a quantize step; pruning needs float weights, so put it before steps[${steps.indexOf(quantizer)}].`);
      return;
    }
    if (quantizer && !(current.method === 'fp16' && quantizer.method !== 'fp16' && quantizer.method !== 'q8dyn')) {
      throw new RecipeError(`steps[${i}] quantizes again (${current.method} after ${quantizer.method}); a recipe has one quantize step, optionally followed by fp16 after int8, q4 or q8.`);
    }
    quantizer = current;
  });
}

/** Validates parsed JSON (or an object built in code) into a Recipe; throws RecipeError. */
export function validateRecipe(value: unknown): Recipe {
  if (!isObject(value)) fail('recipe', 'a JSON object with version and steps', value);
  const object = value as Json;
  checkKeys(object, 'recipe', ['version', 'name', 'steps']);
  if (object['version'] !== 1) fail('recipe.version', '1', object['version']);
  if (object['name'] !== undefined && typeof object['name'] !== 'string') fail('recipe.name', 'a string', object['name']);
  const steps = object['steps'];
  if (!Array.isArray(steps) || steps.length === 0) fail('recipe.steps', 'a non-empty list of steps', steps);
  const validated = (steps as unknown[]).map((item, i) => step(item, `steps[${i}]`));
  checkOrder(validated);
  return { version: 1, ...(typeof object['name'] === 'string' ? { name: object['name'] } : {}), steps: validated };
}

/** Parses recipe JSON text (a file's content) and validates it. */
export function parseRecipe(text: string, source = 'the recipe'): Recipe {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new RecipeError(`${source} is not valid JSON: ${(cause as Error).message}.`, { cause });
  }
  return validateRecipe(parsed);
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

function summarizeStep(current: RecipeStep): string {
  if (current.kind === 'prune') return current.pattern === 'unstructured' ? `${current.method} ${percent(current.sparsity)}` : `${current.method} ${current.pattern}`;
  if (current.kind === 'prune-neurons') return `neurons ${percent(current.sparsity)} (${current.score})`;
  if (current.method !== 'q4' && current.method !== 'q8') return current.method === 'q8dyn' && current.symmetric === false ? 'q8dyn asym' : current.method;
  const parts = [`${current.method} b${current.blockSize ?? DEFAULT_BLOCK_SIZE}`];
  if (current.symmetric === false) parts.push('asym');
  if (current.awq) parts.push('awq');
  if (current.embeddings) parts.push('+emb');
  return parts.join(' ');
}

/** One line for tables: "wanda 50% → q4 b32". */
export function summarizeRecipe(recipe: Recipe): string {
  return recipe.steps.map(summarizeStep).join(' → ');
}
