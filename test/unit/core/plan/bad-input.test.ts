// Bad input gets a PlanInputError that names the field: missing and inconsistent config fields, zero
// layers, an absurd context, an unknown web-llm id or device.
import { describe, expect, it } from 'vitest';
import { architectureFromConfig, factsFromArchitecture, findTarget, findWebLlmRecord, planMemory, PlanInputError } from '../../../../src/core/plan/index.ts';
import { LLAMA_3_2_1B } from './published-configs.ts';

function fieldOf(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanInputError);
    return { field: (error as PlanInputError).field, message: (error as Error).message };
  }
  throw new Error('expected a PlanInputError');
}

const good = LLAMA_3_2_1B.config;
const { head_dim: _drop, ...withoutHeadDim } = good;

describe('config validation names the field', () => {
  it.each([
    ['missing hidden_size', { ...good, hidden_size: undefined }, 'hidden_size'],
    ['zero layers', { ...good, num_hidden_layers: 0 }, 'num_hidden_layers'],
    ['heads not dividing hidden size', { ...withoutHeadDim, num_attention_heads: 30 }, 'num_attention_heads'],
    ['kv heads not dividing heads', { ...good, num_key_value_heads: 5 }, 'num_key_value_heads'],
    ['a string where a number belongs', { ...good, vocab_size: '128256' }, 'vocab_size'],
    ['an absurd vocabulary', { ...good, vocab_size: 1e12 }, 'vocab_size'],
    ['a non-boolean tie flag', { ...good, tie_word_embeddings: 'yes' }, 'tie_word_embeddings'],
  ])('%s', (_name, config, field) => {
    const error = fieldOf(() => architectureFromConfig(config));
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('not an object at all', () => {
    expect(fieldOf(() => architectureFromConfig([1, 2])).field).toBe('config');
  });

  it('an unknown model_type is read LLaMA-style with a warning, not silently', () => {
    const warnings: string[] = [];
    architectureFromConfig({ ...good, model_type: 'mamba' }, warnings);
    expect(warnings.join(' ')).toMatch(/mamba/);
  });
});

describe('plan options', () => {
  const facts = factsFromArchitecture(architectureFromConfig(good), 'q4f16');
  it.each([[0], [-5], [1.5], [1e9]])('context %s is refused', (context) => {
    expect(fieldOf(() => planMemory(facts, { context })).field).toBe('context');
  });
  it('batch 0 is refused', () => {
    expect(fieldOf(() => planMemory(facts, { context: 128, batch: 0 })).field).toBe('batch');
  });
  it('a context beyond max_position_embeddings is planned with a warning', () => {
    expect(planMemory(facts, { context: 200_000 }, 131072).warnings[0]).toMatch(/max_position_embeddings/);
  });
});

describe('unknown names', () => {
  it('an unknown web-llm id', () => {
    const records = [{ model: 'x', model_id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', model_lib: 'x' }];
    const error = fieldOf(() => findWebLlmRecord(records, 'Llama-9-1B-q4f16_1-MLC'));
    expect(error.field).toBe('model');
    expect(error.message).toContain('Llama-3.2-1B-Instruct-q4f16_1-MLC'); // suggests the near one
  });
  it('an ambiguous or unknown device', () => {
    expect(fieldOf(() => findTarget('NVIDIA')).field).toBe('device');
    expect(fieldOf(() => findTarget('Voodoo 2')).field).toBe('device');
    expect(findTarget('H100 SXM').memoryGB).toBe(80);
  });
});
