// Per-position KL divergence KL(p || q) = sum_i p_i (log p_i - log q_i) of a variant q against a
// stored baseline p (llama.cpp: p = base model, q = quantized). The baseline is kept as top-k ids +
// log-probs + remainder mass p_rest, so the sum runs over the baseline's top-k ids plus one bucket for
// everything else: p_rest (log p_rest - log q_rest), q_rest = the variant's mass outside those ids.
// This equals the full KL when k = V and is otherwise a (tight) lower bound of it.
import { InvalidArgumentError } from '../errors.ts';
import { rowMax } from './log-softmax.ts';
import type { TopKRow } from './top-k.ts';

/**
 * A probability of exactly 0 for a token the baseline gives mass would make KL infinite (and JSON
 * cannot hold Infinity); log q is floored at the smallest double's log (-744.4) instead, so such a
 * position shows as a huge finite KL.
 */
export const LOG_PROB_FLOOR = Math.log(Number.MIN_VALUE);

function klTerm(logP: number, logQ: number): number {
  if (logP === -Infinity) return 0; // 0 * log(0 / q) = 0
  return Math.exp(logP) * (logP - Math.max(logQ, LOG_PROB_FLOOR));
}

function restTerm(pRest: number, qRest: number): number {
  if (pRest <= 0) return 0;
  return klTerm(Math.log(pRest), qRest > 0 ? Math.log(qRest) : -Infinity);
}

let scratchMark = new Uint8Array(0);

export interface LogitsKl {
  kld: number;
  /** Variant's log-softmax normalizer, so callers can read log q of any id as z_i - logSumExp. */
  logSumExp: number;
}

/**
 * Exact KL (w.r.t. the stored baseline) from the variant's full logits row ([V] float32). One pass:
 * the variant's mass outside the baseline ids is summed directly, not as 1 - sum, to keep small tails.
 */
export function klFromLogits(base: TopKRow, logits: ArrayLike<number>): LogitsKl {
  const vocab = logits.length;
  const max = rowMax(logits);
  if (!Number.isFinite(max)) {
    throw new InvalidArgumentError('The variant\'s logits contain NaN or +Infinity; it produced non-finite outputs (often an fp16 overflow). Try fp32 or another quantization.');
  }
  if (scratchMark.length < vocab) scratchMark = new Uint8Array(vocab);
  for (let j = 0; j < base.ids.length; j++) {
    const id = base.ids[j]!;
    if (id < 0 || id >= vocab) throw new InvalidArgumentError(`Baseline token id ${id} is outside the variant's vocabulary of ${vocab}; the two use different tokenizers.`);
    scratchMark[id] = 1;
  }
  let sum = 0;
  let restSum = 0;
  for (let i = 0; i < vocab; i++) {
    const e = Math.exp(logits[i]! - max);
    sum += e;
    if (scratchMark[i] === 0) restSum += e;
  }
  const logSum = Math.log(sum);
  let kld = 0;
  for (let j = 0; j < base.ids.length; j++) {
    const id = base.ids[j]!;
    scratchMark[id] = 0;
    kld += klTerm(base.logProbs[j]!, logits[id]! - max - logSum);
  }
  return { kld: kld + restTerm(base.restMass, restSum / sum), logSumExp: max + logSum };
}

export interface TopKLogProb {
  logProb: number;
  /** True when the id was not listed and its log-prob is the uniform share of the remainder. */
  approximated: boolean;
}

/** Uniform share of the remainder for each of the V - k ids a top-k row does not list (log). */
function tailLogProb(row: TopKRow, vocabSize: number): number {
  const unlisted = vocabSize - row.ids.length;
  return unlisted > 0 && row.restMass > 0 ? Math.log(row.restMass / unlisted) : -Infinity;
}

/** Log-prob of `id` under a top-k row: exact when listed, else the uniform tail share (approximation). */
export function logProbFromTopK(row: TopKRow, id: number, vocabSize: number): TopKLogProb {
  for (let j = 0; j < row.ids.length; j++) {
    if (row.ids[j] === id) return { logProb: row.logProbs[j]!, approximated: false };
  }
  return { logProb: tailLogProb(row, vocabSize), approximated: true };
}

export interface TopKKl {
  kld: number;
  /** Baseline ids absent from the variant's list (their q is approximated); 0 means the KL is exact. */
  approximatedIds: number;
}

/**
 * KL when the variant is known only as its own top-k + remainder. Baseline ids the variant lists use
 * its exact log-probs; ids it does not list get its remainder mass spread uniformly over the V - k_q
 * ids it did not list: an APPROXIMATION, flagged by `approximatedIds > 0`. q_rest is the variant's
 * listed mass outside the baseline ids plus its remainder share of the unlisted ids outside them.
 */
export function klFromTopK(base: TopKRow, variant: TopKRow, vocabSize: number): TopKKl {
  const listed = new Map<number, number>();
  for (let j = 0; j < variant.ids.length; j++) listed.set(variant.ids[j]!, variant.logProbs[j]!);
  const baseIds = new Set<number>();
  const tail = tailLogProb(variant, vocabSize);
  let kld = 0;
  let approximatedIds = 0;
  for (let j = 0; j < base.ids.length; j++) {
    const id = base.ids[j]!;
    baseIds.add(id);
    let logQ = listed.get(id);
    if (logQ === undefined) {
      logQ = tail;
      approximatedIds++;
    }
    kld += klTerm(base.logProbs[j]!, logQ);
  }
  let qRest = 0;
  for (let j = 0; j < variant.ids.length; j++) {
    if (!baseIds.has(variant.ids[j]!)) qRest += Math.exp(variant.logProbs[j]!);
  }
  const unlisted = vocabSize - variant.ids.length;
  if (unlisted > 0) qRest += (variant.restMass * (unlisted - approximatedIds)) / unlisted;
  return { kld: kld + restTerm(base.restMass, qRest), approximatedIds };
}
