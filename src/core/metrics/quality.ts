// Labels saying how a quality figure was obtained, so tables can mark approximations. Exact means
// exact with respect to the stored baseline (its own tail is kept as one remainder bucket).
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

export function exactQuality(method: MetricMethod): MetricQuality {
  return { exact: true, method, notes: [] };
}

export function approximateQuality(method: MetricMethod, ...notes: string[]): MetricQuality {
  return { exact: false, method, notes };
}
