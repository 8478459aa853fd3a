// What a loaded web-llm model consists of, from the files web-llm cached while loading it:
// `tensor-cache.json` (weight shards with their byte sizes), `mlc-chat-config.json` (vocab_size,
// context_window_size), the tokenizer and the kernel wasm. Pure: the browser side reads the bytes.
import { contextWindowOf, type MlcModelRecord } from './model-record.ts';

/** One weight shard in tensor-cache.json: `dataPath` relative to the model's files URL. */
export interface TensorShard {
  dataPath: string;
  nbytes: number;
}

/** The cached files of one model, as read back from web-llm's cache (null where absent). */
export interface CachedModelFiles {
  /** Parsed tensor-cache.json (web-llm stores it as JSON). */
  tensorCache: unknown;
  /** mlc-chat-config.json bytes (web-llm stores them as an ArrayBuffer). */
  chatConfig: ArrayBuffer | Uint8Array | null;
  tokenizer: { name: string; bytes: number } | null;
  /** Size of the kernel library (`model_lib`). */
  wasmBytes: number | null;
}

export interface CachedFile {
  name: string;
  bytes: number;
}

export interface CachedModelSummary {
  files: CachedFile[];
  sizeOnDiskBytes: number;
  /** From mlc-chat-config.json; null when the config could not be read. */
  vocabSize: number | null;
  maxContext: number | null;
}

function isShard(value: unknown): value is TensorShard {
  const shard = value as TensorShard;
  return typeof shard === 'object' && shard !== null && typeof shard.dataPath === 'string' && Number.isFinite(shard.nbytes) && shard.nbytes >= 0;
}

/** The weight shards listed by a parsed tensor-cache.json, or null when it is not one. */
export function tensorShards(tensorCache: unknown): TensorShard[] | null {
  const records = (tensorCache as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || !records.every(isShard)) return null;
  return records.map((r) => ({ dataPath: r.dataPath, nbytes: r.nbytes }));
}

/** vocab_size and context_window_size of mlc-chat-config.json bytes; null fields when unreadable. */
export function parseChatConfig(bytes: ArrayBuffer | Uint8Array | null): { vocabSize: number | null; contextWindow: number | null } {
  if (!bytes) return { vocabSize: null, contextWindow: null };
  try {
    const config = JSON.parse(new TextDecoder().decode(bytes)) as { vocab_size?: unknown; context_window_size?: unknown };
    const positive = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
    return { vocabSize: positive(config.vocab_size), contextWindow: positive(config.context_window_size) };
  } catch {
    return { vocabSize: null, contextWindow: null };
  }
}

/**
 * Files, total size, vocabulary and context of a cached model; null when tensor-cache.json is missing
 * or malformed (then the caller falls back to the sizes in web-llm's progress texts).
 */
export function summarizeCachedModel(record: MlcModelRecord, cached: CachedModelFiles): CachedModelSummary | null {
  const shards = tensorShards(cached.tensorCache);
  if (!shards) return null;
  const files: CachedFile[] = shards.map((shard) => ({ name: shard.dataPath, bytes: shard.nbytes }));
  if (cached.tokenizer) files.push({ name: cached.tokenizer.name, bytes: cached.tokenizer.bytes });
  if (cached.chatConfig) files.push({ name: 'mlc-chat-config.json', bytes: cached.chatConfig.byteLength });
  if (cached.wasmBytes !== null) {
    files.push({ name: record.model_lib.slice(record.model_lib.lastIndexOf('/') + 1), bytes: cached.wasmBytes });
  }
  const config = parseChatConfig(cached.chatConfig);
  return {
    files,
    sizeOnDiskBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    vocabSize: config.vocabSize,
    // web-llm applies the record's overrides on top of the config (reloadInternal), so they win.
    maxContext: contextWindowOf(record, config.contextWindow ?? undefined),
  };
}
