// Feeds for one calibration forward pass of a decoder export, derived from the model's own graph
// inputs (so float16 caches, int32 masks or a missing position_ids all work): [1, n] token ids, a
// full attention mask, positions 0..n-1, empty past_key_values (batch 1, past length 0) and
// use_cache_branch = false. Any other input is an error naming it.
import { InvalidArgumentError } from '../../errors.ts';
import type { GraphIndex } from '../../onnx/index.ts';
import type { TensorData } from '../../runtime/session-host.ts';

function integerTensor(dtype: string, values: number[], name: string): TensorData {
  const dims = [1, values.length];
  if (dtype === 'int64') return { dtype: 'int64', dims, data: BigInt64Array.from(values, (v) => BigInt(v)) };
  if (dtype === 'int32') return { dtype: 'int32', dims, data: Int32Array.from(values) };
  throw new InvalidArgumentError(`Calibration feeds '${name}' as int64 or int32, but the model declares it ${dtype}.`);
}

function emptyCache(name: string, dtype: string, shape: (number | string)[] | null): TensorData {
  if (!shape) throw new InvalidArgumentError(`The model does not declare the shape of '${name}', so calibration cannot build an empty cache for it.`);
  // [batch, kv_heads, past, head_dim]: batch = 1, every other symbolic dimension (past) = 0.
  const dims = shape.map((dim, axis) => (typeof dim === 'number' ? dim : axis === 0 ? 1 : 0));
  if (dtype === 'float32') return { dtype: 'float32', dims, data: new Float32Array(0) };
  if (dtype === 'float16') return { dtype: 'float16', dims, data: new Uint16Array(0) };
  throw new InvalidArgumentError(`Calibration cannot build an empty cache of type ${dtype} for '${name}'.`);
}

/** Feeds for one sequence of token ids with no cache. */
export function calibrationFeeds(index: GraphIndex, tokenIds: readonly number[]): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  const n = tokenIds.length;
  for (const input of index.inputs) {
    const name = input.name ?? '';
    const type = index.typeOf(name);
    const dtype = type?.dtype ?? 'unknown';
    if (name === 'input_ids') feeds[name] = integerTensor(dtype, [...tokenIds], name);
    else if (name === 'attention_mask') feeds[name] = integerTensor(dtype, new Array<number>(n).fill(1), name);
    else if (name === 'position_ids') feeds[name] = integerTensor(dtype, Array.from({ length: n }, (_, i) => i), name);
    else if (name.startsWith('past_key_values.') || name.startsWith('past_')) feeds[name] = emptyCache(name, dtype, type?.shape ?? null);
    else if (name === 'use_cache_branch') feeds[name] = { dtype: 'bool', dims: [1], data: new Uint8Array([0]) };
    else {
      throw new InvalidArgumentError(`Calibration runs decoder models fed with input_ids, attention_mask, position_ids and past_key_values; this model also needs '${name}', which it cannot fill.`);
    }
  }
  if (!feeds.input_ids) throw new InvalidArgumentError('The model has no input_ids input, so calibration cannot feed it text. Calibration supports decoder language models.');
  return feeds;
}
