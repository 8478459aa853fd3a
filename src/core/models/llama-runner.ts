// Runs a model built by llama-onnx.ts with onnxruntime: one forward step over a (padded) batch with a
// KV cache, and greedy decoding for one prompt. Used by the demo-pack evaluation and by the tests.
import { InvalidArgumentError } from '../errors.ts';
import { makeTensor, runSession, type OrtSession, type OrtTensor } from '../runtime/ort.ts';
import { headDim, type LlamaConfig } from './llama-config.ts';

export type KvCache = Record<string, OrtTensor>;

export interface StepInput {
  /** [B][S] token ids. */
  inputIds: number[][];
  /** [B][P+S], 1 = real token, 0 = padding. Defaults to all ones. */
  attentionMask?: number[][];
  /** [B][S]. Defaults to P, P+1, ... */
  positionIds?: number[][];
  /** `present.*` of the previous step (renamed on the way in); empty cache when absent. */
  past?: KvCache;
}

export interface StepOutput {
  /** [B, S, V] row-major. */
  logits: Float32Array;
  /** `past_key_values.{i}.key|value` for the next step. */
  cache: KvCache;
  pastLength: number;
}

function int64Matrix(rows: number[][]): OrtTensor {
  const data = BigInt64Array.from(rows.flat(), (v) => BigInt(v));
  return makeTensor('int64', data, [rows.length, rows[0]?.length ?? 0]);
}

/** Zero-length cache tensors [B, kv, 0, hd] for the first step. */
export function emptyKvCache(config: LlamaConfig, batch: number): KvCache {
  const cache: KvCache = {};
  for (let i = 0; i < config.num_hidden_layers; i++) {
    for (const kind of ['key', 'value']) {
      cache[`past_key_values.${i}.${kind}`] = makeTensor('float32', new Float32Array(0), [batch, config.num_key_value_heads, 0, headDim(config)]);
    }
  }
  return cache;
}

export async function runLlamaStep(session: OrtSession, config: LlamaConfig, input: StepInput): Promise<StepOutput> {
  const batch = input.inputIds.length;
  const length = input.inputIds[0]?.length ?? 0;
  if (batch === 0 || length === 0 || input.inputIds.some((row) => row.length !== length)) {
    throw new InvalidArgumentError('inputIds must be a non-empty rectangular [batch][sequence] array.');
  }
  const past = input.past ?? emptyKvCache(config, batch);
  const pastLength = Number(past['past_key_values.0.key']?.dims[2] ?? 0);
  const attentionMask = input.attentionMask ?? input.inputIds.map(() => new Array<number>(pastLength + length).fill(1));
  const positionIds = input.positionIds ?? input.inputIds.map(() => Array.from({ length }, (_, i) => pastLength + i));
  const feeds: Record<string, OrtTensor> = {
    input_ids: int64Matrix(input.inputIds),
    attention_mask: int64Matrix(attentionMask),
    position_ids: int64Matrix(positionIds),
    ...past,
  };
  const out = await runSession(session, feeds);
  const cache: KvCache = {};
  for (let i = 0; i < config.num_hidden_layers; i++) {
    cache[`past_key_values.${i}.key`] = out[`present.${i}.key`]!;
    cache[`past_key_values.${i}.value`] = out[`present.${i}.value`]!;
  }
  return { logits: out.logits!.data as Float32Array, cache, pastLength: pastLength + length };
}

/** Index of the largest value in row `row` of a [rows, width] array (first one on ties). */
export function argmaxRow(values: Float32Array, row: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if (values[row * width + i]! > values[row * width + best]!) best = i;
  return best;
}

/** Greedy decoding of one prompt with the KV cache; stops after `maxNewTokens` or at EOS (included). */
export async function greedyGenerate(session: OrtSession, config: LlamaConfig, promptIds: readonly number[], maxNewTokens: number): Promise<number[]> {
  const generated: number[] = [];
  let step = await runLlamaStep(session, config, { inputIds: [[...promptIds]] });
  let last = promptIds.length - 1;
  while (generated.length < maxNewTokens) {
    const next = argmaxRow(step.logits, last, config.vocab_size);
    generated.push(next);
    if (next === config.eos_token_id || generated.length === maxNewTokens) break;
    step = await runLlamaStep(session, config, { inputIds: [[next]], past: step.cache });
    last = 0;
  }
  return generated;
}
