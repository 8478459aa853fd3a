// Every method and option the compression engine accepts has a plain-words explanation, and the
// explanations state the facts a person choosing must know (where it runs, what zeros buy).
import { describe, expect, it } from 'vitest';
import { QUANT_METHODS, SPARSITY_PATTERNS } from '../../../../src/core/compress/recipe.ts';
import {
  NEURON_SCORE_EXPLANATIONS, OPTION_EXPLANATIONS, PATTERN_EXPLANATIONS, PRUNE_METHOD_EXPLANATIONS, QUANT_EXPLANATIONS, SCOPE_EXPLANATIONS, STEP_EXPLANATIONS,
} from '../../../../src/core/compress-ui/explanations.ts';

const text = (e: { what: string; cost: string; runsOn: string; needs?: string }) => `${e.what} ${e.cost} ${e.runsOn} ${e.needs ?? ''}`;

describe('explanations', () => {
  it('cover every quantization method and sparsity pattern the engine validates', () => {
    expect(Object.keys(QUANT_EXPLANATIONS).sort()).toEqual([...QUANT_METHODS].sort());
    expect(Object.keys(PATTERN_EXPLANATIONS).sort()).toEqual([...SPARSITY_PATTERNS].sort());
    expect(Object.keys(PRUNE_METHOD_EXPLANATIONS).sort()).toEqual(['magnitude', 'wanda']);
    expect(Object.keys(NEURON_SCORE_EXPLANATIONS).sort()).toEqual(['l2', 'wanda']);
    expect(Object.keys(SCOPE_EXPLANATIONS).sort()).toEqual(['global', 'per-output', 'per-tensor']);
    expect(Object.keys(STEP_EXPLANATIONS).sort()).toEqual(['prune', 'prune-neurons', 'quantize']);
    for (const e of [...Object.values(QUANT_EXPLANATIONS), ...Object.values(PATTERN_EXPLANATIONS), ...Object.values(PRUNE_METHOD_EXPLANATIONS)]) {
      expect(e.label.length).toBeGreaterThan(0);
      expect(e.what.length * e.cost.length * e.runsOn.length).toBeGreaterThan(0);
    }
  });

  it('say where each method runs and what it needs', () => {
    expect(QUANT_EXPLANATIONS.q8dyn.label).toMatch(/wasm only/);
    expect(QUANT_EXPLANATIONS.q8dyn.runsOn).toMatch(/wasm only/);
    expect(text(QUANT_EXPLANATIONS.fp16)).toMatch(/shader-f16/);
    expect(OPTION_EXPLANATIONS.embeddings).toMatch(/WebGPU only/);
    expect(OPTION_EXPLANATIONS.awq).toMatch(/calibration text/);
    expect(PRUNE_METHOD_EXPLANATIONS.wanda.needs).toMatch(/[Cc]alibration text/);
    expect(NEURON_SCORE_EXPLANATIONS.wanda.needs).toMatch(/[Cc]alibration text/);
  });

  it('say that N:M and unstructured zeros buy neither speed nor file size in a browser, and neuron removal buys both', () => {
    for (const pattern of SPARSITY_PATTERNS) expect(PATTERN_EXPLANATIONS[pattern].cost).toMatch(/gzip/);
    expect(PATTERN_EXPLANATIONS['2:4'].cost).toMatch(/no speed-up and no smaller file/);
    expect(STEP_EXPLANATIONS.prune.cost).toMatch(/not make the file smaller or the browser faster/);
    expect(STEP_EXPLANATIONS['prune-neurons'].cost).toMatch(/smaller and the model faster/);
  });
});
