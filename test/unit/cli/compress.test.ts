// `llm-lab compress`, spawned as a user runs it (`node bin/llm-lab.mjs compress ...`): a table and a
// summary line, --json with input/output bytes and per-tensor entries (sizes checked against the
// files written), external data in and out (the output runs in onnxruntime with its data file and
// computes what the in-process pipeline's output computes), calibration text tokenized with the demo
// pack's tokenizer.json one folder up, a bad recipe (exit 1, one line) and bad usage (exit 2).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compressModel } from '../../../src/core/compress/index.ts';
import { buildLlamaOnnx } from '../../../src/core/models/llama-onnx.ts';
import { runLlamaStep } from '../../../src/core/models/llama-runner.ts';
import { randomLlamaWeights } from '../../../src/core/models/llama-weights.ts';
import { decodeModel, encodeModel, writeModelWithExternalData } from '../../../src/core/onnx/index.ts';
import { createSession } from '../../../src/core/runtime/ort.ts';
import { TINY_CONFIG } from '../core/models/tiny-llama.ts';
import { teacherAvailable, TEACHER_DIR } from '../core/compress/teacher.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'llm-lab-compress-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function llmLab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/llm-lab.mjs', 'compress', ...args], { cwd: process.cwd(), timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const tinyBytes = encodeModel(buildLlamaOnnx(TINY_CONFIG, randomLlamaWeights(TINY_CONFIG, 7, { std: 0.2, randomNorms: true })));
const tinyPath = join(folder, 'tiny.onnx');
writeFileSync(tinyPath, tinyBytes);

async function logits(bytes: Uint8Array, externalData: { path: string; data: Uint8Array }[] = []): Promise<Float32Array> {
  const { session } = await createSession(bytes, 'wasm', externalData);
  const out = await runLlamaStep(session, TINY_CONFIG, { inputIds: [[5, 17, 42, 8]] });
  await session.release();
  return out.logits;
}

describe('llm-lab compress (spawned)', () => {
  it('prints a table of tensors and a summary line', async () => {
    const result = await llmLab(tinyPath, '-o', join(folder, 'tiny_int8.onnx'), '--quant', 'int8', '--exclude', 'lm_head', '--exclude', 'k_proj');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Recipe: int8\n\nTensors \(12\)\n  name +method +shape +bits\/w +size +rmse +sqnr dB/);
    expect(result.stdout).toMatch(/model\.layers\.0\.mlp\.up_proj\.weight +int8 +\[32, 48\] +9\.00 +6\.0 KB -> 1\.7 KB/);
    expect(result.stdout).not.toMatch(/lm_head|k_proj/);
    expect(result.stdout).toMatch(/\nWrote .*tiny_int8\.onnx: .* -> .* \(\d+\.\d\dx smaller\), gzip .*; runs on wasm, webgpu; /);
  });

  it('--json prints one object whose sizes match the files written', async () => {
    const out = join(folder, 'tiny_q4.onnx');
    const result = await llmLab(tinyPath, '-o', out, '--quant', 'q4', '--block', '16', '--asym', '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.input).toMatchObject({ bytes: tinyBytes.length, file: tinyPath });
    expect(report.output).toMatchObject({ bytes: statSync(out).size, file: out, externalData: [] });
    expect(report.tensors).toHaveLength(15);
    expect(report.tensors[0]).toMatchObject({ name: 'model.layers.0.self_attn.q_proj.weight', method: 'q4', shape: [32, 32], bitsPerWeight: 6.25 }); // 4 + 32/16 (scale) + 4/16 (zero point)
    // Same bytes as the pipeline called in-process (deterministic, same recipe).
    const inProcess = await compressModel({ model: tinyBytes }, report.recipe, { externalDataLocation: 'tiny_q4.onnx_data' });
    expect(Buffer.compare(readFileSync(out), inProcess.model)).toBe(0);
  });

  it('reads external data next to the input and writes <out>.onnx_data next to the output', async () => {
    const inputFolder = join(folder, 'external');
    mkdirSync(inputFolder);
    const written = writeModelWithExternalData(decodeModel(tinyBytes), { location: 'model.onnx_data', sizeThreshold: 512 });
    writeFileSync(join(inputFolder, 'model.onnx'), written.model);
    writeFileSync(join(inputFolder, 'model.onnx_data'), written.files[0]!.data);
    const out = join(folder, 'ext_q8.onnx');
    const result = await llmLab(join(inputFolder, 'model.onnx'), '-o', out, '--quant', 'q8', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).output.externalData).toEqual([`${out}_data`]);
    expect(existsSync(`${out}_data`)).toBe(true);
    const data = new Uint8Array(readFileSync(`${out}_data`));
    const inProcess = await compressModel({ model: tinyBytes }, { version: 1, steps: [{ kind: 'quantize', method: 'q8' }] });
    expect(await logits(new Uint8Array(readFileSync(out)), [{ path: 'ext_q8.onnx_data', data }])).toEqual(await logits(inProcess.model));
  });

  it('fails with one line and exit 1 for a bad recipe or a missing data file', async () => {
    const recipe = join(folder, 'bad.json');
    writeFileSync(recipe, JSON.stringify({ version: 1, steps: [{ kind: 'quantize', method: 'q4', blockSize: 24 }] }));
    const bad = await llmLab(tinyPath, '-o', join(folder, 'x.onnx'), '--recipe', recipe);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('llm-lab: steps[0].blockSize must be one of 16, 32, 64, 128; got 24.\n');
    const awq = await llmLab(tinyPath, '-o', join(folder, 'x.onnx'), '--quant', 'q4', '--awq');
    expect(awq.code).toBe(1);
    expect(awq.stderr).toMatch(/^llm-lab: steps\[0\]: AWQ needs calibration text: pass --calib/);
    const lonely = join(folder, 'lonely');
    mkdirSync(lonely);
    writeFileSync(join(lonely, 'model.onnx'), writeModelWithExternalData(decodeModel(tinyBytes), { sizeThreshold: 512 }).model);
    const missing = await llmLab(join(lonely, 'model.onnx'), '-o', join(folder, 'y.onnx'), '--quant', 'int8');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^llm-lab: model\.onnx keeps \d+ bytes of weights in 'model\.onnx_data', which is not next to it/);
    expect(existsSync(join(folder, 'x.onnx'))).toBe(false);
  });

  it('creates the output folder; a path it cannot write is exit 1 with one line', async () => {
    const out = join(folder, 'variants/q8/onnx/model.onnx');
    const result = await llmLab(tinyPath, '-o', out, '--quant', 'q8');
    expect(result.code, result.stderr).toBe(0);
    expect(decodeModel(readFileSync(out)).graph!.node!.some((node) => node.opType === 'MatMulNBits')).toBe(true);
    const underAFile = await llmLab(tinyPath, '-o', join(tinyPath, 'model.onnx'), '--quant', 'q8');
    expect(underAFile.code).toBe(1);
    expect(underAFile.stderr).toMatch(/^llm-lab: Cannot write .*tiny\.onnx\/model\.onnx: .+\.\n$/);
  });

  it('exits 2 with the usage line for bad usage', async () => {
    for (const args of [['--quant', 'q4'], ['-o', 'x.onnx', '--quant', 'q3'], ['-o', 'x.onnx', '--quant', 'q4', '--block', '24'], ['-o', 'x.onnx'], ['-o', 'x.onnx', '--quant', 'int8', '--awq'], ['-o', 'x.onnx', '--quant', 'q4', '--recipe', 'r.json']]) {
      const result = await llmLab(tinyPath, ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^llm-lab compress: .+\nusage: llm-lab compress <in\.onnx> /);
    }
  });

  it.runIf(teacherAvailable())('--calib tokenizes text with the tokenizer.json one folder up (AWQ, Wanda)', async () => {
    const text = join(folder, 'calib.txt');
    writeFileSync(text, readFileSync(join(TEACHER_DIR, 'heldout.txt'), 'utf8').slice(0, 3000));
    const out = join(folder, 'awq.onnx');
    // One weight keeps the AWQ search short.
    const result = await llmLab(join(TEACHER_DIR, 'onnx/model.onnx'), '-o', out, '--quant', 'q4', '--awq', '--prune', 'wanda', '--sparsity', '0.25', '--include', 'layers\\.0\\.mlp\\.up_proj', '--calib', text, '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.tensors.map((tensor: { method: string }) => tensor.method)).toEqual([expect.stringMatching(/^wanda 25%/), 'q4']);
    expect(report.tensors[1].awq.errorBest).toBeLessThanOrEqual(report.tensors[1].awq.errorRtn);
  }, 180_000);
});
