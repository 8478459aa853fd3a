// Feeds for one forward pass of a transformers.js-style decoder export (input_ids, attention_mask,
// position_ids, empty past_key_values.{i}.key|value), for self-tests and calibration runs that
// call onnxruntime directly rather than through a generation library.
import type { TensorData } from './session-host.ts';

export interface DecoderShape {
  numLayers: number;
  numKeyValueHeads: number;
  headDim: number;
}

/** Reads the shape fields a Hugging Face `config.json` gives a decoder export. */
export function decoderShapeFromConfig(config: Record<string, unknown>): DecoderShape {
  const numLayers = Number(config.num_hidden_layers);
  const heads = Number(config.num_attention_heads);
  const numKeyValueHeads = Number(config.num_key_value_heads ?? heads);
  const headDim = Number(config.head_dim ?? Number(config.hidden_size) / heads);
  if (![numLayers, numKeyValueHeads, headDim].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('config.json lacks num_hidden_layers, num_attention_heads or hidden_size; it is not a decoder config.');
  }
  return { numLayers, numKeyValueHeads, headDim };
}

/** Feeds for a batch of one sequence with no cache: [1, n] ids, a full mask, positions 0..n-1. */
export function firstStepFeeds(shape: DecoderShape, tokenIds: readonly number[]): Record<string, TensorData> {
  const n = tokenIds.length;
  const feeds: Record<string, TensorData> = {
    input_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from(tokenIds, (id) => BigInt(id)) },
    attention_mask: { dtype: 'int64', dims: [1, n], data: new BigInt64Array(n).fill(1n) },
    position_ids: { dtype: 'int64', dims: [1, n], data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) },
  };
  for (let layer = 0; layer < shape.numLayers; layer++) {
    for (const part of ['key', 'value'] as const) {
      feeds[`past_key_values.${layer}.${part}`] = { dtype: 'float32', dims: [1, shape.numKeyValueHeads, 0, shape.headDim], data: new Float32Array(0) };
    }
  }
  return feeds;
}
