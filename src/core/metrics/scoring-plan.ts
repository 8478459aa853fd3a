// Which forward passes teacher-forced scoring runs and which positions each one scores, for the two
// perplexity methods the lab names next to every PPL:
//   strided   - sliding windows (windows.ts): every token after the first scored exactly once, later
//               windows keep context - stride tokens of context. A valid number, not llama.cpp's.
//   llama.cpp - llama.cpp's `perplexity`: the tokens are cut into chunks of n_ctx (a partial last
//               chunk is dropped); a chunk's first token is replaced by BOS when the model uses one;
//               only the second half is scored: rows n_ctx/2 .. n_ctx-2 predict tokens n_ctx/2 + 1 ..
//               n_ctx - 1, so every scored token has at least n_ctx/2 tokens of context.
// Positions: "target p" is token p of the text; a pass's logits row j predicts token start + j + 1.
import { InvalidArgumentError } from '../errors.ts';
import { defaultStride, planWindows, scoredRows } from './windows.ts';

export type PerplexityMethod = 'strided' | 'llama.cpp';

export const PERPLEXITY_METHODS: readonly PerplexityMethod[] = ['strided', 'llama.cpp'];

/** How each method is described wherever a PPL is shown. */
export const PERPLEXITY_METHOD_LABELS: Readonly<Record<PerplexityMethod, string>> = {
  strided: 'strided windows (every token scored once)',
  'llama.cpp': 'llama.cpp chunks (BOS per chunk, second half scored)',
};

export interface ScoringPass {
  /** Tokens [start, end) of the text are fed, except that `bos` (when not null) replaces token `start`. */
  start: number;
  end: number;
  bos: number | null;
  /** Local logits rows [fromRow, toRow) are scored; row j predicts token start + j + 1. */
  fromRow: number;
  toRow: number;
}

export interface ScoringPlan {
  method: PerplexityMethod;
  context: number;
  /** The strided method's step; for llama.cpp the chunk length (chunks do not overlap). */
  stride: number;
  passes: ScoringPass[];
  /** [scored] the target token index of each scored row, in pass order (= ascending). */
  positions: Int32Array;
}

export interface ScoringPlanOptions {
  method?: PerplexityMethod;
  stride?: number;
  /** The BOS id the tokenizer puts first, or null when the model uses none. */
  bos?: number | null;
}

function positionsOf(passes: readonly ScoringPass[]): Int32Array {
  const out: number[] = [];
  for (const pass of passes) for (let j = pass.fromRow; j < pass.toRow; j++) out.push(pass.start + j + 1);
  return Int32Array.from(out);
}

function chunkedPasses(tokenCount: number, context: number, bos: number | null): ScoringPass[] {
  if (!Number.isInteger(context) || context < 4) throw new InvalidArgumentError(`The llama.cpp method needs a context of at least 4 tokens, got ${context}.`);
  const chunks = Math.floor(tokenCount / context);
  if (chunks < 1) {
    throw new InvalidArgumentError(`The llama.cpp perplexity method needs at least one full chunk of ${context} tokens, but the text has ${tokenCount}; use a longer text or a smaller context.`);
  }
  const first = Math.floor(context / 2);
  return Array.from({ length: chunks }, (_, c) => ({ start: c * context, end: (c + 1) * context, bos, fromRow: first, toRow: context - 1 }));
}

export function planScoring(tokenCount: number, context: number, options: ScoringPlanOptions = {}): ScoringPlan {
  const method = options.method ?? 'strided';
  if (method === 'llama.cpp') {
    const passes = chunkedPasses(tokenCount, context, options.bos ?? null);
    return { method, context, stride: context, passes, positions: positionsOf(passes) };
  }
  if (method !== 'strided') throw new InvalidArgumentError(`Unknown perplexity method "${String(method)}"; choose strided or llama.cpp.`);
  const stride = options.stride ?? defaultStride(context);
  const passes = planWindows(tokenCount, context, stride).map((w) => ({ start: w.start, end: w.end, bos: null, ...rows(scoredRows(w)) }));
  return { method, context, stride, passes, positions: positionsOf(passes) };
}

function rows(range: { from: number; to: number }): { fromRow: number; toRow: number } {
  return { fromRow: range.from, toRow: range.to };
}

/** The ids a pass feeds the model. */
export function passInput(ids: Int32Array, pass: ScoringPass): number[] {
  const input = Array.from(ids.subarray(pass.start, pass.end));
  if (pass.bos !== null) input[0] = pass.bos;
  return input;
}
