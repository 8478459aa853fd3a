import { describe, expect, it } from 'vitest';
import { perplexityFromDistribution, perplexityFromNll } from '../../../../src/core/metrics/perplexity.ts';
import { nllAt } from '../../../../src/core/metrics/log-softmax.ts';
import { createTopKDistribution, scoreRowInto } from '../../../../src/core/metrics/top-k.ts';

describe('perplexity', () => {
  it('is V for a uniform model over V tokens', () => {
    for (const vocab of [2, 17, 50_000]) {
      const logits = new Float32Array(vocab).fill(0.25);
      const nll = [0, 1, vocab - 1].map((t) => nllAt(logits, t));
      const ppl = perplexityFromNll(nll);
      expect(ppl.value).toBeCloseTo(vocab, 6);
      expect(ppl.stdErr).toBe(0);
    }
  });

  it('matches a two-token example computed by hand', () => {
    // logits [ln 3, 0] -> p = [0.75, 0.25]; the text's next tokens are 0 then 1.
    const logits = new Float32Array([Math.log(3), 0]);
    const nll = [nllAt(logits, 0), nllAt(logits, 1)];
    expect(nll[0]).toBeCloseTo(-Math.log(0.75), 7);
    expect(nll[1]).toBeCloseTo(-Math.log(0.25), 7);
    const ppl = perplexityFromNll(nll);
    // exp(mean nll) = (0.75 * 0.25)^(-1/2) = 2.3094...
    expect(ppl.value).toBeCloseTo(1 / Math.sqrt(0.1875), 6);
    // two values a, b: E[x^2] - E[x]^2 = ((a - b) / 2)^2, stderr = |a - b| / 2 = ln(3) / 2
    expect(ppl.stdErr).toBeCloseTo(ppl.value * (Math.log(3) / 2), 6);
    expect(ppl.tokens).toBe(2);
  });

  it('reads the target log-probs of a scored distribution', () => {
    const dist = createTopKDistribution(2, 1, 2);
    const logits = new Float32Array([Math.log(3), 0]);
    scoreRowInto(dist, 0, logits, 0);
    scoreRowInto(dist, 1, logits, 1);
    expect(perplexityFromDistribution(dist).value).toBeCloseTo(1 / Math.sqrt(0.1875), 6);
  });

  it('refuses empty input and zero-probability tokens with a reason', () => {
    expect(() => perplexityFromNll([])).toThrow(/too short/);
    expect(() => perplexityFromNll([1, Infinity])).toThrow(/position 1/);
  });
});
