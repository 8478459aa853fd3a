// Teacher-forced scoring of a token sequence with sliding windows (metrics/windows.ts planWindows):
// each span is one forward pass with no cache over at most `context` tokens; the rows of the
// positions it scores become top-k rows (k = 64 by default) with the exact log-prob of the actual
// next token, and, with a baseline, are compared with it from the full logits (exact KL divergence).
import { InvalidArgumentError, throwIfCancelled } from '../../errors.ts';
import { ComparisonAccumulator, type BaselineComparison } from '../../metrics/baseline-comparison.ts';
import { createTopKDistribution, DEFAULT_TOP_K, scoreRowInto, type TopKDistribution } from '../../metrics/top-k.ts';
import { defaultStride, planWindows, scoredRows } from '../../metrics/windows.ts';
import type { ProgressCallback } from '../types.ts';

/** One forward pass: [n, V] float32 logits for n token ids, row j predicting token j + 1. */
export type ForwardLogits = (ids: readonly number[]) => Promise<Float32Array>;

export interface ScoreTokensOptions {
  context: number;
  stride?: number;
  topK?: number;
  baseline?: TopKDistribution;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

export interface ScoredTokens {
  context: number;
  stride: number;
  /** rows = n - 1; row r predicts ids[r + 1]. */
  distribution: TopKDistribution;
  comparison?: BaselineComparison;
}

function checkBaseline(baseline: TopKDistribution, ids: Int32Array, vocabSize: number): void {
  if (baseline.vocabSize !== vocabSize) {
    throw new InvalidArgumentError(`The baseline has a vocabulary of ${baseline.vocabSize} tokens and this model ${vocabSize}; compare only variants of the same model.`);
  }
  if (baseline.rows !== ids.length - 1) {
    throw new InvalidArgumentError(`The baseline scored ${baseline.rows} positions but this text has ${ids.length - 1}; score the same text with the same tokenizer.`);
  }
  for (let r = 0; r < baseline.rows; r++) {
    if (baseline.targetIds[r] !== ids[r + 1]) {
      throw new InvalidArgumentError(`The baseline and this model tokenize the text differently (position ${r + 1}); they cannot be compared token by token.`);
    }
  }
}

export async function scoreTokens(ids: Int32Array, vocabSize: number, forward: ForwardLogits, options: ScoreTokensOptions): Promise<ScoredTokens> {
  const { context, baseline, signal, onProgress } = options;
  if (ids.length < 2) throw new InvalidArgumentError(`The reference text is ${ids.length} token(s) long; scoring needs at least two tokens.`);
  const stride = options.stride ?? defaultStride(context);
  const windows = planWindows(ids.length, context, stride);
  const topK = Math.min(options.topK ?? DEFAULT_TOP_K, vocabSize);
  const distribution = createTopKDistribution(ids.length - 1, topK, vocabSize);
  if (baseline) checkBaseline(baseline, ids, vocabSize);
  const accumulator = baseline ? new ComparisonAccumulator(baseline, 'forced-full-logits') : null;
  for (let w = 0; w < windows.length; w++) {
    throwIfCancelled(signal);
    const span = windows[w]!;
    onProgress?.({ phase: 'score', text: `Scoring ${w + 1} of ${windows.length} windows`, fraction: w / windows.length });
    const logits = await forward(Array.from(ids.subarray(span.start, span.end)));
    if (logits.length !== (span.end - span.start) * vocabSize) {
      throw new InvalidArgumentError(`The model returned ${logits.length} logits for ${span.end - span.start} tokens; its vocabulary is not the ${vocabSize} tokens config.json declares.`);
    }
    const { from, to } = scoredRows(span);
    for (let j = from; j < to; j++) {
      const r = span.start + j; // row r predicts token r + 1
      const row = logits.subarray(j * vocabSize, (j + 1) * vocabSize);
      scoreRowInto(distribution, r, row, ids[r + 1]!);
      accumulator?.addLogits(r, row);
    }
  }
  onProgress?.({ phase: 'score', text: 'Scored', fraction: 1 });
  return { context, stride, distribution, ...(accumulator ? { comparison: accumulator.result() } : {}) };
}
