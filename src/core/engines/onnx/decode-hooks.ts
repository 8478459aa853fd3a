// Per-step pieces of a decode loop, over one logits row ([V] float32, edited in place): repetition
// penalty, temperature, top-k and nucleus (top-p) filtering, a recorder of each generated token's log-prob and top-n alternatives,
// and incremental detokenization for streaming. Pure; the loop itself is transformers.js's.
import { InvalidArgumentError } from '../../errors.ts';
import { createTopKDistribution, topKLogProbs, writeRow, type TopKDistribution, type TopKResult } from '../../metrics/top-k.ts';

/** z_i / T. Sampling at temperature T draws from softmax(z / T). */
export function applyTemperature(logits: Float32Array, temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new InvalidArgumentError(`Temperature must be a positive number, got ${temperature}; use greedy decoding for temperature 0.`);
  }
  if (temperature === 1) return;
  for (let i = 0; i < logits.length; i++) logits[i] = logits[i]! / temperature;
}

/**
 * CTRL repetition penalty (Keskar et al. 2019, as transformers and llama.cpp apply it): for every
 * distinct token already seen, a positive logit is divided by `penalty` and a negative one
 * multiplied, so the token becomes less likely either way (penalty > 1).
 */
export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(seen)) {
    if (id < 0 || id >= logits.length) continue;
    const z = logits[id]!;
    logits[id] = z > 0 ? z / penalty : z * penalty;
  }
}

/** Keeps the k largest logits (ties at the k-th value all stay) and sets the rest to -Infinity; k = 0 keeps all. */
export function applyTopK(logits: Float32Array, k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new InvalidArgumentError(`top-k must be a non-negative integer, got ${k}.`);
  if (k === 0 || k >= logits.length) return;
  const threshold = Float32Array.from(logits).sort().at(-k)!;
  for (let i = 0; i < logits.length; i++) if (logits[i]! < threshold) logits[i] = Number.NEGATIVE_INFINITY;
}

/**
 * Nucleus filtering (Holtzman et al. 2020): keeps the smallest set of most likely tokens whose
 * probabilities sum to at least `topP` (never fewer than one) and sets the rest to -Infinity.
 */
export function applyTopP(logits: Float32Array, topP: number): void {
  if (!(topP > 0 && topP <= 1)) throw new InvalidArgumentError(`top-p must be in (0, 1], got ${topP}.`);
  if (topP === 1) return;
  const order = Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b);
  const max = logits[order[0]!]!;
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += Math.exp(logits[i]! - max);
  let kept = 0;
  let mass = 0;
  while (kept < order.length && (kept === 0 || mass < topP)) {
    mass += Math.exp(logits[order[kept]!]! - max) / total;
    kept++;
  }
  for (let rank = kept; rank < order.length; rank++) logits[order[rank]!] = Number.NEGATIVE_INFINITY;
}

/**
 * Records, for every generated token, the model's log-prob of it and its top-n alternatives, as
 * seen before temperature and top-p. `observe` runs on each step's logits before sampling; `commit`
 * runs once the token is chosen (the row is copied in between, because later hooks edit it).
 */
export class TokenLogProbRecorder {
  readonly #topN: number;
  readonly #rows: { top: TopKResult; targetId: number; targetLogProb: number }[] = [];
  #row = new Float32Array(0);
  #top: TopKResult | null = null;
  #vocabSize = 0;

  constructor(topN: number) {
    if (!Number.isInteger(topN) || topN < 1) throw new InvalidArgumentError(`Top log-probs must be a positive integer, got ${topN}.`);
    this.#topN = topN;
  }

  observe = (logits: Float32Array): void => {
    if (this.#row.length !== logits.length) this.#row = new Float32Array(logits.length);
    this.#row.set(logits);
    this.#vocabSize = logits.length;
    this.#top = topKLogProbs(this.#row, Math.min(this.#topN, logits.length));
  };

  commit(tokenId: number): void {
    const top = this.#top;
    if (!top) return; // no logits seen for this step (never happens inside generate)
    this.#rows.push({ top, targetId: tokenId, targetLogProb: this.#row[tokenId]! - top.logSumExp });
    this.#top = null;
  }

  /** rows = generated tokens, targetIds = the generated ids. */
  distribution(): TopKDistribution | undefined {
    if (this.#rows.length === 0) return undefined;
    const k = this.#rows[0]!.top.ids.length;
    const dist = createTopKDistribution(this.#rows.length, k, this.#vocabSize);
    this.#rows.forEach((row, r) => writeRow(dist, r, row.top, row.targetId, row.targetLogProb));
    return dist;
  }
}

/**
 * Turns generated ids into text pieces for streaming: decodes everything generated so far and emits
 * what was not emitted yet, holding back while the text ends in an incomplete UTF-8 sequence (a
 * byte-level BPE token may carry part of a character).
 */
export class TextStream {
  readonly #decode: (ids: readonly number[]) => string;
  readonly #ids: number[] = [];
  /** The piece emitted for each id, aligned with `ids`. */
  readonly #pieces: string[] = [];
  #emitted = '';

  constructor(decode: (ids: readonly number[]) => string) {
    this.#decode = decode;
  }

  /** The new text piece for this token ('' while a character is incomplete). */
  push(id: number): string {
    this.#ids.push(id);
    const piece = this.#next(this.#decode(this.#ids));
    this.#pieces.push(piece);
    return piece;
  }

  #next(text: string): string {
    if (text.endsWith('\uFFFD')) return '';
    if (!text.startsWith(this.#emitted)) {
      // Decoding rewrote earlier text (rare); resynchronize rather than stall. The report's text is exact.
      this.#emitted = text;
      return '';
    }
    const piece = text.slice(this.#emitted.length);
    this.#emitted = text;
    return piece;
  }

  /**
   * One text piece per generated token whose concatenation is `finalText` (what was held back at
   * the end joins the last token), or undefined when decoding rewrote earlier text.
   */
  piecesFor(finalText: string): string[] | undefined {
    const joined = this.#pieces.join('');
    if (!finalText.startsWith(joined)) return undefined;
    const pieces = [...this.#pieces];
    if (pieces.length > 0) pieces[pieces.length - 1] += finalText.slice(joined.length);
    return pieces.length > 0 || finalText === '' ? pieces : undefined;
  }

  get ids(): readonly number[] {
    return this.#ids;
  }
}
