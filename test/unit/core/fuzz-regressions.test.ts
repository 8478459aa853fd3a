// Inputs the fuzzer (scripts/fuzz) found crashing with a non-LabError; each must now be refused
// with the module's typed error. Deep nesting: 20,000 nested lists overflowed the stack in
// JSON.stringify / Array.prototype.toString while the message was being written.
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../../src/core/compress/recipe.ts';
import { RecipeError } from '../../../src/core/compress/errors.ts';
import { EngineError } from '../../../src/core/engines/errors.ts';
import { readModelFacts } from '../../../src/core/engines/onnx/model-facts.ts';
import { InvalidArgumentError } from '../../../src/core/errors.ts';
import { previewJson } from '../../../src/core/json-preview.ts';
import { llamaConfigFromHf } from '../../../src/core/models/hf-files.ts';
import { validateLlamaConfig } from '../../../src/core/models/llama-config.ts';
import { architectureFromConfig } from '../../../src/core/plan/architecture.ts';
import { PlanInputError } from '../../../src/core/plan/errors.ts';
import { fromTokenizerJson } from '../../../src/core/tokenizer/tokenizer-json.ts';

function deep(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const CONFIG = { model_type: 'llama', vocab_size: 64, hidden_size: 32, intermediate_size: 48, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 64 };

describe('fuzz regressions', () => {
  it('previewJson bounds long and unserializable values', () => {
    expect(() => JSON.stringify(deep(20_000))).toThrow(RangeError);
    expect(previewJson(deep(20_000))).toBe('a list of 1 too deeply nested to show');
    expect(previewJson('x'.repeat(1000))).toHaveLength(63);
    expect(previewJson({ a: 1 })).toBe('{"a":1}');
  });

  it('config.json with a deeply nested value: the planner and the LLaMA loader refuse it', () => {
    expect(() => architectureFromConfig({ ...CONFIG, hidden_size: deep(20_000) })).toThrow(PlanInputError);
    expect(() => validateLlamaConfig(llamaConfigFromHf({ ...CONFIG, hidden_size: deep(20_000) } as Record<string, unknown>))).toThrow(InvalidArgumentError);
    expect(llamaConfigFromHf({ ...CONFIG, hidden_size: '32' } as Record<string, unknown>).hidden_size).toBe(32);
  });

  it('config.json that is null: readModelFacts and the LLaMA loader refuse it', async () => {
    await expect(readModelFacts(null as unknown as Record<string, unknown>, new Uint8Array())).rejects.toThrow(EngineError);
    await expect(readModelFacts({ ...CONFIG, text_config: null }, new Uint8Array())).resolves.toMatchObject({ vocabSize: 64 });
    expect(() => llamaConfigFromHf(null as unknown as Record<string, unknown>)).toThrow(InvalidArgumentError);
  });

  it('tokenizer.json with a nested merge or a malformed added_tokens list', () => {
    expect(() => fromTokenizerJson({ model: { type: 'BPE', merges: [[deep(20_000), 'a']] } })).toThrow(InvalidArgumentError);
    expect(() => fromTokenizerJson({ model: { type: 'BPE', merges: [] }, added_tokens: 5 })).toThrow(/added_tokens/);
    expect(() => fromTokenizerJson({ model: { type: 'BPE', merges: [] }, added_tokens: [null] })).toThrow(/added_tokens/);
  });

  it('a recipe with 100,000 nested lists as its step list', () => {
    const text = `{"version":1,"steps":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => parseRecipe(text)).toThrow(RecipeError);
    expect(() => parseRecipe(`{"version":1,"steps":[{"kind":"quantize","method":${'['.repeat(50_000)}${']'.repeat(50_000)}}]}`)).toThrow(RecipeError);
  });
});
