// `llm-lab eval` spawned for real (node bin/llm-lab.mjs): perplexity of a text under a tiny model
// folder, checked against onnxruntime run directly with NLL in float64; with --baseline the model
// against another model (KL 0 against itself is checked in-process by engine-score.test.ts); the
// demo teacher's held-out perplexity as the pack's build measured it; usage and input errors exit 2 and 1.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../src/core/tokenizer/bpe-tokenizer.ts';
import { main } from '../../../src/cli/main.ts';
import type { EvalReport } from '../../../src/cli/commands/eval-report.ts';
import { ReferenceModel, TEXT, TOKENIZER, TempPack, logProb, modelFiles, onnxBytes } from '../core/engines/onnx/fixture.ts';

const run = promisify(execFile);
/** Short enough for one window of the tiny model's 96-token context. */
const SHORT = TEXT.slice(0, 140);

async function evalCli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/llm-lab.mjs', 'eval', ...args], { timeout: 120_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** Perplexity of SHORT in one window, independently of the engine. */
async function referencePerplexity(seed: number): Promise<number> {
  const ids = new BpeTokenizer(TOKENIZER).encode(SHORT);
  expect(ids.length).toBeLessThan(96);
  const model = await ReferenceModel.open(onnxBytes(seed));
  const logits = await model.logits(ids);
  await model.release();
  let nll = 0;
  for (let t = 1; t < ids.length; t++) nll -= logProb(logits.subarray((t - 1) * model.vocabSize, t * model.vocabSize), ids[t]!);
  return Math.exp(nll / (ids.length - 1));
}

describe('llm-lab eval', () => {
  let pack: TempPack;
  let textFile: string;

  beforeAll(async () => {
    pack = await TempPack.create();
    // Spawned CLIs inherit it: baselines are cached in the temporary pack, not in ~/.cache.
    process.env.LLM_LAB_CACHE_DIR = join(pack.root, 'cache');
    await pack.add('teacher', modelFiles(7));
    await pack.add('student', modelFiles(8));
    textFile = join(pack.root, 'text.txt');
    await writeFile(textFile, SHORT);
  });
  afterAll(() => pack.remove());

  it('prints perplexity with its error and the token count for a model.onnx (tokenizer from the folder above onnx/)', async () => {
    const result = await evalCli(join(pack.folder('teacher'), 'onnx/model.onnx'), '--text', textFile, '--context', '96');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const tokens = new BpeTokenizer(TOKENIZER).encode(SHORT).length;
    expect(result.stdout).toContain(`${tokens} tokens, ${tokens - 1} scored`);
    const [, value] = /perplexity\s+([\d.e+]+) ± [\d.e+-]+/.exec(result.stdout)!;
    // Printed with four significant digits.
    expect(Math.abs(Number(value) / (await referencePerplexity(7)) - 1)).toBeLessThan(5e-4);
  });

  it('--json --baseline: the model against another, and ppl equal to the independent figure', async () => {
    const result = await evalCli(pack.folder('student'), '--text', textFile, '--baseline', pack.folder('teacher'), '--context', '96', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport & { kld: number; top1: number; baseline: { ppl: number } };
    expect(Math.abs(report.ppl / (await referencePerplexity(8)) - 1)).toBeLessThan(1e-5);
    expect(Math.abs(report.baseline.ppl / (await referencePerplexity(7)) - 1)).toBeLessThan(1e-5);
    expect(report.tokens).toBe(new BpeTokenizer(TOKENIZER).encode(SHORT).length);
    expect(report.kld).toBeGreaterThan(0.01);
    expect(report.top1).toBeLessThan(1);
    expect(report.context).toBe(96);
    expect(report.stride).toBe(48);
    expect(report).toMatchObject({ kldMethod: 'full', kldTopK: null, pplMethod: 'strided' });
    expect(report.kldP999).toBeGreaterThanOrEqual(report.kldP99!);
  });

  it("gives the demo teacher's held-out perplexity the pack's build measured", async () => {
    // scripts/demo-pack/evaluate.ts scored heldout.txt with its own forward loop and the same 128/64
    // windows, except that its last window starts on the stride grid (a little less context).
    const index = JSON.parse(await readFile('public/models/index.json', 'utf8')) as { models: Array<{ path: string }> };
    const folder = join('public/models', index.models[0]!.path);
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as { excerpt: { file: string; perplexity: number } };
    const result = await evalCli(folder, '--text', join(folder, manifest.excerpt.file), '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect([report.context, report.stride]).toEqual([128, 64]);
    expect(Math.abs(report.ppl / manifest.excerpt.perplexity - 1)).toBeLessThan(0.005);
  });

  it('exits 2 on bad usage and 1 on bad input, with one line saying why', async () => {
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), cwd: pack.root } };
    };
    const missingText = io();
    expect(await main(['eval', 'teacher'], missingText.io)).toBe(2);
    expect(missingText.out.stderr).toMatch(/missing --text/);
    const badContext = io();
    expect(await main(['eval', 'teacher', '--text', 'text.txt', '--context', '0'], badContext.io)).toBe(2);
    const noModel = io();
    expect(await main(['eval', 'nowhere', '--text', 'text.txt'], noModel.io)).toBe(1);
    expect(noModel.out.stderr).toMatch(/^llm-lab: Cannot read nowhere: no such file or folder\.\n$/);
    const loose = io();
    await writeFile(join(pack.root, 'loose.onnx'), onnxBytes(7));
    expect(await main(['eval', 'loose.onnx', '--text', 'text.txt'], loose.io)).toBe(1);
    expect(loose.out.stderr).toMatch(/Found no config\.json, tokenizer\.json, tokenizer_config\.json for loose\.onnx/);
  });
});
