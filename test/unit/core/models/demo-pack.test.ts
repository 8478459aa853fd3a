// The committed offline demo pack (public/models, built by `npm run demo-pack`): every file is the one
// the manifest describes, the figures it publishes are reproduced here from the files themselves
// (excerpt perplexity with onnxruntime, unigram baseline, token counts, a greedy sample), and the
// pack stays within its size budget.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llamaConfigFromHf } from '../../../../src/core/models/hf-files.ts';
import { greedyGenerate } from '../../../../src/core/models/llama-runner.ts';
import { countParameters } from '../../../../src/core/models/llama-weights.ts';
import { createSession } from '../../../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../../../src/core/tokenizer/tokenizer-json.ts';
import { loadMobyDick, splitCorpus } from '../../../../scripts/demo-pack/corpus.ts';
import { slidingPerplexity, unigramPerplexity } from '../../../../scripts/demo-pack/evaluate.ts';

const PACK = join(process.cwd(), 'public/models');
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(PACK, path), 'utf8'));

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    return sum + (statSync(path).isDirectory() ? folderBytes(path) : statSync(path).size);
  }, 0);
}

describe('offline demo pack', () => {
  const index = readJson('index.json');
  const entry = index.models[0];
  const manifest = readJson(entry.manifest);
  const config = llamaConfigFromHf(readJson(`${entry.path}config.json`));
  const tokenizer = new BpeTokenizer(fromTokenizerJson(readJson(`${entry.path}tokenizer.json`)));
  const excerpt = readFileSync(join(PACK, entry.path, manifest.excerpt.file), 'utf8');

  it('lists a model whose files match the manifest byte for byte, within the size budget', () => {
    expect(index.models.length).toBeGreaterThan(0);
    for (const [path, info] of Object.entries(manifest.files as Record<string, { bytes: number; sha256: string }>)) {
      const bytes = readFileSync(join(PACK, entry.path, path));
      expect(bytes.length, path).toBe(info.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), path).toBe(info.sha256);
    }
    expect(folderBytes(PACK)).toBeLessThan(20 * 1024 * 1024);
    expect(Buffer.byteLength(excerpt)).toBeLessThan(20 * 1024);
  });

  it('describes the architecture in config.json, and the student is smaller with the same vocabulary', () => {
    expect(manifest.parameters).toBe(countParameters(config));
    expect([manifest.layers, manifest.hidden_size, manifest.vocab_size]).toEqual([config.num_hidden_layers, config.hidden_size, config.vocab_size]);
    expect(tokenizer.vocabSize).toBe(config.vocab_size);
    const student = llamaConfigFromHf(readJson(`${entry.path}${manifest.student.file}`));
    expect(student.vocab_size).toBe(config.vocab_size);
    expect(countParameters(student)).toBeLessThan(countParameters(config) / 2);
  });

  it('reproduces the published excerpt perplexity and unigram baselines; the teacher is far below unigram', async () => {
    const split = splitCorpus(loadMobyDick(), 0.05);
    expect(split.heldout.map((d) => d.id)).toEqual(manifest.heldout.documents);
    const trainTokens = tokenizer.encode(split.trainText);
    const heldoutTokens = tokenizer.encode(split.heldoutText);
    const excerptTokens = tokenizer.encode(excerpt.replace(/\n$/, ''));
    expect(split.heldoutText.startsWith(excerpt.replace(/\n$/, ''))).toBe(true);
    expect([heldoutTokens.length, excerptTokens.length]).toEqual([manifest.heldout.tokens, manifest.excerpt.tokens]);
    expect(unigramPerplexity(trainTokens, heldoutTokens, config.vocab_size).perplexity).toBeCloseTo(manifest.heldout.unigram_perplexity, 3);

    const { session } = await createSession(readFileSync(join(PACK, entry.path, 'onnx/model.onnx')), 'wasm');
    const measured = await slidingPerplexity(session, config, excerptTokens, manifest.heldout.context, manifest.heldout.stride);
    expect(measured.perplexity).toBeCloseTo(manifest.excerpt.perplexity, 2);
    expect(manifest.heldout.perplexity).toBeLessThan(manifest.heldout.unigram_perplexity / 3);

    const sample = manifest.samples.items[0];
    const generated = await greedyGenerate(session, config, tokenizer.encode(sample.prompt), 8);
    expect(sample.continuation.startsWith(tokenizer.decode(generated))).toBe(true);
    await session.release();
  });
});
