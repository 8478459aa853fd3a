// The memory model against published figures: parameter counts of four real checkpoints (within 0.5%
// of what the hub states), KV bytes per token (2 x layers x kv heads x head_dim x bytes, by hand),
// and stored bytes per format worked out by hand from the storage layouts.
import { describe, expect, it } from 'vitest';
import { architectureFromConfig, architectureTensors, factsFromArchitecture, parameterCountOf, planMemory } from '../../../../src/core/plan/index.ts';
import { GEMMA_2B, LLAMA_3_2_1B, MISTRAL_7B, PHI_3_MINI, QWEN2_5_0_5B } from './published-configs.ts';

const MODELS = [
  { model: LLAMA_3_2_1B, exact: 1_235_814_400, kvFp16: 2 * 16 * 8 * 64 * 2 },
  { model: QWEN2_5_0_5B, exact: 494_032_768, kvFp16: 2 * 24 * 2 * 64 * 2 },
  { model: MISTRAL_7B, exact: 7_241_732_096, kvFp16: 2 * 32 * 8 * 128 * 2 },
  { model: PHI_3_MINI, exact: 3_821_079_552, kvFp16: 2 * 32 * 32 * 96 * 2 },
];

describe('parameters and KV cache from config.json', () => {
  it.each(MODELS)('$model.repo: parameters within 0.5% of the published count, KV bytes per token exact', ({ model, exact, kvFp16 }) => {
    const arch = architectureFromConfig(model.config);
    const parameters = parameterCountOf(architectureTensors(arch));
    expect(Math.abs(parameters / model.publishedParameters - 1)).toBeLessThan(0.005);
    expect(parameters).toBe(exact);
    expect(factsFromArchitecture(arch, 'fp16').kvBytesPerToken).toBe(kvFp16);
    expect(factsFromArchitecture(arch, 'fp32').kvBytesPerToken).toBe(2 * kvFp16);
  });

  it('Llama-3.2-1B at fp16 holds 32 KiB per token, 128 MiB at 4096 tokens (facts-labs.md)', () => {
    const plan = planMemory(factsFromArchitecture(architectureFromConfig(LLAMA_3_2_1B.config), 'q4f16'), { context: 4096 });
    expect(plan.kvCacheBytesPerToken).toBe(32 * 1024);
    expect(plan.kvCacheBytes).toBe(128 * 2 ** 20);
    expect(planMemory(factsFromArchitecture(architectureFromConfig(LLAMA_3_2_1B.config), 'q4f16'), { context: 4096, batch: 3 }).kvCacheBytes).toBe(3 * 128 * 2 ** 20);
  });

  it("Gemma's head_dim (256) sets the KV width and its tied table is the largest q4f16_1 buffer web-llm asks for", () => {
    const arch = architectureFromConfig(GEMMA_2B.config);
    expect(Math.abs(parameterCountOf(architectureTensors(arch)) / GEMMA_2B.publishedParameters - 1)).toBeLessThan(0.005);
    expect(arch.tiedEmbeddings).toBe(true);
    expect(factsFromArchitecture(arch, 'q4f16').kvBytesPerToken).toBe(2 * 18 * 1 * 256 * 2);
    // web-llm's gemma-2b-it records say buffer_size_required_bytes: 262144000 = 256000 x 2048 / 2.
    expect(factsFromArchitecture(arch, 'q4f16').largestTensor.bytes).toBe(262_144_000);
  });

  it("Phi-3's fused qkv_proj and gate_up_proj change the largest tensors, not the count", () => {
    const fused = architectureFromConfig(PHI_3_MINI.config);
    const split = { ...fused, fusedQkv: false, fusedGateUp: false };
    expect(parameterCountOf(architectureTensors(fused))).toBe(parameterCountOf(architectureTensors(split)));
    const gateUp = architectureTensors(fused).find((g) => g.name.includes('gate_up_proj'))!;
    expect([gateUp.rows, gateUp.cols]).toEqual([2 * 8192, 3072]);
  });
});

describe('bytes as each format stores them (Llama-3.2-1B, worked by hand)', () => {
  const arch = architectureFromConfig(LLAMA_3_2_1B.config);
  const params = 1_235_814_400;
  const table = 128256 * 2048;
  const vectors = 16 * 2 * 2048 + 2048;
  const linear = params - table - vectors;

  it('fp32 and fp16: parameters x width, plus the tied head the lab\'s ONNX builder stores again', () => {
    expect(factsFromArchitecture(arch, 'fp32').weightsBytes).toBe((params + table) * 4);
    expect(factsFromArchitecture(arch, 'fp16').weightsBytes).toBe((params + table) * 2);
  });

  it('q4 (MatMulNBits block 32, float32 scales): 0.5 + 4/32 bytes per linear weight, the table stays float32', () => {
    const expected = (linear + table) * (0.5 + 4 / 32) + table * 4 + vectors * 4;
    expect(factsFromArchitecture(arch, 'q4').weightsBytes).toBe(expected);
    // Decode reads everything but the gathered embedding table.
    expect(factsFromArchitecture(arch, 'q4').gatheredBytes).toBe(table * 4);
  });

  it('web-llm q4f16_1: 4.5 bits per weight for every matrix including the shared table, float16 vectors', () => {
    const facts = factsFromArchitecture(arch, 'q4f16');
    expect(facts.weightsBytes).toBe((linear + table) * (0.5 + 2 / 32) + vectors * 2);
    expect(facts.gatheredBytes).toBe(0); // tied: the table is the LM head, read whole every token
    expect(factsFromArchitecture(arch, 'q4f32').weightsBytes).toBe((linear + table) * (0.5 + 4 / 32) + vectors * 4);
  });

  it('int8 per channel and q8 blocks', () => {
    const rows = 16 * (2048 + 512 + 512 + 2048 + 8192 + 8192 + 2048) + 128256; // output channels of every linear, plus the head
    expect(factsFromArchitecture(arch, 'int8').weightsBytes).toBe(linear + table + rows * 4 + table * 4 + vectors * 4);
    expect(factsFromArchitecture(arch, 'q8').weightsBytes).toBe((linear + table) * (1 + 4 / 32) + table * 4 + vectors * 4);
  });
});
