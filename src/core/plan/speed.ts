// Roofline speed model. Decode is memory-bound: each step reads the weights once (the embedding table
// excepted: one row is gathered) plus every cached K and V so far, so for a batch of B sequences at
// length t, tok/s <= B * bandwidth / (weights + B * kv_per_token * t). Prefill is compute-bound:
// about 2 * parameters FLOPs per token (one multiply-add per weight), tok/s <= FLOP/s / (2 * params).
import type { MemoryPlan } from './memory.ts';

/** Upper bound on decode tokens per second (all sequences together) at a given cache length. */
export function decodeTokensPerSecond(plan: Pick<MemoryPlan, 'decodeWeightBytes' | 'kvCacheBytesPerToken' | 'batch'>, bandwidthBytesPerS: number, length: number): number {
  const bytes = plan.decodeWeightBytes + plan.batch * plan.kvCacheBytesPerToken * length;
  return bytes > 0 ? (plan.batch * bandwidthBytesPerS) / bytes : Number.POSITIVE_INFINITY;
}

/** Upper bound on prefill tokens per second from a matrix-multiply throughput. */
export function prefillTokensPerSecond(parameters: number, flopsPerS: number): number {
  return parameters > 0 ? flopsPerS / (2 * parameters) : Number.POSITIVE_INFINITY;
}

export interface SpeedComparison {
  label: string;
  predictedTokPerS: number;
  /** null when no run of this variant was measured. */
  measuredTokPerS: number | null;
  /** measured / predicted, in percent; null without a measurement. */
  efficiencyPercent: number | null;
}

export function compareSpeed(label: string, predictedTokPerS: number, measuredTokPerS: number | null): SpeedComparison {
  const efficiencyPercent = measuredTokPerS !== null && Number.isFinite(measuredTokPerS) && predictedTokPerS > 0 ? (100 * measuredTokPerS) / predictedTokPerS : null;
  return { label, predictedTokPerS, measuredTokPerS, efficiencyPercent };
}
