// Calibration text -> token batches with the model's own tokenizer.json (Hugging Face tokenizers.js,
// the same tokenizer the model was trained with), split into sequences of `sequenceLength` tokens.
// The text is encoded once (special tokens as the tokenizer's post-processor adds them) and cut into
// consecutive windows; a last window shorter than a quarter of the length is dropped as too short
// to measure typical activations.
import { Tokenizer } from '@huggingface/tokenizers';
import { InvalidArgumentError } from '../../errors.ts';

export interface TokenBatchOptions {
  /** Tokens per batch (one sequence each); default 128. */
  sequenceLength?: number;
  /** Stop after this many batches; default 32 (4096 tokens at 128). */
  maxBatches?: number;
}

export const DEFAULT_SEQUENCE_LENGTH = 128;
export const DEFAULT_MAX_BATCHES = 32;

export interface TextTokenizer {
  encode(text: string): number[];
}

/** A tokenizer from the parsed `tokenizer.json` (and `tokenizer_config.json` when there is one). */
export function loadTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown = {}): TextTokenizer {
  if (!tokenizerJson || typeof tokenizerJson !== 'object' || !('model' in tokenizerJson)) {
    throw new InvalidArgumentError("That is not a tokenizer.json (no 'model' section). Pass the model's own tokenizer.json, parsed.");
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, (tokenizerConfig ?? {}) as object);
  } catch (cause) {
    throw new InvalidArgumentError(`tokenizers.js could not load this tokenizer.json: ${(cause as Error).message}.`, { cause });
  }
  return { encode: (text) => tokenizer.encode(text).ids };
}

/** Consecutive windows of `sequenceLength` ids, at most `maxBatches`. */
export function splitTokens(ids: readonly number[], options: TokenBatchOptions = {}): number[][] {
  const length = options.sequenceLength ?? DEFAULT_SEQUENCE_LENGTH;
  const maxBatches = options.maxBatches ?? DEFAULT_MAX_BATCHES;
  if (!Number.isInteger(length) || length < 1) throw new InvalidArgumentError(`The calibration sequence length must be a positive integer, got ${length}.`);
  const batches: number[][] = [];
  for (let start = 0; start < ids.length && batches.length < maxBatches; start += length) {
    const span = ids.slice(start, start + length);
    if (span.length < Math.max(1, Math.floor(length / 4)) && batches.length > 0) break;
    batches.push(span);
  }
  return batches;
}

/** Tokenizes calibration text and splits it into batches; throws when the text gives no tokens. */
export function calibrationBatches(tokenizer: TextTokenizer, text: string, options: TokenBatchOptions = {}): number[][] {
  const ids = tokenizer.encode(text);
  if (ids.length === 0) throw new InvalidArgumentError('The calibration text is empty. Give a few paragraphs of text like what the model will see.');
  return splitTokens(ids, options);
}
