// The memory plan of one model at one context and batch: weights as stored, the KV cache, and a
// workspace estimate (logits plus the activations of one prefill chunk), against which device
// limits are checked (./limits.ts). The workspace is an estimate and labelled so; the rest is exact.
import { MAX_PLAUSIBLE_CONTEXT } from './architecture.ts';
import { PlanInputError } from './errors.ts';
import type { ModelFacts } from './facts.ts';

export interface PlanOptions {
  /** Tokens per sequence the KV cache is sized for. */
  context: number;
  /** Concurrent sequences (default 1). */
  batch?: number;
  /** Tokens one prefill step processes at once (default min(context, 2048), web-llm's usual chunk). */
  prefillChunk?: number;
}

export interface MemoryPlan {
  context: number;
  batch: number;
  prefillChunk: number;
  parameters: number;
  weightsBytes: number;
  largestTensorBytes: number;
  largestTensorName: string;
  kvCacheBytesPerToken: number;
  /** kvCacheBytesPerToken * context * batch. */
  kvCacheBytes: number;
  /** Float32 logits: every prefill position on ONNX (the graph returns them all), one row per sequence on MLC. */
  logitsBytes: number;
  /** Peak live activations of one layer over a prefill chunk, plus naive attention scores on ONNX. */
  activationBytes: number;
  workspaceBytes: number;
  totalBytes: number;
  /** Bytes one decode step reads at the full context: weights (embedding table excepted) plus the KV cache. */
  decodeBytesPerToken: number;
  /** Weights a decode step reads (for the speed model at other lengths). */
  decodeWeightBytes: number;
  warnings: string[];
}

const DEFAULT_CHUNK = 2048;

function positiveInteger(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 1) throw new PlanInputError(`${field} must be a positive whole number of tokens; got ${value}.`, field);
  if (value > max) throw new PlanInputError(`${field} = ${value} is absurd (more than ${max}); give a realistic value.`, field);
  return value;
}

/** Elements alive at once per token inside one layer: residual, normed input, q/k/v, attention output, MLP gate and up. */
function activationElementsPerToken(shape: ModelFacts['shape']): number {
  const { hidden, heads, kvHeads, headDim, intermediate } = shape;
  return 2 * hidden + (heads + 2 * kvHeads) * headDim + heads * headDim + 2 * intermediate;
}

export function planMemory(facts: ModelFacts, options: PlanOptions, maxContext?: number): MemoryPlan {
  const context = positiveInteger(options.context, 'context', MAX_PLAUSIBLE_CONTEXT);
  const batch = positiveInteger(options.batch ?? 1, 'batch', 65_536);
  const prefillChunk = Math.min(context, positiveInteger(options.prefillChunk ?? DEFAULT_CHUNK, 'prefillChunk', MAX_PLAUSIBLE_CONTEXT));
  const warnings: string[] = [];
  if (maxContext !== undefined && context > maxContext) warnings.push(`context ${context} exceeds the model's max_position_embeddings (${maxContext}): quality beyond it is not what the model was trained for.`);
  const kvCacheBytes = facts.kvBytesPerToken * context * batch;
  const shape = facts.shape;
  const logitRows = facts.runtime === 'onnx' ? prefillChunk * batch : batch;
  const logitsBytes = logitRows * shape.vocab * 4;
  const chunkTokens = Math.max(prefillChunk, batch);
  let activationBytes = chunkTokens * activationElementsPerToken(shape) * facts.activationBytes;
  // The lab's ONNX attention is MatMul -> Softmax -> MatMul: scores [batch, heads, chunk, context] exist at once.
  if (facts.runtime === 'onnx') activationBytes += batch * shape.heads * prefillChunk * context * facts.activationBytes;
  const workspaceBytes = logitsBytes + activationBytes;
  const decodeWeightBytes = facts.weightsBytes - facts.gatheredBytes;
  return {
    context,
    batch,
    prefillChunk,
    parameters: facts.parameters,
    weightsBytes: facts.weightsBytes,
    largestTensorBytes: facts.largestTensor.bytes,
    largestTensorName: facts.largestTensor.name,
    kvCacheBytesPerToken: facts.kvBytesPerToken,
    kvCacheBytes,
    logitsBytes,
    activationBytes,
    workspaceBytes,
    totalBytes: facts.weightsBytes + kvCacheBytes + workspaceBytes,
    decodeBytesPerToken: decodeWeightBytes + facts.kvBytesPerToken * context,
    decodeWeightBytes,
    warnings,
  };
}
