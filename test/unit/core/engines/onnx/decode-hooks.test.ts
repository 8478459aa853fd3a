// The per-step decode pieces, against brute-force definitions: nucleus filtering keeps the smallest
// top set reaching p, temperature divides, streaming never splits a UTF-8 character.
import { describe, expect, it } from 'vitest';
import { TextStream, TokenLogProbRecorder, applyTemperature, applyTopP } from '../../../../../src/core/engines/onnx/decode-hooks.ts';
import { InvalidArgumentError } from '../../../../../src/core/errors.ts';

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

describe('applyTopP', () => {
  it('keeps exactly the smallest most-likely set whose mass reaches p', () => {
    const logits = [0.3, 2.0, -1.0, 1.2, 0.9, -3.0];
    const probs = softmax(logits);
    for (const p of [0.05, 0.4, 0.6, 0.8, 0.95, 0.999]) {
      const order = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!);
      const expected = new Set<number>();
      let mass = 0;
      for (const i of order) {
        if (mass >= p) break;
        expected.add(i);
        mass += probs[i]!;
      }
      const row = Float32Array.from(logits);
      applyTopP(row, p);
      const kept = new Set([...row.keys()].filter((i) => row[i] !== Number.NEGATIVE_INFINITY));
      expect(kept).toEqual(expected);
      for (const i of kept) expect(row[i]).toBe(Math.fround(logits[i]!));
    }
  });

  it('keeps everything at p = 1 and rejects p outside (0, 1]', () => {
    const row = Float32Array.from([1, 2, 3]);
    applyTopP(row, 1);
    expect(Array.from(row)).toEqual([1, 2, 3]);
    expect(() => applyTopP(row, 0)).toThrow(InvalidArgumentError);
  });
});

describe('applyTemperature', () => {
  it('divides logits by T and refuses T <= 0', () => {
    const row = Float32Array.from([1, -2, 4]);
    applyTemperature(row, 2);
    expect(Array.from(row)).toEqual([0.5, -1, 2]);
    expect(() => applyTemperature(row, 0)).toThrow(/greedy/);
  });
});

describe('TokenLogProbRecorder', () => {
  it('records the row as it was before later hooks edited it', () => {
    const recorder = new TokenLogProbRecorder(2);
    const row = Float32Array.from([0, 1, 3]);
    recorder.observe(row);
    row.fill(-100); // a later hook
    recorder.commit(1);
    const dist = recorder.distribution()!;
    const probs = softmax([0, 1, 3]);
    expect(Array.from(dist.ids)).toEqual([2, 1]);
    expect(dist.targetLogProbs[0]).toBeCloseTo(Math.log(probs[1]!), 6);
    expect(dist.restMass[0]).toBeCloseTo(probs[0]!, 10);
  });
});

describe('TextStream', () => {
  it('holds back a character split across tokens and never emits U+FFFD', () => {
    // A 2-byte character arrives in two tokens; a decoder of byte ids shows U+FFFD until both are in.
    const bytes = [0x68, 0x69, 0xc3, 0xa9, 0x21]; // "hié!" minus the i: h i é !
    const decode = (ids: readonly number[]) => new TextDecoder().decode(Uint8Array.from(ids, (id) => bytes[id]!));
    const stream = new TextStream(decode);
    const pieces = [0, 1, 2, 3, 4].map((id) => stream.push(id));
    expect(pieces).toEqual(['h', 'i', '', 'é', '!']);
    expect(pieces.join('')).toBe('hié!');
  });
});
