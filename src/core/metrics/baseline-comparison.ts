// Compares a variant with a stored baseline position by position and summarizes as llama.cpp's
// perplexity tool does with --kl-divergence: KLD mean ± stderr, median and percentiles p90..p99.9
// (linear interpolation), same top-1 ± stderr, delta-p = q_t - p_t of the actual token (mean ±
// stderr, RMS), and ln(PPL(q) / PPL(p)) = mean(nll_q - nll_p). The KLD is over the full vocabulary
// when the baseline's full distributions were kept (log-prob-table.ts); otherwise it is the top-K +
// remainder lower bound, and says so (`kldMethod: 'topK'`, `kldTopK: K`).
import { InvalidArgumentError } from '../errors.ts';
import { LOG_PROB_FLOOR, klFromLogits, klFromTopK, logProbFromTopK } from './kl-divergence.ts';
import { klFromTable, type LogProbTable } from './log-prob-table.ts';
import { argmax, logSumExp } from './log-softmax.ts';
import { NOTE_GENERATION, NOTE_TAIL_SPREAD, approximateQuality, kldBoundNote, exactQuality, type MetricMethod, type MetricQuality } from './quality.ts';
import { meanAndStdErr, meanAndStdErrFromSums, percentileSorted, proportionStdErr, sortedCopy } from './stats.ts';
import { readRow, type TopKDistribution, type TopKRow } from './top-k.ts';

export interface KldSummary {
  mean: number;
  stdErr: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  /** llama.cpp's 99.9th percentile; absent in results stored before it was reported. */
  p999?: number;
  min: number;
  max: number;
}

export interface BaselineComparison {
  /** Positions compared. */
  positions: number;
  kld: KldSummary;
  /**
   * full: KL over the whole vocabulary against the baseline's stored distribution. topK: a lower
   * bound from the baseline's top-K tokens plus one remainder bucket (show it as "KLD ≥"). Results
   * stored before this field existed were all top-64 bounds.
   */
  kldMethod?: KldMethod;
  /** K of the bound when kldMethod is topK, else null. */
  kldTopK?: number | null;
  /** Share of positions where the variant's most likely token is the baseline's. */
  sameTop1: { fraction: number; stdErr: number };
  /** q_t - p_t for the actual next token t (probabilities, not log). */
  deltaP: { mean: number; stdErr: number; rms: number; rmsStdErr: number };
  /** mean(nll_variant - nll_baseline) = ln(PPL(variant) / PPL(baseline)). */
  logPerplexityRatio: { mean: number; stdErr: number };
  /** Baseline entries whose variant probability was approximated (0 when exact). */
  approximatedEntries: number;
  quality: MetricQuality;
}

export type KldMethod = 'full' | 'topK';

/** How a comparison's KLD was computed, for results stored before `kldMethod` existed too. */
export function kldMethodOf(comparison: Pick<BaselineComparison, 'kldMethod' | 'kldTopK'>): { method: KldMethod; topK: number | null } {
  if (comparison.kldMethod === 'full') return { method: 'full', topK: null };
  return { method: 'topK', topK: comparison.kldTopK ?? 64 };
}

/** "KLD (full vocabulary)" or "KLD ≥ (top-64 bound)": the label every KLD figure carries. */
export function kldLabel(comparison: Pick<BaselineComparison, 'kldMethod' | 'kldTopK'>): string {
  const { method, topK } = kldMethodOf(comparison);
  return method === 'full' ? 'KLD (full vocabulary)' : `KLD ≥ (top-${topK} bound)`;
}

/** Accumulates per-position figures; add each baseline row at most once, in any order. */
export class ComparisonAccumulator {
  readonly #baseline: TopKDistribution;
  readonly #method: MetricMethod;
  readonly #full: LogProbTable | null;
  #fullRows = 0;
  readonly #kld: Float64Array;
  readonly #seen: Uint8Array;
  #count = 0;
  #sameTop1 = 0;
  #deltaP: number[] = [];
  #nllDiff: number[] = [];
  #approximated = 0;

  /** `full`: the baseline's full distributions (same rows); with it, KLD from logits is exact. */
  constructor(baseline: TopKDistribution, method: MetricMethod, full: LogProbTable | null = null) {
    if (full && (full.rows !== baseline.rows || full.vocabSize !== baseline.vocabSize)) {
      throw new InvalidArgumentError(`The baseline's full distributions (${full.rows} x ${full.vocabSize}) do not match its top-k rows (${baseline.rows} x ${baseline.vocabSize}).`);
    }
    this.#baseline = baseline;
    this.#method = method;
    this.#full = full;
    this.#kld = new Float64Array(baseline.rows);
    this.#seen = new Uint8Array(baseline.rows);
  }

  get count(): number {
    return this.#count;
  }

  /** Row r from the variant's full logits ([V] float32): exact. */
  addLogits(r: number, logits: ArrayLike<number>): void {
    const base = this.#row(r);
    if (logits.length !== this.#baseline.vocabSize) {
      throw new InvalidArgumentError(`The variant has ${logits.length} logits per position but the baseline vocabulary has ${this.#baseline.vocabSize}; they use different tokenizers.`);
    }
    let kld: number;
    let normalizer: number;
    if (this.#full) {
      kld = klFromTable(this.#full, r, logits);
      normalizer = logSumExp(logits);
      this.#fullRows++;
    } else {
      ({ kld, logSumExp: normalizer } = klFromLogits(base, logits));
    }
    const target = this.#baseline.targetIds[r]!;
    this.#record(r, kld, argmax(logits) === base.ids[0], logits[target]! - normalizer);
  }

  /**
   * Row r from the variant's top-k + remainder. `variantTargetLogProb` is the variant's exact
   * log-prob of the baseline's target token when known (forced scoring); otherwise it is looked up
   * in the row (approximated when unlisted).
   */
  addTopK(r: number, variant: TopKRow, variantTargetLogProb?: number): void {
    const base = this.#row(r);
    const { kld, approximatedIds } = klFromTopK(base, variant, this.#baseline.vocabSize);
    this.#approximated += approximatedIds;
    let targetLogProb = variantTargetLogProb;
    if (targetLogProb === undefined) {
      const found = logProbFromTopK(variant, this.#baseline.targetIds[r]!, this.#baseline.vocabSize);
      if (found.approximated) this.#approximated++;
      targetLogProb = found.logProb;
    }
    this.#record(r, kld, variant.ids[0] === base.ids[0], targetLogProb);
  }

  result(): BaselineComparison {
    const n = this.#count;
    if (n === 0) throw new InvalidArgumentError('No positions were compared with the baseline, so there are no figures to report.');
    const values = new Float64Array(n);
    let k = 0;
    for (let r = 0; r < this.#seen.length; r++) if (this.#seen[r]) values[k++] = this.#kld[r]!;
    const sorted = sortedCopy(values);
    const kld = meanAndStdErr(values);
    const fraction = this.#sameTop1 / n;
    const deltaP = meanAndStdErr(this.#deltaP);
    return {
      positions: n,
      ...this.#kldMethod(),
      kld: {
        mean: kld.mean,
        stdErr: kld.stdErr,
        median: percentileSorted(sorted, 0.5),
        p90: percentileSorted(sorted, 0.9),
        p95: percentileSorted(sorted, 0.95),
        p99: percentileSorted(sorted, 0.99),
        p999: percentileSorted(sorted, 0.999),
        min: sorted[0]!,
        max: sorted[n - 1]!,
      },
      sameTop1: { fraction, stdErr: proportionStdErr(fraction, n) },
      deltaP: { mean: deltaP.mean, stdErr: deltaP.stdErr, ...rmsWithError(this.#deltaP) },
      logPerplexityRatio: meanAndStdErr(this.#nllDiff),
      approximatedEntries: this.#approximated,
      quality: this.#quality(),
    };
  }

  #row(r: number): TopKRow {
    if (!Number.isInteger(r) || r < 0 || r >= this.#baseline.rows) {
      throw new InvalidArgumentError(`Position ${r} is outside the baseline's ${this.#baseline.rows} scored positions.`);
    }
    if (this.#seen[r]) throw new InvalidArgumentError(`Position ${r} was already compared; each position counts once.`);
    return readRow(this.#baseline, r);
  }

  #record(r: number, kld: number, sameTop1: boolean, variantTargetLogProb: number): void {
    const baseTargetLogProb = this.#baseline.targetLogProbs[r]!;
    this.#seen[r] = 1;
    this.#kld[r] = kld;
    this.#count++;
    if (sameTop1) this.#sameTop1++;
    this.#deltaP.push(Math.exp(variantTargetLogProb) - Math.exp(baseTargetLogProb));
    this.#nllDiff.push(baseTargetLogProb - Math.max(variantTargetLogProb, LOG_PROB_FLOOR));
  }

  /** Full only when every position was compared over the full vocabulary. */
  #kldMethod(): { kldMethod: KldMethod; kldTopK: number | null } {
    return this.#full && this.#fullRows === this.#count ? { kldMethod: 'full', kldTopK: null } : { kldMethod: 'topK', kldTopK: this.#baseline.k };
  }

  #quality(): MetricQuality {
    const notes = this.#approximated > 0 ? [NOTE_TAIL_SPREAD] : [];
    if (this.#kldMethod().kldMethod === 'topK' && this.#baseline.k < this.#baseline.vocabSize) notes.unshift(kldBoundNote(this.#baseline.k));
    if (this.#method === 'greedy-generation') return approximateQuality(this.#method, NOTE_GENERATION, ...notes);
    return notes.length ? approximateQuality(this.#method, ...notes) : exactQuality(this.#method);
  }
}

/** RMS of delta-p with llama.cpp's error: d(rms) = d(mse) / (2 rms), d(mse) from sums of p^2 and p^4. */
function rmsWithError(deltaP: readonly number[]): { rms: number; rmsStdErr: number } {
  let sum2 = 0;
  let sum4 = 0;
  for (const d of deltaP) {
    sum2 += d * d;
    sum4 += d * d * d * d;
  }
  const mse = meanAndStdErrFromSums(sum2, sum4, deltaP.length);
  const rms = Math.sqrt(mse.mean);
  return { rms, rmsStdErr: rms > 0 ? mse.stdErr / (2 * rms) : 0 };
}

function assertSameText(baseline: TopKDistribution, variant: TopKDistribution): void {
  if (baseline.vocabSize !== variant.vocabSize) {
    throw new InvalidArgumentError(`The baseline has a vocabulary of ${baseline.vocabSize} and the variant ${variant.vocabSize}; compare only variants of the same model (same tokenizer).`);
  }
  if (baseline.rows !== variant.rows) {
    throw new InvalidArgumentError(`The baseline scored ${baseline.rows} positions and the variant ${variant.rows}; score the same text with the same tokenizer and context.`);
  }
  for (let r = 0; r < baseline.rows; r++) {
    if (baseline.targetIds[r] !== variant.targetIds[r]) {
      throw new InvalidArgumentError(`The baseline and the variant disagree on the token at position ${r + 1}; they were scored on different texts or tokenizations.`);
    }
  }
}

/** Teacher-forced comparison from two top-k distributions over the same tokens (exact iff no baseline id is missing from the variant's rows). */
export function compareDistributions(baseline: TopKDistribution, variant: TopKDistribution): BaselineComparison {
  assertSameText(baseline, variant);
  const accumulator = new ComparisonAccumulator(baseline, 'forced-top-k');
  for (let r = 0; r < baseline.rows; r++) accumulator.addTopK(r, readRow(variant, r), variant.targetLogProbs[r]!);
  return accumulator.result();
}
