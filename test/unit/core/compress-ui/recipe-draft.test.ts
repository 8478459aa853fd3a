// The recipe builder's drafts against the engine's validator: every method's fields become the JSON
// the engine expects (and only the fields that apply), an imported recipe round-trips field for field,
// bad input comes back as the engine's own message, and steps move and insert where they belong.
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../../../src/core/compress/recipe.ts';
import { draftsToRecipe, draftToJson, insertionIndex, moveItem, newStepDraft, stepToDraft, type StepDraft } from '../../../../src/core/compress-ui/recipe-draft.ts';

describe('recipe drafts', () => {
  it('writes only the fields that apply to the chosen method', () => {
    const quantize = newStepDraft('quantize', 1);
    expect(draftToJson(quantize)).toEqual({ kind: 'quantize', method: 'q4', blockSize: 32 });
    expect(draftToJson({ ...quantize, method: 'int8', asymmetric: true, awq: true, embeddings: true })).toEqual({ kind: 'quantize', method: 'int8' });
    expect(draftToJson({ ...quantize, method: 'q8dyn', asymmetric: true })).toEqual({ kind: 'quantize', method: 'q8dyn', symmetric: false });
    const prune = newStepDraft('prune', 2);
    expect(draftToJson({ ...prune, pattern: '2:4', scope: 'global' })).toEqual({ kind: 'prune', method: 'magnitude', pattern: '2:4' });
    expect(draftToJson({ ...prune, sparsityPercent: 30, scope: 'global' })).toEqual({ kind: 'prune', method: 'magnitude', sparsity: 0.3, pattern: 'unstructured', scope: 'global' });
  });

  it('round-trips a recipe with every kind of step through import and export', () => {
    const text = JSON.stringify({
      version: 1,
      name: 'full',
      steps: [
        { kind: 'prune', method: 'wanda', sparsity: 0.35, pattern: 'unstructured', scope: 'per-tensor', select: { include: ['mlp'], exclude: ['lm_head', 'down'], minElements: 4096 } },
        { kind: 'prune-neurons', sparsity: 0.125, score: 'wanda' },
        { kind: 'quantize', method: 'q4', blockSize: 64, symmetric: false, awq: true, embeddings: true },
        { kind: 'quantize', method: 'fp16' },
      ],
    });
    const recipe = parseRecipe(text);
    const drafts = recipe.steps.map((step, i) => stepToDraft(step, i));
    expect(drafts[0]).toMatchObject({ kind: 'prune', sparsityPercent: 35, selection: { include: 'mlp', exclude: 'lm_head\ndown', minElements: '4096' } });
    expect(draftsToRecipe('full', drafts)).toEqual({ recipe, error: null });
  });

  it('reports the engine\'s message for a recipe it would reject', () => {
    const quantize = newStepDraft('quantize', 1);
    const prune: StepDraft = { ...newStepDraft('prune', 2), selection: { include: '(', exclude: '', minElements: '' } };
    expect(draftsToRecipe('', [])).toEqual({ recipe: null, error: 'Add at least one step: prune, remove neurons or quantize.' });
    expect(draftsToRecipe('', [quantize, newStepDraft('prune', 3)]).error).toMatch(/^steps\[1\] \(prune\) comes after a quantize step/);
    expect(draftsToRecipe('', [prune]).error).toMatch(/^steps\[0\]\.select\.include\[0\] is not a valid regular expression/);
    expect(draftsToRecipe('', [{ ...newStepDraft('prune', 4), sparsityPercent: 99 }]).error).toMatch(/sparsity must be a number from 0 to 0.95; got 0.99/);
    expect(draftsToRecipe('', [{ ...quantize, selection: { include: '', exclude: '', minElements: 'ten' } }]).error).toMatch(/minElements must be a whole number >= 0; got 'ten'/);
  });

  it('inserts pruning before the first quantize step and moves steps within bounds', () => {
    const list = [newStepDraft('prune-neurons', 1), newStepDraft('quantize', 2)];
    expect(insertionIndex(list, 'prune')).toBe(1);
    expect(insertionIndex(list, 'quantize')).toBe(2);
    expect(insertionIndex([], 'prune')).toBe(0);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
