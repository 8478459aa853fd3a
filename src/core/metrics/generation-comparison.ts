// Approximate quality figures for engines that cannot score forced text (web-llm): agreement of the
// variant's greedy output with the baseline's greedy output for the same prompt, and, over the
// positions where both saw the same context (up to and including the first diverging token), KL /
// same top-1 / delta-p from the variant's top log-probs against the baseline's top-k rows.
import { InvalidArgumentError } from '../errors.ts';
import { ComparisonAccumulator, type BaselineComparison } from './baseline-comparison.ts';
import { perplexityFromDistribution, type PerplexityFigure } from './perplexity.ts';
import { NOTE_GENERATION, NOTE_SELF_PERPLEXITY, approximateQuality, type MetricQuality } from './quality.ts';
import { readRow, type TopKDistribution } from './top-k.ts';

export interface GreedyAgreement {
  baselineTokens: number;
  variantTokens: number;
  /** Tokens equal from the start up to the first divergence. */
  matchingPrefix: number;
  /** Index of the first differing token (or where the shorter output ended); null when identical. */
  firstDivergence: number | null;
  /** matchingPrefix / baselineTokens. */
  prefixAgreement: number;
  /** Positions i with equal tokens divided by the longer output's length. */
  overallAgreement: number;
}

/** Token-level agreement of two greedy outputs (ids from the same tokenizer). */
export function greedyAgreement(baseline: ArrayLike<number>, variant: ArrayLike<number>): GreedyAgreement {
  if (baseline.length === 0) throw new InvalidArgumentError('The baseline generated no tokens, so there is nothing to agree with; generate at least one token.');
  const shorter = Math.min(baseline.length, variant.length);
  const longer = Math.max(baseline.length, variant.length);
  let matchingPrefix = 0;
  while (matchingPrefix < shorter && baseline[matchingPrefix] === variant[matchingPrefix]) matchingPrefix++;
  let equal = 0;
  for (let i = 0; i < shorter; i++) if (baseline[i] === variant[i]) equal++;
  const identical = matchingPrefix === longer;
  return {
    baselineTokens: baseline.length,
    variantTokens: variant.length,
    matchingPrefix,
    firstDivergence: identical ? null : matchingPrefix,
    prefixAgreement: matchingPrefix / baseline.length,
    overallAgreement: equal / longer,
  };
}

export interface GenerationComparison {
  agreement: GreedyAgreement;
  /** Over the shared-context positions; null when the variant reported no top log-probs. */
  comparison: BaselineComparison | null;
  /** The variant's perplexity on its own output (not the reference text's). */
  selfPerplexity: PerplexityFigure | null;
  /** Always approximate; token agreement itself is exact, the distribution figures are not. */
  quality: MetricQuality;
}

/**
 * `baseline`: the baseline's greedy generation for the prompt, rows = its tokens, targetIds = its
 * token ids, with top-k rows (an ONNX engine's `tokenLogProbs`). `variantTokens`: the variant's greedy
 * ids; `variantLogProbs`: its per-token top-n log-probs when the engine reports them (rows aligned
 * with `variantTokens`).
 */
export function compareGreedyGeneration(
  baseline: TopKDistribution,
  variantTokens: ArrayLike<number>,
  variantLogProbs?: TopKDistribution,
): GenerationComparison {
  const agreement = greedyAgreement(baseline.targetIds, variantTokens);
  let comparison: BaselineComparison | null = null;
  let selfPerplexity: PerplexityFigure | null = null;
  if (variantLogProbs && variantLogProbs.rows > 0) {
    if (variantLogProbs.vocabSize !== baseline.vocabSize) {
      throw new InvalidArgumentError(`The baseline has a vocabulary of ${baseline.vocabSize} and the variant ${variantLogProbs.vocabSize}; greedy outputs compare only under the same tokenizer.`);
    }
    if (variantLogProbs.rows !== variantTokens.length) {
      throw new InvalidArgumentError(`The variant reported log-probs for ${variantLogProbs.rows} tokens but generated ${variantTokens.length}.`);
    }
    // Row r has the same context in both iff tokens 0..r-1 agree: r <= matchingPrefix.
    const last = Math.min(agreement.matchingPrefix, baseline.rows - 1, variantLogProbs.rows - 1);
    const accumulator = new ComparisonAccumulator(baseline, 'greedy-generation');
    for (let r = 0; r <= last; r++) accumulator.addTopK(r, readRow(variantLogProbs, r));
    comparison = accumulator.result();
    selfPerplexity = perplexityFromDistribution(variantLogProbs);
  }
  return {
    agreement,
    comparison,
    selfPerplexity,
    quality: approximateQuality('greedy-generation', NOTE_GENERATION, NOTE_SELF_PERPLEXITY),
  };
}
