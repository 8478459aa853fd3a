// Deterministic byte-level BPE trainer (Sennrich et al. 2016, GPT-2 byte-level variant): counts
// pre-tokenized words, then repeatedly merges the most frequent adjacent pair. Ties go to the pair
// with the smaller (left id, right id), so the same corpus always yields the same merges.
import { InvalidArgumentError, throwIfCancelled } from '../errors.ts';
import { BYTE_TO_UNICODE, preTokenize } from './byte-level.ts';
import { bpeModelFromMerges, type BpeModel } from './bpe-model.ts';

export interface BpeTrainOptions {
  /** Final vocabulary size, special tokens and the 256 byte tokens included. */
  vocabSize: number;
  specialTokens: readonly string[];
  /** Stop early when the best pair occurs fewer times than this (default 2). */
  minFrequency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

// Pair keys pack two symbol ids (< 2^16) into one number: left * 65536 + right.
const PAIR_BASE = 65536;

interface Word {
  symbols: number[];
  count: number;
}

function countWords(texts: Iterable<string>): Word[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of preTokenize(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, count]) => ({ symbols: [...word].map((char) => char.charCodeAt(0)), count }));
}

function addPairs(pairs: Map<number, number>, symbols: readonly number[], delta: number): void {
  for (let i = 0; i + 1 < symbols.length; i++) {
    const key = symbols[i]! * PAIR_BASE + symbols[i + 1]!;
    const next = (pairs.get(key) ?? 0) + delta;
    if (next === 0) pairs.delete(key);
    else pairs.set(key, next);
  }
}

function bestPair(pairs: Map<number, number>): { key: number; count: number } | undefined {
  let best: { key: number; count: number } | undefined;
  for (const [key, count] of pairs) {
    if (!best || count > best.count || (count === best.count && key < best.key)) best = { key, count };
  }
  return best;
}

function mergeSymbols(symbols: readonly number[], left: number, right: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
      out.push(merged);
      i++;
    } else {
      out.push(symbols[i]!);
    }
  }
  return out;
}

function containsPair(symbols: readonly number[], left: number, right: number): boolean {
  for (let i = 0; i + 1 < symbols.length; i++) if (symbols[i] === left && symbols[i + 1] === right) return true;
  return false;
}

export function trainBpe(texts: Iterable<string>, options: BpeTrainOptions): BpeModel {
  const { vocabSize, specialTokens, minFrequency = 2, signal, onProgress } = options;
  const base = specialTokens.length + 256;
  if (!Number.isInteger(vocabSize) || vocabSize < base || vocabSize > PAIR_BASE) {
    throw new InvalidArgumentError(`vocabSize must be an integer between ${base} (specials + 256 bytes) and ${PAIR_BASE}; got ${vocabSize}.`);
  }
  // Symbols are identified by id; the 256 byte characters get ids in byte order after the specials.
  const tokens: string[] = [...specialTokens, ...BYTE_TO_UNICODE];
  const tokenIds = new Map(tokens.map((token, id) => [token, id]));
  const byteCharToId = new Map(BYTE_TO_UNICODE.map((char, byte) => [char.charCodeAt(0), specialTokens.length + byte]));
  const words = countWords(texts).map((w) => ({ count: w.count, symbols: w.symbols.map((c) => byteCharToId.get(c)!) }));
  const pairs = new Map<number, number>();
  for (const word of words) addPairs(pairs, word.symbols, word.count);

  const merges: Array<[string, string]> = [];
  const total = vocabSize - base;
  while (tokens.length < vocabSize) {
    throwIfCancelled(signal);
    const best = bestPair(pairs);
    if (!best || best.count < minFrequency) break;
    const left = Math.floor(best.key / PAIR_BASE);
    const right = best.key % PAIR_BASE;
    // Two different merges can spell the same string ("ab"+"c", "a"+"bc"): they share one id.
    const spelled = tokens[left]! + tokens[right]!;
    let merged = tokenIds.get(spelled);
    if (merged === undefined) {
      merged = tokens.length;
      tokens.push(spelled);
      tokenIds.set(spelled, merged);
    }
    merges.push([tokens[left]!, tokens[right]!]);
    for (const word of words) {
      if (!containsPair(word.symbols, left, right)) continue;
      addPairs(pairs, word.symbols, -word.count);
      word.symbols = mergeSymbols(word.symbols, left, right, merged);
      addPairs(pairs, word.symbols, word.count);
    }
    onProgress?.(tokens.length - base, total);
  }
  return bpeModelFromMerges(specialTokens, merges);
}
