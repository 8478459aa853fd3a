// Greedy agreement and a top-K KLD bound for engines that report generated tokens as text with
// their top-n log-probs but no token ids (web-llm: at most 5 alternatives). Token strings are mapped
// to ids in a table local to the comparison, then compared as compareGreedyGeneration does: token
// agreement over the whole output, and over the positions where both saw the same context a KLD
// that is a lower bound (top-n of the baseline plus one remainder bucket; labelled with K = n).
// Distinct ids that decode to the same text collapse into one entry: noted as an approximation.
import { compareGreedyGeneration, type GenerationComparison } from './generation-comparison.ts';
import { createTopKDistribution, writeRow, type TopKDistribution } from './top-k.ts';

/** One generated token as text, with its log-prob and its top-n alternatives. */
export interface TokenTextRow {
  token: string;
  logprob: number;
  top: ReadonlyArray<{ token: string; logprob: number }>;
}

class TokenTable {
  readonly #ids = new Map<string, number>();
  id(token: string): number {
    let id = this.#ids.get(token);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(token, id);
    }
    return id;
  }
  get size(): number {
    return this.#ids.size;
  }
}

/** Rows with k alternatives each (k = the smallest row's count), or null when some row has none. */
function toDistribution(rows: readonly TokenTextRow[], table: TokenTable, vocabSize: number): TopKDistribution | null {
  const k = Math.min(...rows.map((row) => row.top.length));
  if (rows.length === 0 || !(k >= 1)) return null;
  const dist = createTopKDistribution(rows.length, k, vocabSize);
  rows.forEach((row, r) => {
    const top = row.top.slice(0, k);
    const listed = top.reduce((sum, t) => sum + Math.exp(t.logprob), 0);
    writeRow(dist, r, { ids: top.map((t) => table.id(t.token)), logProbs: top.map((t) => t.logprob), restMass: Math.max(0, 1 - listed) }, table.id(row.token), row.logprob);
  });
  return dist;
}

/**
 * `vocabSize`: the model's vocabulary (for spreading remainders); token texts compared as strings.
 * Null when the baseline reported no alternatives at all.
 */
export function compareTokenTextGeneration(baseline: readonly TokenTextRow[], variant: readonly TokenTextRow[], vocabSize: number): GenerationComparison | null {
  const table = new TokenTable();
  // Enough room for every string seen, whatever the model's vocabulary says.
  const room = Math.max(vocabSize, [...baseline, ...variant].reduce((n, row) => n + 1 + row.top.length, 0));
  const base = toDistribution(baseline, table, room);
  if (!base) return null;
  const variantIds = variant.map((row) => table.id(row.token));
  const variantRows = variant.length > 0 ? toDistribution(variant, table, room) : null;
  return compareGreedyGeneration(base, variantIds, variantRows ?? undefined);
}
