// `llm-lab plan`: spawned as a user runs it for a published config (figures checked against sums
// done here) and one bad input (exit 1, one line naming the field); in-process (the same command
// object main runs) for a web-llm id (its vram_required_MB read from web-llm's own catalogue), an
// .onnx file, a folder with the vLLM plan, and the other bad inputs.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.ts';
import { planCommand } from '../../../src/cli/commands/plan.ts';
import { LLAMA_3_2_1B, QWEN2_5_0_5B } from '../core/plan/published-configs.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'llm-lab-plan-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/llm-lab.mjs', 'plan', ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Runs the command in this process; errors come back as the message main would print. */
async function planHere(...args: string[]): Promise<{ stdout: string; error: string | null }> {
  let stdout = '';
  try {
    await planCommand.run(parseArgs(args, planCommand.args), { stdout: (t) => (stdout += t), stderr: () => {}, cwd: process.cwd() });
    return { stdout, error: null };
  } catch (error) {
    return { stdout, error: (error as Error).message };
  }
}

function writeConfig(name: string, config: object): string {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('llm-lab plan', () => {
  it('a config.json: parameters, KV cache and the total add up; --device gives bandwidth / bytes per token', async () => {
    const path = writeConfig('qwen.json', QWEN2_5_0_5B.config);
    const { code, stdout } = await plan(path, '--dtype', 'fp16', '--context', '2048', '--batch', '2', '--device', 'RTX 4090', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.parameters).toBe(494_032_768);
    expect(report.kvCacheBytesPerToken).toBe(2 * 24 * 2 * 64 * 2);
    expect(report.kvCacheBytes).toBe(report.kvCacheBytesPerToken * 2048 * 2);
    expect(report.totalBytes).toBe(report.weightsBytes + report.kvCacheBytes + report.workspaceBytes);
    expect(report.largestTensorBytes).toBe(151936 * 896 * 2);
    const readPerStep = report.decodeWeightBytes + 2 * report.kvCacheBytesPerToken * 2048;
    expect(report.predictedDecodeTokPerS).toBeCloseTo((2 * 1008e9) / readPerStep, 6);
  });

  it('a web-llm id: web-llm\'s own vram_required_MB beside ours, at its context window', async () => {
    const id = 'Llama-3.2-1B-Instruct-q4f16_1-MLC';
    const record = prebuiltAppConfig.model_list.find((r) => r.model_id === id)!;
    const report = JSON.parse((await planHere(id, '--json')).stdout);
    expect(report.webllmVramRequiredMB).toBe(record.vram_required_MB);
    expect(report.context).toBe(record.overrides?.context_window_size ?? 4096);
    expect(report.dtype).toBe('q4f16');
    expect(report.webllmDifferenceMiB).toBeCloseTo(report.totalBytes / 2 ** 20 - record.vram_required_MB!, 6);
  });

  it('a model folder reads its config.json; --server prints vLLM launch lines', async () => {
    const model = join(folder, 'llama');
    mkdirSync(model);
    writeFileSync(join(model, 'config.json'), JSON.stringify(LLAMA_3_2_1B.config));
    const { stdout } = await planHere(model, '--dtype', 'fp16', '--context', '8192', '--server');
    expect(stdout).toContain('1,235,814,400');
    expect(stdout).toMatch(/vllm serve .* --tensor-parallel-size 1 --max-model-len 8192 --gpu-memory-utilization 0.9 --max-num-seqs \d+/);
  });

  it('an .onnx file is planned from its initializers', async () => {
    const report = JSON.parse((await planHere('public/models/moby-llama-1m/onnx/model.onnx', '--context', '128', '--json')).stdout);
    expect(report.source).toMatch(/ONNX initializers/);
    expect(report.kvCacheBytesPerToken).toBe(2 * 4 * 2 * 32 * 4); // 4 layers, 2 kv heads, head_dim 32, float32
  });

  it('zero layers (spawned): exit 1, one line naming the field', async () => {
    const { code, stderr } = await plan(writeConfig('zero.json', { ...LLAMA_3_2_1B.config, num_hidden_layers: 0 }), '--context', '128');
    expect(code).toBe(1);
    expect(stderr).toMatch(/num_hidden_layers/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['zero layers', () => [writeConfig('zero.json', { ...LLAMA_3_2_1B.config, num_hidden_layers: 0 }), '--context', '128'], /num_hidden_layers/],
    ['heads not dividing hidden', () => [writeConfig('heads.json', { ...LLAMA_3_2_1B.config, head_dim: undefined, num_attention_heads: 30 }), '--context', '128'], /num_attention_heads/],
    ['an absurd context', () => ['Llama-3.2-1B-Instruct-q4f16_1-MLC', '--context', '1000000000'], /context/],
    ['an unknown model id', () => ['Llama-9-1B-q4f16_1-MLC'], /Unknown model 'Llama-9-1B-q4f16_1-MLC'/],
    ['an unknown device', () => ['Llama-3.2-1B-Instruct-q4f16_1-MLC', '--device', 'Voodoo'], /Device 'Voodoo'/],
  ])('%s: a message naming it', async (_name, args, message) => {
    const { error } = await planHere(...args());
    expect(error).toMatch(message);
  });
});
