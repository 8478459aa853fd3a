// The task model the pack ships (public/models/world-llama-3m, built by `npm run task-pack`): the ONNX
// graph the project's builder made from the PyTorch weights gives PyTorch's logits (reference-logits.json,
// written by scripts/task-model/train.py from the same weights), in one pass and through the KV cache
// as generation runs it; the tokenizer spells every digit as its own token.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llamaConfigFromHf } from '../../../../src/core/models/hf-files.ts';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { countParameters } from '../../../../src/core/models/llama-weights.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../../../src/core/tokenizer/tokenizer-json.ts';

const MODEL = process.env.TASK_MODEL_DIR ?? join(process.cwd(), 'public/models/world-llama-3m');
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(MODEL, path), 'utf8'));

interface Reference {
  input_ids: number[];
  vocab_ids: number[];
  logits: number[][];
  argmax: number[];
}

describe.runIf(existsSync(join(MODEL, 'onnx/model.onnx')))('task model export', () => {
  const config = llamaConfigFromHf(readJson('config.json'));
  const reference = readJson('reference-logits.json') as Reference;

  async function logitsOf(split: number): Promise<Float32Array> {
    const { session } = await createSession(readFileSync(join(MODEL, 'onnx/model.onnx')), 'wasm');
    try {
      const ids = reference.input_ids;
      const first = await runLlamaStep(session, config, { inputIds: [ids.slice(0, split)] });
      if (split === ids.length) return first.logits;
      const rest = await runLlamaStep(session, config, { inputIds: [ids.slice(split)], past: first.cache });
      const out = new Float32Array(ids.length * config.vocab_size);
      out.set(first.logits);
      out.set(rest.logits, first.logits.length);
      return out;
    } finally {
      await session.release();
    }
  }

  function expectReference(logits: Float32Array): void {
    const v = config.vocab_size;
    let worst = 0;
    reference.logits.forEach((row, s) => {
      row.forEach((expected, k) => {
        worst = Math.max(worst, Math.abs(logits[s * v + reference.vocab_ids[k]!]! - expected));
      });
      let best = 0;
      for (let i = 1; i < v; i++) if (logits[s * v + i]! > logits[s * v + best]!) best = i;
      expect(best, `argmax at position ${s}`).toBe(reference.argmax[s]);
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
  }

  it('gives the PyTorch logits for the reference tokens in one pass (max |diff| <= 1e-4)', async () => {
    expect(reference.input_ids.length).toBeGreaterThanOrEqual(8);
    // The reference must say something: a model that learned nothing has near-equal logits.
    const spread = Math.max(...reference.logits.flat()) - Math.min(...reference.logits.flat());
    expect(spread).toBeGreaterThan(1);
    expectReference(await logitsOf(reference.input_ids.length));
  });

  it('gives the same logits when the second half runs through the KV cache', async () => {
    expectReference(await logitsOf(Math.floor(reference.input_ids.length / 2)));
  });

  it('has a context of at least 512 tokens, the manifest parameter count, and one token per digit', () => {
    expect(config.max_position_embeddings).toBeGreaterThanOrEqual(512);
    const manifest = existsSync(join(MODEL, 'manifest.json')) ? readJson('manifest.json') : undefined;
    if (manifest) expect(manifest.parameters).toBe(countParameters(config));
    const tokenizer = new BpeTokenizer(fromTokenizerJson(readJson('tokenizer.json')));
    expect(tokenizer.vocabSize).toBe(config.vocab_size);
    const ids = tokenizer.encode('result = 5179 - 302');
    expect(tokenizer.decode(ids)).toBe('result = 5179 - 302');
    const digits = ids.map((id) => tokenizer.decode([id])).filter((piece) => /[0-9]/.test(piece));
    expect(digits).toEqual(['5', '1', '7', '9', '3', '0', '2']);
  });
});
