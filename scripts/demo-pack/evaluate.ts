// Held-out evaluation of the exported ONNX model with onnxruntime: sliding-window perplexity (as the
// Hugging Face perplexity guide and llama.cpp define it: nll = logsumexp(z) - z_target, PPL =
// exp(mean nll)) and the add-one-smoothed unigram baseline over exactly the same target tokens.
import type { LlamaConfig } from '../../src/core/models/llama-config.ts';
import { runLlamaStep } from '../../src/core/models/llama-runner.ts';
import type { OrtSession } from '../../src/core/runtime/ort.ts';

export interface PerplexityResult {
  perplexity: number;
  meanNll: number;
  /** Number of scored targets: every token but the first. */
  scored: number;
}

/** -log softmax(row)[target] in float64. row = logits[offset .. offset+width). */
function negativeLogLikelihood(logits: Float32Array, offset: number, width: number, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < width; i++) max = Math.max(max, logits[offset + i]!);
  let sum = 0;
  for (let i = 0; i < width; i++) sum += Math.exp(logits[offset + i]! - max);
  return max + Math.log(sum) - logits[offset + target]!;
}

interface Window {
  begin: number;
  end: number;
  /** First target index scored in this window (targets before it were scored by earlier windows). */
  firstTarget: number;
}

/** Windows of `context` tokens every `stride` tokens; each target index 1..n-1 is scored exactly once. */
export function slidingWindows(n: number, context: number, stride: number): Window[] {
  const windows: Window[] = [];
  let previousEnd = 1; // target 0 has no context and is never scored
  for (let begin = 0; previousEnd < n; begin += stride) {
    const end = Math.min(begin + context, n);
    windows.push({ begin, end, firstTarget: previousEnd });
    previousEnd = end;
  }
  return windows;
}

export async function slidingPerplexity(
  session: OrtSession,
  config: LlamaConfig,
  tokens: ArrayLike<number>,
  context: number,
  stride: number,
  batchSize = 8,
): Promise<PerplexityResult> {
  const windows = slidingWindows(tokens.length, context, stride);
  let total = 0;
  let scored = 0;
  for (let w = 0; w < windows.length; ) {
    // Batch windows of equal length (all but possibly the last one).
    const length = windows[w]!.end - windows[w]!.begin;
    const batch: Window[] = [];
    while (w < windows.length && batch.length < batchSize && windows[w]!.end - windows[w]!.begin === length) batch.push(windows[w++]!);
    const inputIds = batch.map((win) => Array.from({ length }, (_, i) => tokens[win.begin + i]!));
    const { logits } = await runLlamaStep(session, config, { inputIds });
    batch.forEach((win, row) => {
      for (let target = win.firstTarget; target < win.end; target++) {
        const position = target - 1 - win.begin; // logits at position p predict token p + 1
        total += negativeLogLikelihood(logits, (row * length + position) * config.vocab_size, config.vocab_size, tokens[target]!);
        scored++;
      }
    });
  }
  return { perplexity: Math.exp(total / scored), meanNll: total / scored, scored };
}

/** Unigram perplexity of targets 1..n-1 of `heldout`, p(t) = (count_train(t) + 1) / (N_train + V). */
export function unigramPerplexity(train: ArrayLike<number>, heldout: ArrayLike<number>, vocabSize: number): PerplexityResult {
  const counts = new Float64Array(vocabSize);
  for (let i = 0; i < train.length; i++) counts[train[i]!]! += 1;
  const denominator = train.length + vocabSize;
  let total = 0;
  for (let i = 1; i < heldout.length; i++) total -= Math.log((counts[heldout[i]!]! + 1) / denominator);
  const scored = heldout.length - 1;
  return { perplexity: Math.exp(total / scored), meanNll: total / scored, scored };
}
