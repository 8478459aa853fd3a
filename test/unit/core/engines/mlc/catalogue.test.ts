// Ladder grouping on the real web-llm prebuilt list (the installed @mlc-ai/web-llm loads in Node),
// checked against a second, simpler reading of the ids (split on '-') and against known ladders.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { filterLadders, groupLadders } from '../../../../../src/core/engines/mlc/catalogue.ts';
import { FEATURED_MLC_LADDERS } from '../../../../../src/core/engines/mlc/featured-models.ts';
import { MLC_MODEL_TYPE, modelFilesUrl, parseMlcModelId, parseQuantization } from '../../../../../src/core/engines/mlc/model-record.ts';

const records = prebuiltAppConfig.model_list;
const catalogue = groupLadders(records);
const ladder = (key: string) => catalogue.ladders.find((l) => l.key === key);

describe('parseMlcModelId', () => {
  it('agrees with splitting every real id on its last "-" before "-MLC"', () => {
    for (const { model_id } of records) {
      const [head, suffix] = model_id.split('-MLC');
      const parts = head!.split('-');
      const parsed = parseMlcModelId(model_id);
      expect(parsed, model_id).not.toBeNull();
      expect(parsed!.quantization.name).toBe(parts.at(-1));
      expect(parsed!.base).toBe(parts.slice(0, -1).join('-'));
      expect(parsed!.suffix).toBe(suffix ? suffix.slice(1) : null);
    }
  });

  it('reads bits and float type from the quantization code', () => {
    expect(parseQuantization('q0f32')).toEqual({ name: 'q0f32', weightBits: 32, floatType: 'f32', scheme: null });
    expect(parseQuantization('q0f16')).toMatchObject({ weightBits: 16, floatType: 'f16' });
    expect(parseQuantization('q4f16_1')).toEqual({ name: 'q4f16_1', weightBits: 4, floatType: 'f16', scheme: 1 });
    expect(parseQuantization('q3f16_1')).toMatchObject({ weightBits: 3, floatType: 'f16' });
    expect(parseQuantization('bf16')).toBeNull();
    expect(parseMlcModelId('Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC')).toMatchObject({ base: 'Ministral-3-3B-Instruct-2512-BF16', suffix: null });
    expect(parseMlcModelId('my-model.gguf')).toBeNull();
  });

  it("builds web-llm's cache URL prefix like its cleanModelUrl", () => {
    expect(modelFilesUrl('https://huggingface.co/mlc-ai/X-MLC')).toBe('https://huggingface.co/mlc-ai/X-MLC/resolve/main/');
    expect(modelFilesUrl('https://huggingface.co/mlc-ai/X-MLC/')).toBe('https://huggingface.co/mlc-ai/X-MLC/resolve/main/');
    expect(modelFilesUrl('https://huggingface.co/u/X/resolve/v2/')).toBe('https://huggingface.co/u/X/resolve/v2/');
  });
});

describe('groupLadders on the real prebuilt list', () => {
  it('puts every non-embedding record in exactly one rung and recognizes every id', () => {
    const textModels = records.filter((r) => r.model_type !== MLC_MODEL_TYPE.embedding);
    const rungIds = catalogue.ladders.flatMap((l) => l.rungs.map((r) => r.modelId));
    expect(catalogue.unrecognized).toEqual([]);
    expect(rungIds.sort()).toEqual(textModels.map((r) => r.model_id).sort());
    expect(records.length - textModels.length).toBeGreaterThan(0); // the snowflake embedding models
  });

  it('orders the SmolLM2-360M ladder from most to least precise, with the records\' VRAM figures', () => {
    const smol = ladder('SmolLM2-360M-Instruct')!;
    expect(smol.rungs.map((r) => r.quantization.name)).toEqual(['q0f32', 'q0f16', 'q4f32_1', 'q4f16_1']);
    for (const rung of smol.rungs) {
      const record = records.find((r) => r.model_id === rung.modelId)!;
      expect(rung.vramMB).toBe(record.vram_required_MB);
      expect(rung.lowResource).toBe(record.low_resource_required);
    }
  });

  it('has the four featured ladders first, in the data module\'s order, all present upstream', () => {
    expect(catalogue.ladders.slice(0, FEATURED_MLC_LADDERS.length).map((l) => l.base)).toEqual(FEATURED_MLC_LADDERS.map((f) => f.base));
    expect(ladder('SmolLM2-135M-Instruct')!.rungs.map((r) => r.quantization.name)).toEqual(['q0f32', 'q0f16']);
    for (const base of ['Qwen2.5-0.5B-Instruct', 'Llama-3.2-1B-Instruct']) {
      expect(ladder(base)!.rungs.map((r) => r.quantization.name)).toEqual(['q0f32', 'q0f16', 'q4f32_1', 'q4f16_1']);
    }
  });

  it('keeps 1k-context builds in their own ladder and includes other rungs such as q3f16_1', () => {
    const full = ladder('TinyLlama-1.1B-Chat-v1.0')!;
    const short = ladder('TinyLlama-1.1B-Chat-v1.0-1k')!;
    expect(short.label).toBe('TinyLlama-1.1B-Chat-v1.0 (1024 context build)');
    expect(short.rungs.every((r) => r.contextWindow === 1024)).toBe(true);
    expect(full.rungs.every((r) => r.contextWindow === 2048)).toBe(true);
    expect(ladder('Llama-3.1-70B-Instruct')!.rungs.map((r) => r.quantization)).toEqual([{ name: 'q3f16_1', weightBits: 3, floatType: 'f16', scheme: 1 }]);
    expect(ladder('Phi-3.5-vision-instruct')!.vision).toBe(true);
  });

  it('adds shader-f16 to the requirements of f16 rungs that do not declare it', () => {
    const qwen = records.find((r) => r.model_id === 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')!;
    expect(qwen.required_features).toBeUndefined();
    const rung = ladder('Qwen2.5-0.5B-Instruct')!.rungs.find((r) => r.modelId === qwen.model_id)!;
    expect(rung.requiredFeatures).toEqual(['shader-f16']);
    for (const l of catalogue.ladders) {
      for (const r of l.rungs) expect(r.requiredFeatures.includes('shader-f16'), r.modelId).toBe(/f16/.test(r.modelId));
    }
  });

  it('filters ladders by label or rung id', () => {
    expect(filterLadders(catalogue.ladders, '  ').length).toBe(catalogue.ladders.length);
    const hits = filterLadders(catalogue.ladders, 'smollm2-360');
    expect(hits.map((l) => l.key)).toEqual(['SmolLM2-360M-Instruct']);
    expect(filterLadders(catalogue.ladders, 'q3f16').map((l) => l.base)).toContain('Llama-3-70B-Instruct');
  });
});
