// Recipe validation: every rejection is a RecipeError (code 'recipe') naming the field path and the
// value; accepted recipes come back normalized; summaries read as one line for tables.
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../../../src/core/errors.ts';
import { parseRecipe, RecipeError, summarizeRecipe, validateRecipe } from '../../../../src/core/compress/index.ts';

const bad = (recipe: unknown): string => {
  try {
    validateRecipe(recipe);
  } catch (error) {
    expect(error).toBeInstanceOf(RecipeError);
    expect((error as RecipeError).code).toBe('recipe');
    return (error as Error).message;
  }
  throw new Error('the recipe was accepted');
};

const q = (extra: Record<string, unknown>) => ({ version: 1, steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.5 }, { kind: 'quantize', method: 'q4', ...extra }] });

describe('validateRecipe', () => {
  it('names the field and the value', () => {
    expect(bad(q({ blockSize: 24 }))).toBe('steps[1].blockSize must be one of 16, 32, 64, 128; got 24.');
    expect(bad({ version: 1, steps: [{ kind: 'quantize', method: 'q3' }] })).toBe("steps[0].method must be one of 'fp16', 'int8', 'q4', 'q8', 'q8dyn'; got 'q3'.");
    expect(bad({ version: 1, steps: [{ kind: 'prune', method: 'wanda', sparsity: 1.2 }] })).toBe('steps[0].sparsity must be a number from 0 to 0.95; got 1.2.');
    expect(bad({ version: 2, steps: [] })).toBe('recipe.version must be 1; got 2.');
    expect(bad({ version: 1, steps: [] })).toBe('recipe.steps must be a non-empty list of steps; got [].');
    expect(bad('q4')).toBe("recipe must be a JSON object with version and steps; got 'q4'.");
    expect(bad(q({ symmetric: 'yes' }))).toBe("steps[1].symmetric must be true or false; got 'yes'.");
    expect(bad({ version: 1, steps: [{ kind: 'prune', method: 'magnitude', sparsity: 0.5, pattern: '3:4' }] })).toBe("steps[0].pattern must be one of 'unstructured', '2:4', '4:8'; got '3:4'.");
  });

  it('catches typos, options of other methods, bad patterns and wrong order', () => {
    expect(bad(q({ blocksize: 32 }))).toBe('steps[1].blocksize is not a field of this step; did you mean blockSize?');
    expect(bad({ version: 1, steps: [{ kind: 'quantize', method: 'int8', blockSize: 32 }] })).toBe('steps[0].blockSize applies to q4 and q8 only; remove it from this int8 step.');
    expect(bad({ version: 1, steps: [{ kind: 'quantize', method: 'q8', awq: true }] })).toBe('steps[0].awq applies to q4 only; remove it from this q8 step.');
    expect(bad(q({ select: { exclude: ['lm_head', '(unclosed'] } }))).toMatch(/^steps\[1\]\.select\.exclude\[1\] is not a valid regular expression: '\(unclosed'/);
    expect(bad(q({ select: { minElements: -1 } }))).toBe('steps[1].select.minElements must be a whole number >= 0; got -1.');
    expect(bad({ version: 1, steps: [{ kind: 'quantize', method: 'q4' }, { kind: 'prune', method: 'magnitude', sparsity: 0.5 }] })).toMatch(/^steps\[1\] \(prune\) comes after a quantize step/);
    expect(bad({ version: 1, steps: [{ kind: 'quantize', method: 'q4' }, { kind: 'quantize', method: 'int8' }] })).toMatch(/^steps\[1\] quantizes again \(int8 after q4\)/);
  });

  it('accepts and normalizes valid recipes; q4 then fp16 (q4f16) is allowed', () => {
    expect(validateRecipe({ version: 1, name: 'x', steps: [{ kind: 'prune', method: 'wanda', pattern: '2:4' }, { kind: 'quantize', method: 'q4', blockSize: 32 }] })).toEqual({
      version: 1,
      name: 'x',
      steps: [{ kind: 'prune', method: 'wanda', sparsity: 0.5, pattern: '2:4' }, { kind: 'quantize', method: 'q4', blockSize: 32 }],
    });
    expect(validateRecipe({ version: 1, steps: [{ kind: 'quantize', method: 'q4' }, { kind: 'quantize', method: 'fp16' }] }).steps).toHaveLength(2);
    expect(validateRecipe({ version: 1, steps: [{ kind: 'prune-neurons', sparsity: 0.3 }] }).steps[0]).toEqual({ kind: 'prune-neurons', sparsity: 0.3, score: 'l2' });
  });

  it('parses JSON text and survives the worker boundary as a RecipeError', () => {
    expect(() => parseRecipe('{"version": 1,', 'recipe.json')).toThrow(/^recipe\.json is not valid JSON/);
    try {
      parseRecipe('{"version": 1, "steps": [{"kind": "quantize", "method": "q4", "blockSize": 24}]}');
    } catch (error) {
      const rebuilt = fromWire(toWire(error));
      expect(rebuilt).toBeInstanceOf(RecipeError);
      expect(rebuilt.message).toBe('steps[0].blockSize must be one of 16, 32, 64, 128; got 24.');
    }
  });
});

describe('summarizeRecipe', () => {
  it('reads as one line', () => {
    expect(summarizeRecipe(validateRecipe({ version: 1, steps: [{ kind: 'prune', method: 'wanda', sparsity: 0.5 }, { kind: 'quantize', method: 'q4' }] }))).toBe('wanda 50% → q4 b32');
    expect(summarizeRecipe(validateRecipe({ version: 1, steps: [{ kind: 'prune', method: 'magnitude', pattern: '2:4' }, { kind: 'quantize', method: 'q8', blockSize: 128, symmetric: false, embeddings: true }] }))).toBe('magnitude 2:4 → q8 b128 asym +emb');
    expect(summarizeRecipe(validateRecipe({ version: 1, steps: [{ kind: 'prune-neurons', sparsity: 0.25, score: 'wanda' }, { kind: 'quantize', method: 'q4', awq: true }, { kind: 'quantize', method: 'fp16' }] }))).toBe('neurons 25% (wanda) → q4 b32 awq → fp16');
    expect(summarizeRecipe(validateRecipe({ version: 1, steps: [{ kind: 'quantize', method: 'int8' }] }))).toBe('int8');
  });
});
