// Ticked web-llm rungs -> Compare variant options: catalogue order (most precise first, whatever the
// order they were ticked in), WebGPU specs keyed like every other variant, verdicts carried along.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { groupLadders } from '../../../../../src/core/engines/mlc/catalogue.ts';
import { rungVerdict } from '../../../../../src/core/engines/mlc/rung-verdict.ts';
import { variantKey } from '../../../../../src/core/engines/spec.ts';
import { mlcVariantOptions } from '../../../../../src/ui/components/mlc/mlc-variant-options.ts';
import { swiftShader } from '../../../core/engines/mlc/capabilities-fixtures.ts';

const { ladders } = groupLadders(prebuiltAppConfig.model_list);
const verdicts = new Map(ladders.flatMap((l) => l.rungs.map((r) => [r.modelId, rungVerdict(r.record, swiftShader)] as const)));

describe('mlcVariantOptions', () => {
  it('lists ticked rungs most precise first, as webgpu mlc-prebuilt variants with their verdicts', () => {
    const ticked = ['SmolLM2-360M-Instruct-q4f16_1-MLC', 'SmolLM2-360M-Instruct-q4f32_1-MLC', 'SmolLM2-360M-Instruct-q0f32-MLC'];
    const options = mlcVariantOptions(ladders, ticked, verdicts);
    expect(options.map((o) => o.spec.model)).toEqual([
      { source: 'mlc-prebuilt', modelId: 'SmolLM2-360M-Instruct-q0f32-MLC' },
      { source: 'mlc-prebuilt', modelId: 'SmolLM2-360M-Instruct-q4f32_1-MLC' },
      { source: 'mlc-prebuilt', modelId: 'SmolLM2-360M-Instruct-q4f16_1-MLC' },
    ]);
    expect(options.every((o) => o.device === 'webgpu' && o.spec.device === 'webgpu' && o.key === variantKey(o.spec))).toBe(true);
    expect(options[0]!.row).toBe('SmolLM2-360M-Instruct · q0f32');
    expect(options.map((o) => o.verdict.ok)).toEqual([true, true, false]);
    expect(mlcVariantOptions(ladders, [], verdicts)).toEqual([]);
  });
});
