// `llm-lab distill` in-process on a tiny teacher folder: --json figures, an output folder that
// `llm-lab eval` accepts (and scores to the same perplexity the distill report gives), the
// generated transfer set, and bad inputs that exit 1 with a message saying what to change.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { llamaHfConfig } from '../../../src/core/models/hf-files.ts';
import { CONFIG, modelFiles, TempPack, TEXT } from '../core/engines/onnx/fixture.ts';

const STUDENT = { ...CONFIG, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1 };

let pack: TempPack;
let teacher: string;

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: pack.root });
  return { code, stdout, stderr };
}

describe('llm-lab distill', () => {
  beforeAll(async () => {
    pack = await TempPack.create();
    teacher = await pack.add('teacher', modelFiles(7));
    await writeFile(join(pack.root, 'student.json'), JSON.stringify(llamaHfConfig(STUDENT)));
    await writeFile(join(pack.root, 'wide.json'), JSON.stringify(llamaHfConfig({ ...STUDENT, vocab_size: STUDENT.vocab_size + 8 })));
    await writeFile(join(pack.root, 'corpus.txt'), `${TEXT}\n`.repeat(6));
    await writeFile(join(pack.root, 'empty.txt'), '\n');
    await writeFile(join(pack.root, 'prompts.txt'), 'Call me\nSome years ago\n');
  });
  afterAll(() => pack.remove());

  it('trains, writes a model folder that llm-lab eval scores the same, and reports figures as JSON', async () => {
    const run = await cli('distill', '--teacher', 'teacher', '--student-config', 'student.json', '--transfer', 'corpus.txt', '--steps', '4', '--batch', '2', '--context', '16', '--alpha', '0.5', '--temperature', '2', '-o', 'out', '--json');
    expect(run.stderr).toMatch(/step 4\/4/);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.steps).toBe(4);
    expect(report.final.total).toBeCloseTo(0.5 * report.final.soft + 0.5 * report.final.hard, 5);
    expect(report.tokensPerSecond).toBeGreaterThan(0);
    for (const key of ['ppl', 'kldToTeacher', 'top1', 'teacherPpl']) expect(Number.isFinite(report[key])).toBe(true);
    expect(report.kldToTeacher).toBeGreaterThan(0);

    const evaluated = await cli('eval', 'out', '--text', 'out/heldout.txt', '--baseline', 'teacher', '--json');
    expect(evaluated.code).toBe(0);
    const scored = JSON.parse(evaluated.stdout);
    expect(scored.ppl).toBe(report.ppl);
    expect(scored.kld).toBe(report.kldToTeacher);
    const config = JSON.parse(await readFile(join(pack.root, 'out/config.json'), 'utf8'));
    expect(config.hidden_size).toBe(16);
    expect(await readFile(join(pack.root, 'out/tokenizer.json'))).toEqual(await readFile(join(teacher, 'tokenizer.json')));
  });

  it('learns from completions the teacher generates from a prompts file', async () => {
    const run = await cli('distill', '--teacher', 'teacher', '--student-config', 'student.json', '--generate', 'prompts.txt', '--max-new-tokens', '40', '--heldout', 'corpus.txt', '--steps', '2', '--batch', '2', '--context', '16', '-o', 'gen', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.transfer.kind).toBe('generate');
    expect(report.transfer.description).toMatch(/2 teacher completions \(T 1, top-k 40, top-p 0.95, seed 1/);
  });

  it('rejects a foreign vocabulary, a context beyond the teacher and an empty transfer set with exit 1', async () => {
    const base = ['distill', '--teacher', 'teacher', '--steps', '2', '-o', 'bad'];
    const wide = await cli(...base, '--student-config', 'wide.json', '--transfer', 'corpus.txt', '--context', '16');
    expect(wide.code).toBe(1);
    expect(wide.stderr).toMatch(/set vocab_size to/);
    const long = await cli(...base, '--student-config', 'student.json', '--transfer', 'corpus.txt', '--context', '200');
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/at most 96/);
    const empty = await cli(...base, '--student-config', 'student.json', '--transfer', 'empty.txt', '--context', '16');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/transfer text is empty/);
    const neither = await cli(...base, '--student-config', 'student.json');
    expect(neither.code).toBe(2);
  });
});
