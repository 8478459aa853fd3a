// Fixtures for the pruning and calibration tests: tiny builder LLaMA models (HF-named MatMul weights
// [in, out]), a CompressContext over their bytes, and running a model once on onnxruntime (wasm)
// through the app's adapter, with the first-step decoder feeds the self-test uses.
import { setFlagsFromString } from 'node:v8';
import type { LlamaConfig } from '../../../../../src/core/models/llama-config.ts';
import { buildLlamaOnnx } from '../../../../../src/core/models/llama-onnx.ts';
import { randomLlamaWeights, type LlamaWeights } from '../../../../../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../../../../../src/core/models/onnx-graph.ts';
import { CompressContext } from '../../../../../src/core/compress/context.ts';
import { decodeModel, encodeModel, tensorToFloat32, type ExternalDataResolver } from '../../../../../src/core/onnx/index.ts';
import { decoderShapeFromConfig, firstStepFeeds } from '../../../../../src/core/runtime/decoder-feeds.ts';
import { createSession, makeTensor, runSession } from '../../../../../src/core/runtime/ort.ts';
import { maxAbsDiff, TINY_CONFIG } from '../../models/tiny-llama.ts';

// onnxruntime's 27 MB wasm: with V8's default dynamic tiering the first run is followed by a
// main-thread stall of seconds to minutes on a 2-core machine while TurboFan recompiles it (the event
// loop waits on a futex; seen with plain node + onnxruntime-web). Baseline (Liftoff) code only avoids
// it and is fast enough for tiny models. Takes effect because no session exists yet when this loads.
setFlagsFromString('--liftoff-only');

/** The shared tiny LLaMA of the model tests (4 query / 2 kv heads, MLP 48). */
export const TINY: LlamaConfig = TINY_CONFIG;

export interface TinyLlama {
  config: LlamaConfig;
  weights: LlamaWeights;
  bytes: Uint8Array;
}

export function tinyLlama(config: LlamaConfig = TINY, seed = 7, edit?: (weights: LlamaWeights) => void): TinyLlama {
  const weights = randomLlamaWeights(config, seed, { std: 0.2, randomNorms: true });
  edit?.(weights);
  return { config, weights, bytes: encodeOnnxModel(buildLlamaOnnx(config, weights)) };
}

export function rebuild(config: LlamaConfig, weights: LlamaWeights): Uint8Array {
  return encodeOnnxModel(buildLlamaOnnx(config, weights));
}

export function contextOf(bytes: Uint8Array, externalData?: ExternalDataResolver): CompressContext {
  return new CompressContext(decodeModel(bytes), externalData ? { externalData } : {});
}

/** The context's model written back to bytes and decoded again: what a reader of the file sees. */
export function written(context: CompressContext): Uint8Array {
  return encodeModel(context.model);
}

/** An initializer of model bytes as float32, with its dims. */
export function readBack(bytes: Uint8Array, name: string, external?: ExternalDataResolver): { values: Float32Array; dims: number[]; dataType: number } {
  const tensor = decodeModel(bytes).graph!.initializer!.find((t) => t.name === name);
  if (!tensor) throw new Error(`no initializer ${name}`);
  return { values: tensorToFloat32(tensor, external), dims: (tensor.dims ?? []).map(Number), dataType: tensor.dataType ?? 0 };
}

export function tokenSequence(length: number, vocab: number, seed = 3): number[] {
  return Array.from({ length }, (_, i) => (seed + i * 29 + ((i * i) % 7)) % vocab);
}

/** Logits [1, n, vocab] of one forward pass with no cache, on wasm. */
export async function logitsOf(bytes: Uint8Array, config: LlamaConfig, tokens: number[]): Promise<Float32Array> {
  const { session } = await createSession(bytes, 'wasm');
  try {
    const feeds = firstStepFeeds(decoderShapeFromConfig(config as unknown as Record<string, unknown>), tokens);
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, makeTensor(t.dtype, t.data, t.dims)]));
    const out = await runSession(session, tensors, ['logits']);
    return out.logits!.data as Float32Array;
  } finally {
    await session.release();
  }
}

export { maxAbsDiff };

export function zeros(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) count++;
  return count;
}
