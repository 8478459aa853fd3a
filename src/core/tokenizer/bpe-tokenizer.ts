// Encoder/decoder for a byte-level BPE model. Encoding follows Hugging Face `tokenizers`: special
// tokens are split out first, the rest is pre-tokenized with the GPT-2 regex, and each word is merged
// by rank (lowest first, leftmost first). No BOS/EOS is added: callers add them where they want.
import { InvalidArgumentError } from '../errors.ts';
import { fromByteLevel, preTokenize } from './byte-level.ts';
import type { BpeModel } from './bpe-model.ts';

export interface DecodeOptions {
  /** Drop special tokens instead of writing their content (default false). */
  skipSpecialTokens?: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class BpeTokenizer {
  readonly model: BpeModel;
  readonly #ids: Map<string, number>;
  readonly #ranks: Map<string, number>;
  readonly #specialIds: Set<number>;
  readonly #specialSplit: RegExp | undefined;
  readonly #cache = new Map<string, number[]>();

  constructor(model: BpeModel) {
    this.model = model;
    this.#ids = new Map(model.vocab.map((token, id) => [token, id]));
    // '\u0001' never occurs inside a byte-level token, so it separates the pair unambiguously.
    this.#ranks = new Map(model.merges.map(([a, b], rank) => [`${a}\u0001${b}`, rank]));
    this.#specialIds = new Set(model.specialTokens.map((token) => this.#ids.get(token)!));
    const longestFirst = [...model.specialTokens].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.#specialSplit = longestFirst.length > 0 ? new RegExp(`(${longestFirst.join('|')})`) : undefined;
  }

  get vocabSize(): number {
    return this.model.vocab.length;
  }

  tokenToId(token: string): number | undefined {
    return this.#ids.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.model.vocab[id];
  }

  /** Applies the merges to one byte-level word; returns its token ids. */
  #bpe(word: string): number[] {
    const cached = this.#cache.get(word);
    if (cached) return cached;
    let symbols = [...word];
    for (;;) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.#ranks.get(`${symbols[i]}\u0001${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      const left = symbols[bestAt]!;
      const right = symbols[bestAt + 1]!;
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(symbols[i]!);
        }
      }
      symbols = merged;
    }
    const ids = symbols.map((symbol) => this.#ids.get(symbol)!);
    if (this.#cache.size < 100_000) this.#cache.set(word, ids);
    return ids;
  }

  /** Text -> token ids. Special token contents in the text become their ids. */
  encode(text: string): number[] {
    const ids: number[] = [];
    const pieces = this.#specialSplit ? text.split(this.#specialSplit) : [text];
    for (const piece of pieces) {
      if (piece.length === 0) continue;
      const special = this.#ids.get(piece);
      if (special !== undefined && this.#specialIds.has(special)) {
        ids.push(special);
        continue;
      }
      for (const word of preTokenize(piece)) ids.push(...this.#bpe(word));
    }
    return ids;
  }

  /** Token ids -> text; byte runs are decoded as UTF-8, special tokens written verbatim or skipped. */
  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    let text = '';
    let run = '';
    for (const id of ids) {
      const token = this.model.vocab[id];
      if (token === undefined) throw new InvalidArgumentError(`Token id ${id} is outside the vocabulary (size ${this.vocabSize}).`);
      if (this.#specialIds.has(id)) {
        text += fromByteLevel(run);
        run = '';
        if (!options.skipSpecialTokens) text += token;
      } else {
        run += token;
      }
    }
    return text + fromByteLevel(run);
  }
}
