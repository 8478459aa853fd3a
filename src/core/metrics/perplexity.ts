// Perplexity as llama.cpp's perplexity tool defines it: per position nll = logsumexp(z) - z_t,
// PPL = exp(mean nll), reported "± ppl * stderr(nll)" (first-order error propagation of exp).
// Compare perplexities only under the same text, context, stride and tokenizer.
import { InvalidArgumentError } from '../errors.ts';
import { meanAndStdErr } from './stats.ts';
import type { TopKDistribution } from './top-k.ts';

export interface PerplexityFigure {
  /** exp(mean nll). */
  value: number;
  /** Standard error: value * stderr(mean nll). */
  stdErr: number;
  /** Mean negative log-likelihood in nats per token. */
  meanNll: number;
  /** Number of scored positions. */
  tokens: number;
}

/** PPL from per-position NLLs ([n] nats). Throws for an empty input or a non-finite NLL. */
export function perplexityFromNll(nll: ArrayLike<number>): PerplexityFigure {
  if (nll.length === 0) throw new InvalidArgumentError('Perplexity needs at least one scored token; the reference text is too short.');
  for (let i = 0; i < nll.length; i++) {
    if (!Number.isFinite(nll[i]!)) {
      throw new InvalidArgumentError(`The negative log-likelihood at position ${i} is ${nll[i]}; the model gave the actual token zero probability or non-finite logits.`);
    }
  }
  const { mean, stdErr } = meanAndStdErr(nll);
  const value = Math.exp(mean);
  return { value, stdErr: value * stdErr, meanNll: mean, tokens: nll.length };
}

/** PPL of the targets of a scored distribution: nll_r = -targetLogProbs[r]. */
export function perplexityFromDistribution(dist: TopKDistribution): PerplexityFigure {
  const nll = new Float64Array(dist.rows);
  for (let r = 0; r < dist.rows; r++) nll[r] = -dist.targetLogProbs[r]!;
  return perplexityFromNll(nll);
}
