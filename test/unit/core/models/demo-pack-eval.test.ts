// The demo pack's evaluation math (scripts/demo-pack/evaluate.ts): sliding windows score every target
// exactly once, the windowed perplexity equals a by-hand computation from one full forward pass when
// the text fits in one window, and the unigram baseline follows its add-one definition.
import { describe, expect, it } from 'vitest';
import { runLlamaStep } from '../../../../src/core/models/llama-runner.ts';
import { slidingPerplexity, slidingWindows, unigramPerplexity } from '../../../../scripts/demo-pack/evaluate.ts';
import { makeTinyModel } from './tiny-llama.ts';

describe('held-out evaluation', () => {
  it('sliding windows cover targets 1..n-1 once, with a full window of context after the first', () => {
    for (const [n, context, stride] of [[10, 4, 2], [300, 128, 64], [128, 128, 64], [5, 128, 64]] as const) {
      const seen: number[] = [];
      for (const w of slidingWindows(n, context, stride)) {
        expect(w.end - w.begin).toBeLessThanOrEqual(context);
        for (let t = w.firstTarget; t < w.end; t++) seen.push(t);
        if (w.begin > 0) expect(w.firstTarget - w.begin).toBeGreaterThanOrEqual(context - stride);
      }
      expect(seen).toEqual(Array.from({ length: n - 1 }, (_, i) => i + 1));
    }
  });

  it('equals exp(mean nll) from one forward pass when the text fits one window', async () => {
    const model = await makeTinyModel();
    const tokens = [5, 17, 42, 8, 63, 30, 11, 4, 27, 9, 50, 33];
    const { logits } = await runLlamaStep(model.session, model.config, { inputIds: [tokens] });
    let nll = 0;
    for (let p = 0; p + 1 < tokens.length; p++) {
      const row = Array.from(logits.subarray(p * 64, (p + 1) * 64));
      const max = Math.max(...row);
      nll += max + Math.log(row.reduce((s, z) => s + Math.exp(z - max), 0)) - row[tokens[p + 1]!]!;
    }
    const result = await slidingPerplexity(model.session, model.config, tokens, 64, 32);
    expect(result.scored).toBe(tokens.length - 1);
    expect(result.perplexity).toBeCloseTo(Math.exp(nll / (tokens.length - 1)), 4);
    // With a window of 4, later targets see less context: a different (here: worse or equal) figure.
    const short = await slidingPerplexity(model.session, model.config, tokens, 4, 2);
    expect(short.scored).toBe(tokens.length - 1);
    expect(short.perplexity).not.toBeCloseTo(result.perplexity, 4);
  });

  it('unigram baseline uses add-one smoothing over the vocabulary', () => {
    // counts: token 0 x3, token 1 x1; N = 4, V = 3 -> p = [4/7, 2/7, 1/7]
    const result = unigramPerplexity([0, 0, 0, 1], [2, 0, 1, 2], 3);
    const expected = Math.exp(-(Math.log(4 / 7) + Math.log(2 / 7) + Math.log(1 / 7)) / 3);
    expect(result.scored).toBe(3);
    expect(result.perplexity).toBeCloseTo(expected, 12);
  });
});
