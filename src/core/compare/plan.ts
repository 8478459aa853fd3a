// What one comparison asks of every variant: the prompt and its generation length, how many timed
// repeats follow the warm-up, and the reference text scored teacher-forced for perplexity and KLD.
import { InvalidArgumentError } from '../errors.ts';
import type { GenerationInput } from '../engines/types.ts';

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
  topK: number;
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
  if (typeof plan.prompt === 'string' ? plan.prompt.trim() === '' : plan.prompt.length === 0) {
    throw new InvalidArgumentError('The prompt is empty: pick a preset or type a prompt.');
  }
  return plan;
}
