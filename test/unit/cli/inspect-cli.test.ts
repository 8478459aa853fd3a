// The real `llm-lab` command, spawned as a user runs it (`node bin/llm-lab.mjs ...`, TypeScript
// through tsx, no build): a fixture as a table and as JSON (numbers checked against inspectModel
// in-process), a model with external data written by our writer, a truncated file (exit 1, one
// line, no stack), bad usage (exit 2 with a usage line); and bin/run-ts.mjs passing arguments.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/core/onnx/codec.ts';
import { writeModelWithExternalData } from '../../../src/core/onnx/external-data-write.ts';
import { inspectModel } from '../../../src/core/onnx/inspect.ts';
import { readBytes, realFixture } from '../core/onnx/helpers.ts';
import { buildLinearModel } from '../core/onnx/models.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'llm-lab-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(script: string, ...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd: process.cwd(), timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const llmLab = (...args: string[]) => cli('bin/llm-lab.mjs', ...args);

describe('llm-lab inspect (spawned)', () => {
  it('prints aligned tables for a real export', async () => {
    const result = await llmLab('inspect', realFixture('ort_bert_toy_optimized.onnx'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ort_bert_toy_optimized\.onnx \(251\.3 KB\)/);
    expect(result.stdout).toMatch(/IR version +4/);
    expect(result.stdout).toMatch(/input_ids +int64 +\[batch, max_seq_len_in_batch\]/);
    expect(result.stdout).toMatch(/Operators \(22 types, 384 nodes\)\n  op +count\n  Add +79/);
    expect(result.stdout).toMatch(/Parameters: 56,414 in 94 initializers, 220\.4 KB/);
    expect(result.stdout).toMatch(/bert\.embeddings\.position_embeddings\.weight +float32 +\[512, 32\] +64\.0 KB/);
  });

  it('--json prints one object with the same numbers as inspectModel', async () => {
    const path = realFixture('ort_gpt2_nopast_pytorch1.4_opset11.onnx');
    const result = await llmLab('inspect', path, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const expected = inspectModel(decodeModel(readBytes(path)));
    expect(report).toMatchObject({ irVersion: 4, opsets: { 'ai.onnx': 11 }, params: expected.params, ops: expected.ops });
    expect(report.inputs).toEqual([{ name: 'input_ids', dtype: 'int64', shape: ['batch_size', 'seq_len'] }]);
    expect(report.initializers).toHaveLength(332);
    expect(report.initializers).toEqual(JSON.parse(JSON.stringify(expected.initializers)));
    expect(Object.keys(report.initializers[0])).toEqual(expect.arrayContaining(['name', 'dtype', 'shape', 'bytes', 'zeros']));
  });

  it('reads external data next to the model; a missing data file is a one-line error', async () => {
    const model = buildLinearModel();
    const written = writeModelWithExternalData(model, { location: 'linear.onnx_data', sizeThreshold: 1024 });
    writeFileSync(join(folder, 'linear.onnx'), written.model);
    writeFileSync(join(folder, 'linear.onnx_data'), written.files[0]!.data);
    const result = await llmLab('inspect', join(folder, 'linear.onnx'), '--json');
    expect(result.code).toBe(0);
    const weight = JSON.parse(result.stdout).initializers.find((tensor: { name: string }) => tensor.name === 'W');
    const inline = inspectModel(model).initializers.find((tensor) => tensor.name === 'W')!;
    expect(weight).toEqual({ ...inline, storage: 'external' });

    rmSync(join(folder, 'linear.onnx_data'));
    const missing = await llmLab('inspect', join(folder, 'linear.onnx'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^llm-lab: Tensor 'W' keeps its data in 'linear\.onnx_data', which was not provided\..*\n$/);
  });

  it('a truncated file: exit 1, one line on stderr, no stack trace', async () => {
    const bytes = readBytes(realFixture('genai_tiny-qwen35_decoder_fp16.onnx'));
    writeFileSync(join(folder, 'cut.onnx'), bytes.subarray(0, 200_000));
    const result = await llmLab('inspect', join(folder, 'cut.onnx'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^llm-lab: \S*\/cut\.onnx is truncated: expected \d+ more bytes at offset 200000 .*fetch the file again\.\n$/);
  });

  it('bad usage: exit 2 with a usage line; --help: exit 0', async () => {
    const missing = await llmLab('inspect');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('llm-lab inspect: missing <model.onnx>\nusage: llm-lab inspect <model.onnx> [--json] [--all]\n');
    const unknown = await llmLab('inspect', 'x.onnx', '--jsn');
    expect(unknown.code).toBe(2);
    const help = await llmLab('inspect', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: llm-lab inspect <model\.onnx> \[--json\] \[--all\]/);
  });
});

describe('bin/run-ts.mjs', () => {
  it('runs a TypeScript file with its own arguments in process.argv', async () => {
    const script = join(folder, 'echo-args.ts');
    writeFileSync(script, "const args: string[] = process.argv.slice(2);\nprocess.stdout.write(JSON.stringify(args));\n");
    const result = await cli('bin/run-ts.mjs', script, 'a', '--flag', 'b c');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['a', '--flag', 'b c']);
  });
});
