// Which variants Compare warns about: those whose recorded calibration SHA-256 is the reference
// text's, hashed here with node:crypto as an independent check of textSha256 (UTF-8 bytes).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calibrationOverlaps, overlapWarning } from '../../../../src/core/compare/calibration-overlap.ts';
import { textSha256 } from '../../../../src/core/compress/calibration/source.ts';

describe('calibration overlap', () => {
  it('matches a variant calibrated on the same text, byte for byte, and no other', async () => {
    const text = 'CHAPTER 1. Loomings.\n\nCall me Ishmael — “some years ago”.';
    const sha = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
    expect(await textSha256(text)).toBe(sha);
    const variants = [
      { name: 'wanda 50%', calibration: { name: 'moby-llama-1m/calibration.txt', sha256: sha, tokens: 20 } },
      { name: 'awq q4', calibration: { name: 'other.txt', sha256: await textSha256(`${text} `), tokens: 21 } },
      { name: 'api', calibration: { name: 'activations given without their text', sha256: null, tokens: 5 } },
      { name: 'q4' },
    ];
    const hits = calibrationOverlaps(variants, sha);
    expect(hits.map((v) => v.name)).toEqual(['wanda 50%']);
    expect(overlapWarning(hits[0]!)).toMatch(/^wanda 50% was calibrated on moby-llama-1m\/calibration\.txt, the same text this comparison scores/);
  });
});
