// What one comparison asks of every variant: the prompt and its generation length, how many timed
// repeats follow the warm-up, and the reference text scored teacher-forced for perplexity and KLD.
import { InvalidArgumentError } from '../errors.ts';
import { resolveSampling, type SamplingFields } from '../engines/generation-options.ts';
import type { GenerationInput } from '../engines/types.ts';
import type { PerplexityMethod } from '../metrics/scoring-plan.ts';

/** The shown outputs' sampling: the same prompt and seed for every variant. Metrics always use greedy. */
export interface PlanSampling {
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed: number;
}

export interface ComparePlan {
  prompt: GenerationInput;
  maxNewTokens: number;
  /** Timed generations after one discarded warm-up. */
  repeats: number;
  /** Reference text for perplexity and the baseline comparison; empty skips scoring. */
  referenceText: string;
  /** Scoring window in tokens, and its step (see metrics/windows.ts). */
  context: number;
  stride?: number;
  /** How perplexity positions are scored (metrics/scoring-plan.ts); default strided. */
  pplMethod?: PerplexityMethod;
  topK: number;
  /** Sampling of the timed, shown generations; absent = greedy. */
  sampling?: PlanSampling;
}

/** The generate options of the plan's sampling (greedy when absent or at temperature 0). */
export function samplingOptions(plan: Pick<ComparePlan, 'sampling'>): SamplingFields {
  const s = plan.sampling;
  if (!s) return {};
  return { temperature: s.temperature, topK: s.topK, topP: s.topP, repetitionPenalty: s.repetitionPenalty, seed: s.seed };
}

export const DEFAULT_PLAN: Omit<ComparePlan, 'prompt' | 'referenceText'> = {
  maxNewTokens: 48,
  repeats: 3,
  context: 128,
  topK: 64,
};

export function validatePlan(plan: ComparePlan): ComparePlan {
  const positiveInteger = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}; got ${value}.`);
    }
  };
  positiveInteger('Generation length', plan.maxNewTokens, 4096);
  positiveInteger('Repeats', plan.repeats, 50);
  positiveInteger('Scoring context', plan.context, 32768);
  positiveInteger('Top-k', plan.topK, 1024);
  if (plan.sampling) resolveSampling(samplingOptions(plan)); // throws, naming the bad value
  if (typeof plan.prompt === 'string' ? plan.prompt.trim() === '' : plan.prompt.length === 0) {
    throw new InvalidArgumentError('The prompt is empty: pick a preset or type a prompt.');
  }
  return plan;
}
