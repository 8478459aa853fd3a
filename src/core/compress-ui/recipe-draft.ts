// The recipe builder's editable steps (form fields: percentages, text boxes of name patterns) and
// their conversion to and from the engine's Recipe JSON. Drafts become plain JSON that the engine's
// own validateRecipe checks, so the builder can never run a recipe the CLI would reject, and an
// imported recipe comes back as drafts field for field.
import { DEFAULT_BLOCK_SIZE, validateRecipe } from '../compress/recipe.ts';
import type { PruneStep, QuantMethod, Recipe, RecipeStep, SparsityPattern, TensorSelection } from '../compress/types.ts';
import type { PruneScope, StepKind } from './explanations.ts';

export interface SelectionDraft {
  /** Name patterns, one per line. */
  include: string;
  exclude: string;
  /** Minimum elements, as typed ('' = none). */
  minElements: string;
}

export interface QuantizeDraft {
  id: number;
  kind: 'quantize';
  method: QuantMethod;
  blockSize: number;
  asymmetric: boolean;
  awq: boolean;
  embeddings: boolean;
  selection: SelectionDraft;
}

export interface PruneDraft {
  id: number;
  kind: 'prune';
  method: PruneStep['method'];
  sparsityPercent: number;
  pattern: SparsityPattern;
  scope: PruneScope;
  selection: SelectionDraft;
}

export interface NeuronDraft {
  id: number;
  kind: 'prune-neurons';
  sparsityPercent: number;
  score: 'l2' | 'wanda';
}

export type StepDraft = QuantizeDraft | PruneDraft | NeuronDraft;

export const hasBlocks = (method: QuantMethod): boolean => method === 'q4' || method === 'q8';
export const hasSymmetry = (method: QuantMethod): boolean => hasBlocks(method) || method === 'q8dyn';

const emptySelection = (): SelectionDraft => ({ include: '', exclude: '', minElements: '' });

function defaultDraft(kind: StepKind, id: number): StepDraft {
  if (kind === 'quantize') return { id, kind, method: 'q4', blockSize: DEFAULT_BLOCK_SIZE, asymmetric: false, awq: false, embeddings: false, selection: emptySelection() };
  if (kind === 'prune') return { id, kind, method: 'magnitude', sparsityPercent: 50, pattern: 'unstructured', scope: 'per-output', selection: emptySelection() };
  return { id, kind, sparsityPercent: 25, score: 'l2' };
}

/** A new step of `kind` with the builder's defaults: q4 block 32, magnitude 50%, 25% of neurons. */
export function newStepDraft<K extends StepKind>(kind: K, id: number): Extract<StepDraft, { kind: K }> {
  return defaultDraft(kind, id) as Extract<StepDraft, { kind: K }>;
}

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter(Boolean);
/** Percent as typed -> fraction with at most one decimal of a percent (30 -> 0.3, not 0.30000000000000004). */
const fraction = (percent: number): number => (typeof percent === 'number' && Number.isFinite(percent) ? Math.round(percent * 10) / 1000 : percent);

function selectionJson(draft: SelectionDraft): Record<string, unknown> | undefined {
  const include = lines(draft.include);
  const exclude = lines(draft.exclude);
  const min = draft.minElements.trim();
  const json: Record<string, unknown> = {};
  if (include.length) json.include = include;
  if (exclude.length) json.exclude = exclude;
  // Anything typed goes through, so validateRecipe can name a bad value in its message.
  if (min) json.minElements = /^\d+$/.test(min) ? Number(min) : min;
  return Object.keys(json).length ? json : undefined;
}

/** The step as recipe JSON: only the fields that apply to its method, and defaults left out. */
export function draftToJson(draft: StepDraft): Record<string, unknown> {
  if (draft.kind === 'prune-neurons') return { kind: draft.kind, sparsity: fraction(draft.sparsityPercent), score: draft.score };
  const select = selectionJson(draft.selection);
  if (draft.kind === 'prune') {
    const unstructured = draft.pattern === 'unstructured';
    return {
      kind: draft.kind,
      method: draft.method,
      ...(unstructured ? { sparsity: fraction(draft.sparsityPercent) } : {}),
      pattern: draft.pattern,
      ...(unstructured && draft.scope !== 'per-output' ? { scope: draft.scope } : {}),
      ...(select ? { select } : {}),
    };
  }
  return {
    kind: draft.kind,
    method: draft.method,
    ...(hasBlocks(draft.method) ? { blockSize: draft.blockSize } : {}),
    ...(hasSymmetry(draft.method) && draft.asymmetric ? { symmetric: false } : {}),
    ...(draft.method === 'q4' && draft.awq ? { awq: true } : {}),
    ...(hasBlocks(draft.method) && draft.embeddings ? { embeddings: true } : {}),
    ...(select ? { select } : {}),
  };
}

function selectionDraft(select: TensorSelection | undefined): SelectionDraft {
  return { include: (select?.include ?? []).join('\n'), exclude: (select?.exclude ?? []).join('\n'), minElements: select?.minElements === undefined ? '' : String(select.minElements) };
}

/** A validated step back as an editable draft (import). */
export function stepToDraft(step: RecipeStep, id: number): StepDraft {
  const percent = (share: number) => Math.round(share * 1000) / 10;
  if (step.kind === 'prune-neurons') return { id, kind: step.kind, sparsityPercent: percent(step.sparsity), score: step.score };
  if (step.kind === 'prune') {
    return { id, kind: step.kind, method: step.method, sparsityPercent: percent(step.sparsity), pattern: step.pattern, scope: step.scope ?? 'per-output', selection: selectionDraft(step.select) };
  }
  return {
    id,
    kind: step.kind,
    method: step.method,
    blockSize: step.blockSize ?? DEFAULT_BLOCK_SIZE,
    asymmetric: step.symmetric === false,
    awq: step.awq === true,
    embeddings: step.embeddings === true,
    selection: selectionDraft(step.select),
  };
}

export type ValidatedRecipe = { recipe: Recipe; error: null } | { recipe: null; error: string };

/** Drafts -> a validated Recipe, or the engine's message saying which field is wrong. */
export function draftsToRecipe(name: string, drafts: readonly StepDraft[]): ValidatedRecipe {
  if (drafts.length === 0) return { recipe: null, error: 'Add at least one step: prune, remove neurons or quantize.' };
  try {
    return { recipe: validateRecipe({ version: 1, ...(name.trim() ? { name: name.trim() } : {}), steps: drafts.map(draftToJson) }), error: null };
  } catch (error) {
    return { recipe: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where a new step goes: pruning before the first quantize step (it needs float weights), quantizing last. */
export function insertionIndex(drafts: readonly StepDraft[], kind: StepKind): number {
  if (kind === 'quantize') return drafts.length;
  const firstQuantize = drafts.findIndex((draft) => draft.kind === 'quantize');
  return firstQuantize === -1 ? drafts.length : firstQuantize;
}

/** The list with item `index` moved by `delta` places (clamped to the ends). */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, index + delta));
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  if (item !== undefined) copy.splice(target, 0, item);
  return copy;
}
