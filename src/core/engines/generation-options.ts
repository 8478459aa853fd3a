// Generation settings as both engines read them: the flat options of `GenerateOptions` (temperature,
// top-k, top-p, repetition penalty, seed) or the older `sampling` union, resolved into one checked
// `SamplingSettings`. Greedy is the default and what every metric uses; temperature 0 means greedy.
import { InvalidArgumentError } from '../errors.ts';
import type { GenerateOptions } from './types.ts';

export interface SamplingSettings {
  /** Argmax at every step (after the repetition penalty); the other fields but it are then unused. */
  greedy: boolean;
  temperature: number;
  /** Keep the k most likely tokens; 0 = no limit. */
  topK: number;
  /** Nucleus: keep the smallest set whose probability sums to at least topP; 1 = no limit. */
  topP: number;
  /** CTRL-style penalty on tokens already in the prompt or the output (1 = off). */
  repetitionPenalty: number;
  /** The seed the sampler's pseudo-random generator starts from. */
  seed: number;
}

/** Seed used when sampling is asked for without one: results stay reproducible, and say which seed ran. */
export const DEFAULT_SEED = 0;

export const GREEDY_SETTINGS: Readonly<SamplingSettings> = Object.freeze({ greedy: true, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: DEFAULT_SEED });

function check(settings: SamplingSettings): SamplingSettings {
  const { temperature, topK, topP, repetitionPenalty, seed } = settings;
  if (!(Number.isFinite(temperature) && temperature >= 0)) throw new InvalidArgumentError(`Temperature must be a number >= 0 (0 = greedy), got ${temperature}.`);
  if (!(Number.isInteger(topK) && topK >= 0)) throw new InvalidArgumentError(`top-k must be a non-negative integer (0 = no limit), got ${topK}.`);
  if (!(topP > 0 && topP <= 1)) throw new InvalidArgumentError(`top-p must be in (0, 1], got ${topP}.`);
  if (!(Number.isFinite(repetitionPenalty) && repetitionPenalty > 0)) {
    throw new InvalidArgumentError(`The repetition penalty must be a positive number (1 = off), got ${repetitionPenalty}.`);
  }
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new InvalidArgumentError(`The seed must be an integer in [0, 4294967295], got ${seed}.`);
  return settings;
}

/**
 * The sampling settings a generation runs with. Flat options win over `sampling`; with neither,
 * greedy. A temperature of 0 is greedy whatever the other fields say (as in llama.cpp).
 */
export type SamplingFields = Pick<GenerateOptions, 'sampling' | 'temperature' | 'topK' | 'topP' | 'repetitionPenalty' | 'seed'>;

export function resolveSampling(options: SamplingFields): SamplingSettings {
  const legacy = options.sampling;
  const fromLegacy = legacy?.kind === 'sample' ? { temperature: legacy.temperature, topP: legacy.topP, seed: legacy.seed } : {};
  const temperature = options.temperature ?? fromLegacy.temperature ?? 0;
  const settings = check({
    greedy: temperature === 0,
    temperature,
    topK: options.topK ?? 0,
    topP: options.topP ?? fromLegacy.topP ?? 1,
    repetitionPenalty: options.repetitionPenalty ?? 1,
    seed: options.seed ?? fromLegacy.seed ?? DEFAULT_SEED,
  });
  return settings;
}

/** Stop strings, checked: none empty (an empty string would stop before the first token). */
export function resolveStops(options: GenerateOptions): readonly string[] {
  const stops = options.stop ?? [];
  if (!Array.isArray(stops) || stops.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new InvalidArgumentError('Every stop sequence must be a non-empty string.');
  }
  return stops;
}

/** A short human label: "greedy" or "T 0.8, top-k 40, top-p 0.95, rep 1.1, seed 7". */
export function describeSampling(settings: SamplingSettings): string {
  const penalty = settings.repetitionPenalty !== 1 ? `, repetition penalty ${settings.repetitionPenalty}` : '';
  if (settings.greedy) return `greedy${penalty}`;
  const topK = settings.topK > 0 ? `, top-k ${settings.topK}` : '';
  const topP = settings.topP < 1 ? `, top-p ${settings.topP}` : '';
  return `temperature ${settings.temperature}${topK}${topP}${penalty}, seed ${settings.seed}`;
}
