// `llm-lab generate` in-process over a tiny model folder: the greedy text equals onnxruntime's own
// greedy loop (src/core/models/llama-runner.ts, no transformers.js); the same seed prints the same
// text, another seed another; temperature 0 is greedy; bad values are usage errors (exit 2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { greedyGenerate } from '../../../src/core/models/llama-runner.ts';
import { createSession } from '../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../src/core/tokenizer/bpe-tokenizer.ts';
import { CONFIG, TOKENIZER, TempPack, modelFiles, onnxBytes } from '../core/engines/onnx/fixture.ts';

const PROMPT = 'Call me Ishmael. Some years';

interface Generated {
  text: string;
  tokenIds: number[];
  finishReason: string;
  sampling: { greedy: boolean; seed: number };
}

async function generate(pack: TempPack, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), cwd: pack.root };
  const code = await main(['generate', 'teacher', '--prompt', PROMPT, '--max-new-tokens', '12', '--ignore-eos', ...args], io);
  return { code, stdout, stderr };
}

async function json(pack: TempPack, ...args: string[]): Promise<Generated> {
  const result = await generate(pack, '--json', ...args);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Generated;
}

describe('llm-lab generate', () => {
  let pack: TempPack;

  beforeAll(async () => {
    pack = await TempPack.create();
    await pack.add('teacher', modelFiles(7));
  });
  afterAll(() => pack.remove());

  it('greedy by default and at temperature 0: the tokens of a plain onnxruntime greedy loop', async () => {
    const greedy = await json(pack);
    const { session } = await createSession(onnxBytes(7), 'wasm');
    const expected = await greedyGenerate(session, { ...CONFIG, eos_token_id: -1 }, new BpeTokenizer(TOKENIZER).encode(PROMPT), 12);
    await session.release();
    expect(greedy.tokenIds).toEqual(expected);
    expect(greedy.sampling.greedy).toBe(true);
    expect((await json(pack, '--temperature', '0', '--seed', '5')).text).toBe(greedy.text);
  });

  it('same seed, same text; another seed, another text', async () => {
    const sample = (seed: string) => json(pack, '--temperature', '1.2', '--top-k', '40', '--top-p', '0.95', '--seed', seed);
    const [a, b, c] = [await sample('7'), await sample('7'), await sample('8')];
    expect(a.sampling).toMatchObject({ greedy: false, seed: 7 });
    expect(b.text).toBe(a.text);
    expect(c.text).not.toBe(a.text);
    const plain = await generate(pack, '--temperature', '1.2', '--top-k', '40', '--top-p', '0.95', '--seed', '7');
    expect(plain.stdout).toBe(`${PROMPT}${a.text}\n`);
  });

  it('refuses bad values as usage errors', async () => {
    for (const bad of [['--top-p', '0'], ['--temperature', '-1'], ['--seed', '1.5'], ['--max-new-tokens', '0'], ['--top-k', 'x']]) {
      expect((await generate(pack, ...bad)).code).toBe(2);
    }
  });
});
