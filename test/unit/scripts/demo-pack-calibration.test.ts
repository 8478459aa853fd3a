// The demo pack's calibration text (scripts/demo-pack, public/models/<teacher>/calibration.txt):
// rebuilt here from the corpus it was cut from, it is the committed file byte for byte, comes from
// training documents only, shares no paragraph with the held-out text, and the manifest and index
// describe it as it is.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationExcerpt, loadMobyDick, splitCorpus } from '../../../scripts/demo-pack/corpus.ts';
import * as pack from '../../../scripts/demo-pack/pack-config.ts';
import { BpeTokenizer } from '../../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../../src/core/tokenizer/tokenizer-json.ts';

const FOLDER = join(process.cwd(), 'public/models', pack.MODEL_NAME);
const manifest = JSON.parse(readFileSync(join(FOLDER, 'manifest.json'), 'utf8'));

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + (statSync(join(dir, name)).isDirectory() ? folderBytes(join(dir, name)) : statSync(join(dir, name)).size), 0);
}

describe('demo pack calibration text', () => {
  const split = splitCorpus(loadMobyDick(), pack.HELDOUT_FRACTION);
  const committed = readFileSync(join(FOLDER, manifest.calibration.file), 'utf8');

  it('is what the pack build cuts from the training documents, byte for byte', () => {
    const rebuilt = calibrationExcerpt(split, pack.CALIBRATION_FIRST_DOCUMENT, pack.CALIBRATION_MAX_BYTES);
    expect(committed).toBe(`${rebuilt.text}\n`);
    expect(manifest.calibration.documents).toEqual(rebuilt.documents);
    expect(split.trainText.includes(rebuilt.text)).toBe(true);
    expect(Buffer.byteLength(committed)).toBe(manifest.calibration.bytes);
    const tokenizer = new BpeTokenizer(fromTokenizerJson(JSON.parse(readFileSync(join(FOLDER, 'tokenizer.json'), 'utf8'))));
    expect(tokenizer.encode(rebuilt.text).length).toBe(manifest.calibration.tokens);
  });

  it('shares no paragraph with the held-out text or heldout.txt', () => {
    const heldout = new Set([...split.heldoutText.split('\n'), ...readFileSync(join(FOLDER, 'heldout.txt'), 'utf8').split('\n')].filter((p) => p.length > 40));
    const shared = committed.split('\n').filter((paragraph) => heldout.has(paragraph));
    expect(shared).toEqual([]);
    expect(committed).not.toBe(readFileSync(join(FOLDER, 'heldout.txt'), 'utf8'));
  });

  it('refuses to start calibration at a held-out document', () => {
    expect(() => calibrationExcerpt(split, split.heldout[0]!.id, 1024)).toThrow(/not one/);
  });

  it("the index's size for the model folder counts every file in it", () => {
    const index = JSON.parse(readFileSync(join(FOLDER, '..', 'index.json'), 'utf8'));
    const entry = index.models.find((m: { name: string }) => m.name === pack.MODEL_NAME);
    expect(entry.size_bytes).toBe(folderBytes(FOLDER));
  });
});
