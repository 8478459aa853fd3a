// The web-llm cross-check over the installed catalogue and the server plan. web-llm's figures are
// independent of ours (its own build reports); the test pins what the docs claim about them.
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { architectureFromConfig, crossCheckCatalogue, DEPLOYMENT_TARGETS, factsFromArchitecture, findTarget, planMemory, serverPlan } from '../../../../src/core/plan/index.ts';
import { MISTRAL_7B } from './published-configs.ts';

describe('web-llm cross-check', () => {
  const check = crossCheckCatalogue(prebuiltAppConfig.model_list);

  it('covers most text models and says why the rest are left out', () => {
    expect(check.rows.length).toBeGreaterThan(100);
    expect(check.uncovered.every((u) => u.reason.length > 0)).toBe(true);
    expect(check.uncovered.map((u) => u.modelId)).toContain('snowflake-arctic-embed-m-q0f32-MLC-b32');
  });

  it('lands within 5% for the LLaMA family and far below for Qwen (its temporary buffer)', () => {
    const llama = check.rows.filter((r) => /^Llama-3\.[12]-/.test(r.modelId));
    expect(llama.length).toBeGreaterThan(5);
    for (const row of llama) expect(Math.abs(row.ratio! - 1)).toBeLessThan(0.07);
    const qwen = check.rows.find((r) => r.modelId === 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC')!;
    expect(qwen.ratio!).toBeLessThan(0.45);
    expect(check.medianAbsError).toBeLessThan(0.1);
  });
});

describe('server plan (vLLM)', () => {
  const facts = factsFromArchitecture(architectureFromConfig(MISTRAL_7B.config), 'fp16');
  const plan = planMemory(facts, { context: 8192 });

  it('Mistral-7B fp16 fits one 80 GB H100 with room for many 8k sequences; vLLM flags say the same', () => {
    const result = serverPlan(findTarget('H100 SXM'), facts, plan, { context: 8192, model: 'mistralai/Mistral-7B-v0.1' });
    expect(result.tensorParallel).toBe(1);
    // 80e9 * 0.9 - weights (~14.5e9) - workspace, over 1 GiB per 8k sequence (128 KiB per token):
    const perSequence = 8192 * 131072;
    expect(result.maxConcurrentSequences).toBeGreaterThan(Math.floor((72e9 - 14.6e9 - 2e9) / perSequence));
    expect(result.maxConcurrentSequences).toBeLessThanOrEqual(Math.floor((72e9 - 14.4e9) / perSequence));
    expect(result.vllmCommand).toContain('--tensor-parallel-size 1 --max-model-len 8192 --gpu-memory-utilization 0.9 --max-num-seqs');
  });

  it('a 16 GB T4 needs two GPUs for the same model, and KV heads split across them', () => {
    const result = serverPlan(findTarget('T4'), facts, plan, { context: 8192 });
    expect(result.tensorParallel).toBe(2);
    expect(result.kvBytesPerTokenPerGpu).toBe(facts.kvBytesPerToken / 2);
  });

  it('every server GPU is planned', () => {
    const servers = DEPLOYMENT_TARGETS.filter((t) => t.kind === 'server-gpu');
    expect(servers.length).toBeGreaterThan(5);
    expect(servers.every((t) => t.source.length > 10)).toBe(true);
  });
});
