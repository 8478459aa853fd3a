// Sliding-window plan for teacher-forced scoring of a text longer than the model's context.
//
// Rule (llama.cpp-style): the first window scores every position it can; each later window moves
// its end forward by `stride` tokens and scores only the new positions, i.e. its last `stride`
// tokens, while the `context - stride` tokens before them serve as context. With the default
// stride = context / 2 every later window scores exactly its second half, as llama.cpp's perplexity
// tool does per chunk, but windows overlap here so no token goes unscored. Each window is as long
// as the context allows (the last one is shifted back so it still has full context).
//
// Positions: "target p" is token p predicted from tokens [start, p). Every target 1..n-1 is scored
// exactly once; target 0 has no context and is never scored. In a window, the logits row at local
// index j predicts token start + j + 1.
import { InvalidArgumentError } from '../errors.ts';

export interface ScoreWindow {
  /** First token fed to the model (absolute index). */
  start: number;
  /** One past the last token fed (absolute index); end - start <= context. */
  end: number;
  /** First target scored by this window (absolute token index). */
  firstTarget: number;
  /** One past the last target scored (= end). */
  endTarget: number;
}

/** Default stride: half the context (at least 1). */
export function defaultStride(context: number): number {
  return Math.max(1, Math.floor(context / 2));
}

/**
 * Plans windows over `tokenCount` tokens. Requires 2 <= context and 1 <= stride <= context - 1, so
 * every scored target has at least `context - stride` tokens of context (except early targets of the
 * first window, which have all tokens before them).
 */
export function planWindows(tokenCount: number, context: number, stride: number = defaultStride(context)): ScoreWindow[] {
  if (!Number.isInteger(tokenCount) || tokenCount < 0) {
    throw new InvalidArgumentError(`Token count must be a non-negative integer, got ${tokenCount}.`);
  }
  if (!Number.isInteger(context) || context < 2) {
    throw new InvalidArgumentError(`Context must be an integer of at least 2 tokens, got ${context}.`);
  }
  if (!Number.isInteger(stride) || stride < 1 || stride > context - 1) {
    throw new InvalidArgumentError(`Stride must be an integer from 1 to context - 1 (${context - 1}), got ${stride}.`);
  }
  const windows: ScoreWindow[] = [];
  if (tokenCount < 2) return windows;
  let end = Math.min(context, tokenCount);
  windows.push({ start: 0, end, firstTarget: 1, endTarget: end });
  while (end < tokenCount) {
    const previousEnd = end;
    end = Math.min(previousEnd + stride, tokenCount);
    const start = Math.max(0, end - context);
    windows.push({ start, end, firstTarget: previousEnd, endTarget: end });
  }
  return windows;
}

/** Local logits rows [from, to) of a window that predict its scored targets. */
export function scoredRows(scoreWindow: ScoreWindow): { from: number; to: number } {
  return { from: scoreWindow.firstTarget - 1 - scoreWindow.start, to: scoreWindow.endTarget - 1 - scoreWindow.start };
}
