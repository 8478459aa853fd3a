// What the metrics need to know about a loaded model, read from its config.json and tokenizer.json:
// vocabulary size, context length, and a key identifying the tokenizer (scores and baselines compare
// only under the same key, so a compressed variant and its base model share one).
import { EngineError } from '../errors.ts';

export interface ModelFacts {
  vocabSize: number;
  maxContext: number;
  /** `sha256:` + the first 16 bytes (hex) of tokenizer.json's SHA-256. */
  tokenizerKey: string;
}

function positiveInteger(config: Record<string, unknown>, keys: readonly string[]): number | undefined {
  const text = config.text_config;
  const nested = (typeof text === 'object' && text !== null ? text : {}) as Record<string, unknown>;
  for (const source of [config, nested]) {
    for (const key of keys) {
      const value = Number(source[key]);
      if (Number.isInteger(value) && value > 0) return value;
    }
  }
  return undefined;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function readModelFacts(config: Record<string, unknown>, tokenizerJson: Uint8Array): Promise<ModelFacts> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new EngineError('config.json is not a JSON object; it does not describe a language model.');
  const vocabSize = positiveInteger(config, ['vocab_size']);
  if (vocabSize === undefined) throw new EngineError('config.json has no vocab_size; it does not describe a language model.');
  const maxContext = positiveInteger(config, ['max_position_embeddings', 'n_positions', 'max_sequence_length', 'seq_length']);
  if (maxContext === undefined) throw new EngineError('config.json names no context length (max_position_embeddings or n_positions); the lab cannot plan scoring windows for it.');
  return { vocabSize, maxContext, tokenizerKey: `sha256:${await sha256Hex(tokenizerJson)}` };
}
