// The data of a byte-level BPE tokenizer: vocabulary (id -> token), ordered merges and special
// tokens. Invariant: ids are [special tokens..., the 256 byte characters in byte order, then each new
// string a merge produces, in merge order] (two merges may produce the same string: it gets one id),
// so a model is fully defined by its specials and its merges.
import { InvalidArgumentError } from '../errors.ts';
import { BYTE_TO_UNICODE } from './byte-level.ts';

export interface BpeModel {
  /** id -> token string (byte-level characters, or the literal content of a special token). */
  vocab: string[];
  /** Merge rules in priority order (rank = index): the pair [left, right] becomes left + right. */
  merges: Array<[string, string]>;
  /** Contents of the special tokens; each also appears in `vocab`. */
  specialTokens: string[];
}

/** Builds the vocabulary implied by the invariant above and checks that the merges are consistent. */
export function bpeModelFromMerges(specialTokens: readonly string[], merges: ReadonlyArray<readonly [string, string]>): BpeModel {
  const vocab = [...specialTokens, ...BYTE_TO_UNICODE];
  const known = new Set(vocab);
  if (known.size !== vocab.length) {
    throw new InvalidArgumentError('Special tokens must be distinct and must not be single byte-level characters.');
  }
  for (const [left, right] of merges) {
    if (!known.has(left) || !known.has(right)) {
      throw new InvalidArgumentError(`The merge "${left} ${right}" uses a token that no earlier rule produced; the merge list is corrupt.`);
    }
    const merged = left + right;
    if (known.has(merged)) continue;
    known.add(merged);
    vocab.push(merged);
  }
  return { vocab, merges: merges.map(([a, b]) => [a, b]), specialTokens: [...specialTokens] };
}
