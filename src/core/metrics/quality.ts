// Labels saying how a quality figure was obtained, so tables can mark approximations. Exact means
// exact over the full vocabulary; a KLD against a top-K baseline is marked as a bound.
export type MetricMethod =
  /** Teacher-forced reference text, variant's full logits. */
  | 'forced-full-logits'
  /** Teacher-forced reference text, variant known only as top-k + remainder. */
  | 'forced-top-k'
  /** No forced scoring (web-llm): the variant's own greedy generation and its top log-probs. */
  | 'greedy-generation';

export interface MetricQuality {
  exact: boolean;
  method: MetricMethod;
  /** Why a figure is approximate, one sentence each; empty when exact. */
  notes: string[];
}

export const NOTE_TAIL_SPREAD =
  'Baseline top-k ids missing from the variant\'s own top-k were given the variant\'s remainder mass spread uniformly over the ids it did not list (approximation).';
export const NOTE_GENERATION =
  'Measured on the variant\'s own greedy output, compared with the baseline only up to the first diverging token; not comparable to teacher-forced figures (approximation).';
export const NOTE_SELF_PERPLEXITY =
  'Perplexity of the model on its own greedy output, not on the reference text (approximation).';

/** Said of every KLD computed against a top-K + remainder baseline: it can only underestimate. */
export function kldBoundNote(k: number): string {
  return `KL divergence is a lower bound (KLD ≥): the baseline kept only its top-${k} tokens plus one bucket for the rest of the vocabulary.`;
}

export function exactQuality(method: MetricMethod): MetricQuality {
  return { exact: true, method, notes: [] };
}

export function approximateQuality(method: MetricMethod, ...notes: string[]): MetricQuality {
  return { exact: false, method, notes };
}
