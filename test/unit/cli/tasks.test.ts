// `llm-lab tasks` in-process. make: the same seed writes byte-identical folders, another seed does
// not. eval: a tiny random LLaMA (the project's own builder; task-trainer's model is not needed for
// plumbing) answers through the ONNX engine, and each answer equals onnxruntime's own greedy loop
// (src/core/models/llama-runner.ts) cut at the stop string — accuracy itself is ~0 for random weights.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { greedyGenerate } from '../../../src/core/models/llama-runner.ts';
import { createSession } from '../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, TOKENIZER, TempPack, modelFiles, onnxBytes } from '../core/engines/onnx/fixture.ts';

const LONG = { ...CONFIG, max_position_embeddings: 1024 };

async function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { code, stdout, stderr };
}

async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(relative(root, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

describe('llm-lab tasks', () => {
  let pack: TempPack;
  let root: string;

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('tiny', modelFiles(7, LONG));
    root = await mkdtemp(join(tmpdir(), 'tasks-cli-'));
  });
  afterAll(async () => {
    await pack.remove();
    await rm(root, { recursive: true, force: true });
  });

  it('make: same seed, byte-identical files; another seed, another world; bad seeds are usage errors', async () => {
    for (const [out, seed] of [['a', '4'], ['b', '4'], ['c', '9']] as const) {
      const result = await run(root, 'tasks', 'make', '--seed', seed, '--out', out, '--train-scale', '0.02', '--json');
      expect(result.code, result.stderr).toBe(0);
    }
    const [a, b, c] = [await tree(join(root, 'a')), await tree(join(root, 'b')), await tree(join(root, 'c'))];
    expect(a.size).toBeGreaterThan(90);
    expect(b).toEqual(a);
    expect(c.get('world.json')).not.toBe(a.get('world.json'));
    const manifest = JSON.parse(a.get('manifest.json')!) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual([...a.keys()].filter((p) => p !== 'manifest.json').sort());
    expect((await run(root, 'tasks', 'make', '--seed', '-1', '--out', 'x')).code).toBe(2);
    expect((await run(root, 'tasks', 'frobnicate')).code).toBe(2);
  });

  it('eval: answers through the ONNX engine equal a plain onnxruntime greedy loop cut at the stop', async () => {
    const items = join(root, 'a', 'items', 'test.jsonl');
    const result = await run(root, 'tasks', 'eval', '--model', pack.folder('tiny'), '--task', 'closed', '--items', items, '--limit', '2', '--json');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { items: number; records: { id: string; output: string }[]; rates: Record<string, unknown> };
    expect(summary.items).toBe(2);
    expect(Object.keys(summary.rates)).toContain('stale');
    const prompts = new Map((await readFile(items, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; prompt: string }).map((i) => [i.id, i.prompt]));
    const { session } = await createSession(onnxBytes(7, LONG), 'wasm');
    const tokenizer = new BpeTokenizer(TOKENIZER);
    for (const record of summary.records) {
      const ids = await greedyGenerate(session, LONG, tokenizer.encode(prompts.get(record.id)!), 32);
      const text = tokenizer.decode(ids.filter((id) => id !== LONG.eos_token_id));
      expect(record.output).toBe(text.split('\n')[0]);
    }
    await session.release();
    const missing = await run(root, 'tasks', 'eval', '--model', pack.folder('tiny'), '--task', 'closed', '--items', 'nope.jsonl');
    expect(missing.code).toBe(1);
  }, 120_000);
});
