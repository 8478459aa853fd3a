// Teacher-forced scoring of a token sequence (metrics/scoring-plan.ts: strided windows or llama.cpp
// chunks): each pass is one forward pass with no cache; the rows of the positions it scores become
// top-k rows (k = 64 by default) with the exact log-prob of the actual next token, optionally the
// full distribution (log-prob-table.ts, to serve as a baseline), and with a baseline are compared
// with it from the full logits (full-vocabulary KLD when the baseline's full table is given).
import { InvalidArgumentError, throwIfCancelled } from '../../errors.ts';
import { ComparisonAccumulator, type BaselineComparison } from '../../metrics/baseline-comparison.ts';
import { createLogProbTable, writeLogProbRow, type LogProbTable } from '../../metrics/log-prob-table.ts';
import { passInput, planScoring, type PerplexityMethod } from '../../metrics/scoring-plan.ts';
import { createTopKDistribution, DEFAULT_TOP_K, scoreRowInto, type TopKDistribution } from '../../metrics/top-k.ts';
import type { ProgressCallback } from '../types.ts';

/** One forward pass: [n, V] float32 logits for n token ids, row j predicting token j + 1. */
export type ForwardLogits = (ids: readonly number[]) => Promise<Float32Array>;

export interface ScoreTokensOptions {
  context: number;
  method?: PerplexityMethod;
  stride?: number;
  /** BOS id for the llama.cpp method's chunk starts; null when the model uses none. */
  bos?: number | null;
  topK?: number;
  baseline?: TopKDistribution;
  baselineFull?: LogProbTable;
  keepFull?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

export interface ScoredTokens {
  context: number;
  stride: number;
  method: PerplexityMethod;
  positions: Int32Array;
  /** Row i predicts ids[positions[i]]. */
  distribution: TopKDistribution;
  full?: LogProbTable;
  comparison?: BaselineComparison;
}

function checkBaseline(baseline: TopKDistribution, ids: Int32Array, positions: Int32Array, vocabSize: number): void {
  if (baseline.vocabSize !== vocabSize) {
    throw new InvalidArgumentError(`The baseline has a vocabulary of ${baseline.vocabSize} tokens and this model ${vocabSize}; compare only variants of the same model.`);
  }
  if (baseline.rows !== positions.length) {
    throw new InvalidArgumentError(`The baseline scored ${baseline.rows} positions but this run scores ${positions.length}; score the same text with the same tokenizer, context and perplexity method.`);
  }
  for (let r = 0; r < baseline.rows; r++) {
    if (baseline.targetIds[r] !== ids[positions[r]!]) {
      throw new InvalidArgumentError(`The baseline and this model tokenize the text differently (position ${positions[r]}); they cannot be compared token by token.`);
    }
  }
}

export async function scoreTokens(ids: Int32Array, vocabSize: number, forward: ForwardLogits, options: ScoreTokensOptions): Promise<ScoredTokens> {
  const { context, baseline, signal, onProgress } = options;
  if (ids.length < 2) throw new InvalidArgumentError(`The reference text is ${ids.length} token(s) long; scoring needs at least two tokens.`);
  const plan = planScoring(ids.length, context, { method: options.method, stride: options.stride, bos: options.bos ?? null });
  const topK = Math.min(options.topK ?? DEFAULT_TOP_K, vocabSize);
  const distribution = createTopKDistribution(plan.positions.length, topK, vocabSize);
  const full = options.keepFull ? createLogProbTable(plan.positions.length, vocabSize) : undefined;
  if (baseline) checkBaseline(baseline, ids, plan.positions, vocabSize);
  const accumulator = baseline ? new ComparisonAccumulator(baseline, 'forced-full-logits', options.baselineFull ?? null) : null;
  let row = 0;
  for (let p = 0; p < plan.passes.length; p++) {
    throwIfCancelled(signal);
    const pass = plan.passes[p]!;
    onProgress?.({ phase: 'score', text: `Scoring ${p + 1} of ${plan.passes.length} windows`, fraction: p / plan.passes.length });
    const logits = await forward(passInput(ids, pass));
    if (logits.length !== (pass.end - pass.start) * vocabSize) {
      throw new InvalidArgumentError(`The model returned ${logits.length} logits for ${pass.end - pass.start} tokens; its vocabulary is not the ${vocabSize} tokens config.json declares.`);
    }
    for (let j = pass.fromRow; j < pass.toRow; j++, row++) {
      const logitsRow = logits.subarray(j * vocabSize, (j + 1) * vocabSize);
      scoreRowInto(distribution, row, logitsRow, ids[plan.positions[row]!]!);
      if (full) writeLogProbRow(full, row, logitsRow);
      accumulator?.addLogits(row, logitsRow);
    }
  }
  onProgress?.({ phase: 'score', text: 'Scored', fraction: 1 });
  return {
    context, stride: plan.stride, method: plan.method, positions: plan.positions, distribution,
    ...(full ? { full } : {}),
    ...(accumulator ? { comparison: accumulator.result() } : {}),
  };
}
