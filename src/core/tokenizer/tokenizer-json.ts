// Reads and writes a BPE model as Hugging Face `tokenizer.json` + `tokenizer_config.json`, the files
// `@huggingface/transformers` (AutoTokenizer) and `tokenizers` load. The pipeline is GPT-2's:
// ByteLevel pre-tokenizer with its regex, BPE model, ByteLevel decoder, no normalizer, no BOS added.
import { InvalidArgumentError } from '../errors.ts';
import { previewJson } from '../json-preview.ts';
import { bpeModelFromMerges, type BpeModel } from './bpe-model.ts';

export interface SpecialTokenRoles {
  bos: string;
  eos: string;
  pad: string;
}

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };

function addedToken(id: number, content: string): Record<string, unknown> {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** The `tokenizer.json` object (serialize with JSON.stringify). */
export function toTokenizerJson(model: BpeModel): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  model.vocab.forEach((token, id) => {
    vocab[token] = id;
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: model.specialTokens.map((token) => addedToken(model.vocab.indexOf(token), token)),
    normalizer: null,
    pre_tokenizer: BYTE_LEVEL,
    post_processor: null,
    decoder: BYTE_LEVEL,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: model.merges,
    },
  };
}

/** The `tokenizer_config.json` object. `clean_up_tokenization_spaces` is off so decode inverts encode. */
export function toTokenizerConfig(model: BpeModel, roles: SpecialTokenRoles, modelMaxLength: number): Record<string, unknown> {
  for (const token of [roles.bos, roles.eos, roles.pad]) {
    if (!model.specialTokens.includes(token)) throw new InvalidArgumentError(`"${token}" is not a special token of this tokenizer.`);
  }
  const decoder: Record<string, unknown> = {};
  for (const token of model.specialTokens) {
    const { id, ...rest } = addedToken(model.vocab.indexOf(token), token);
    decoder[String(id)] = rest;
  }
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    add_bos_token: false,
    add_eos_token: false,
    bos_token: roles.bos,
    eos_token: roles.eos,
    pad_token: roles.pad,
    unk_token: null,
    clean_up_tokenization_spaces: false,
    model_max_length: modelMaxLength,
    added_tokens_decoder: decoder,
  };
}

/** Rebuilds the model from a `tokenizer.json` object written by `toTokenizerJson`. */
export function fromTokenizerJson(json: unknown): BpeModel {
  const root = json as { model?: { type?: string; merges?: unknown }; added_tokens?: Array<{ id: number; content: string }> };
  if (root?.model?.type !== 'BPE' || !Array.isArray(root.model.merges)) {
    throw new InvalidArgumentError('This tokenizer.json does not describe a BPE model; only byte-level BPE tokenizers are supported.');
  }
  const merges = (root.model.merges as unknown[]).map((merge): [string, string] => {
    if (Array.isArray(merge) && merge.length === 2 && typeof merge[0] === 'string' && typeof merge[1] === 'string') return [merge[0], merge[1]];
    if (typeof merge === 'string') {
      const [a, b] = merge.split(' ');
      if (a !== undefined && b !== undefined) return [a, b];
    }
    throw new InvalidArgumentError(`tokenizer.json has a malformed merge: ${previewJson(merge)}.`);
  });
  const added = root.added_tokens ?? [];
  if (!Array.isArray(added) || !added.every((t) => typeof t === 'object' && t !== null && Number.isInteger(t.id) && typeof t.content === 'string')) {
    throw new InvalidArgumentError('tokenizer.json has a malformed added_tokens list; each entry needs an integer id and a string content.');
  }
  const specials = [...added].sort((a, b) => a.id - b.id).map((t) => t.content);
  const model = bpeModelFromMerges(specials, merges);
  root.added_tokens?.forEach((token) => {
    if (model.vocab[token.id] !== token.content) {
      throw new InvalidArgumentError(`tokenizer.json puts "${token.content}" at id ${token.id}; this loader expects special tokens first.`);
    }
  });
  return model;
}
