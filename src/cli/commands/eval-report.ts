// What `llm-lab eval` reports, as one flat object (--json prints it as is) and as aligned text.
// Figures as llama.cpp's perplexity tool gives them: PPL ± stderr (with the method that scored it),
// KLD mean ± stderr, median, p99, p99.9 (full vocabulary, or a top-K lower bound, labelled), same
// top-1 ± stderr, delta-p mean and RMS.
import type { LoadReport, ScoreResult } from '../../core/engines/types.ts';
import { kldLabel, type KldMethod } from '../../core/metrics/baseline-comparison.ts';
import { perplexityFromDistribution } from '../../core/metrics/perplexity.ts';
import { PERPLEXITY_METHOD_LABELS, type PerplexityMethod } from '../../core/metrics/scoring-plan.ts';
import { formatCount, formatNumber, formatPercent, renderTable } from '../format.ts';

export interface EvalReport {
  model: string;
  text: string;
  executionProvider: string;
  /** Tokens in the text; `scored` positions (strided: all but the first; llama.cpp: second halves of chunks). */
  tokens: number;
  scored: number;
  context: number;
  stride: number;
  /** How positions were scored: strided windows, or llama.cpp's chunks. */
  pplMethod: PerplexityMethod;
  ppl: number;
  pplStdErr: number;
  meanNll: number;
  loadMs: number;
  scoreMs: number;
  baseline?: {
    model: string;
    ppl: number;
    pplStdErr: number;
  };
  /** Mean KL divergence (nats) from the baseline's distribution to the model's. */
  kld?: number;
  kldStdErr?: number;
  kldMedian?: number;
  kldP99?: number;
  kldP999?: number;
  /** full: over the whole vocabulary; topK: a lower bound from the baseline's top-K (kldTopK) tokens. */
  kldMethod?: KldMethod;
  kldTopK?: number | null;
  /** Share of positions where both most likely tokens agree (0..1). */
  top1?: number;
  top1StdErr?: number;
  /** p_model - p_baseline of the actual token. */
  deltaP?: { mean: number; stdErr: number; rms: number };
  /** mean(nll_model - nll_baseline) = ln(PPL_model / PPL_baseline). */
  lnPplRatio?: number;
}

interface Scored {
  load: LoadReport;
  score: ScoreResult;
}

export interface EvalInput {
  model: string;
  baseline?: string;
  text: string;
  variant: Scored;
  reference?: Scored;
}

export function buildEvalReport({ model, baseline, text, variant, reference }: EvalInput): EvalReport {
  const ppl = perplexityFromDistribution(variant.score.distribution);
  const report: EvalReport = {
    model,
    text,
    executionProvider: variant.load.executionProvider,
    tokens: variant.score.tokenIds.length,
    scored: ppl.tokens,
    context: variant.score.context,
    stride: variant.score.stride,
    pplMethod: variant.score.method,
    ppl: ppl.value,
    pplStdErr: ppl.stdErr,
    meanNll: ppl.meanNll,
    loadMs: variant.load.loadMs,
    scoreMs: variant.score.totalMs,
  };
  const comparison = variant.score.comparison;
  if (!reference || !comparison || baseline === undefined) return report;
  const basePpl = perplexityFromDistribution(reference.score.distribution);
  return {
    ...report,
    baseline: { model: baseline, ppl: basePpl.value, pplStdErr: basePpl.stdErr },
    kld: comparison.kld.mean,
    kldStdErr: comparison.kld.stdErr,
    kldMedian: comparison.kld.median,
    kldP99: comparison.kld.p99,
    kldP999: comparison.kld.p999 ?? comparison.kld.p99,
    kldMethod: comparison.kldMethod ?? 'topK',
    kldTopK: comparison.kldTopK ?? null,
    top1: comparison.sameTop1.fraction,
    top1StdErr: comparison.sameTop1.stdErr,
    deltaP: { mean: comparison.deltaP.mean, stdErr: comparison.deltaP.stdErr, rms: comparison.deltaP.rms },
    lnPplRatio: comparison.logPerplexityRatio.mean,
  };
}

const plusMinus = (value: number, stdErr: number): string => `${formatNumber(value)} ± ${formatNumber(stdErr)}`;

export function renderEvalReport(report: EvalReport): string {
  const rows: string[][] = [
    ['model', `${report.model} (${report.executionProvider})`],
    ['text', `${report.text}: ${formatCount(report.tokens)} tokens, ${formatCount(report.scored)} scored`],
    ['windows', report.pplMethod === 'strided' ? `context ${report.context}, stride ${report.stride}` : `chunks of ${report.context}`],
    ['perplexity', `${plusMinus(report.ppl, report.pplStdErr)} (${PERPLEXITY_METHOD_LABELS[report.pplMethod]})`],
  ];
  if (report.baseline && report.kld !== undefined) {
    rows.push(
      ['baseline', `${report.baseline.model}: perplexity ${plusMinus(report.baseline.ppl, report.baseline.pplStdErr)}`],
      [kldLabel({ kldMethod: report.kldMethod, kldTopK: report.kldTopK }), `mean ${plusMinus(report.kld, report.kldStdErr!)}, median ${formatNumber(report.kldMedian!)}, p99 ${formatNumber(report.kldP99!)}, p99.9 ${formatNumber(report.kldP999!)}`],
      ['same top-1', `${formatPercent(report.top1!)} ± ${formatPercent(report.top1StdErr!)}`],
      ['delta-p', `mean ${formatPercent(report.deltaP!.mean)} ± ${formatPercent(report.deltaP!.stdErr)}, RMS ${formatPercent(report.deltaP!.rms)}`],
      ['ln(PPL/base)', formatNumber(report.lnPplRatio!)],
    );
  }
  return `${renderTable(['', ''], rows, ['left', 'left'], '').slice(1).join('\n')}\n`;
}
