// Maps the lab's GenerateOptions onto a web-llm OpenAI-style request (chat.completions for chat
// messages, completions for a raw prompt), streaming with usage so timings arrive at the end.
import { InvalidArgumentError } from '../../errors.ts';
import { resolveSampling, resolveStops } from '../generation-options.ts';
import type { ChatMessage, GenerateOptions, GenerationInput } from '../types.ts';

/** web-llm rejects top_logprobs outside [0, 5] (postInitAndCheckGenerationConfigValues). */
export const MLC_MAX_TOP_LOGPROBS = 5;

/**
 * Greedy decoding as a nucleus of one token. web-llm's "temperature: 0" is clamped to 1e-6 and the
 * log-probs it reports are of softmax(z / T), so at T = 1e-6 they are one-hot (0 and -Infinity) and
 * useless for comparison. At T = 1 with top_p at web-llm's floor of 1e-5, its sampler
 * (TVM `sample_top_p_top_k_from_sorted_prob`) keeps only the sorted-first token whenever that token's
 * probability is >= top_p (always true for vocabularies under 100k, and in practice for all): the
 * argmax, deterministically, with the model's real distribution in the log-probs.
 */
export const GREEDY_SAMPLING = { temperature: 1, top_p: 1e-5 } as const;

/** Fields shared by web-llm's ChatCompletionRequestStreaming and CompletionCreateParamsStreaming. */
export interface MlcSamplingFields {
  stream: true;
  stream_options: { include_usage: true };
  max_tokens: number;
  ignore_eos: boolean;
  temperature: number;
  top_p: number;
  seed?: number;
  // Explicit penalties: a model's mlc-chat-config may set its own, which would make variants decode
  // differently from the ONNX engine's sampling with the same options.
  repetition_penalty: number;
  frequency_penalty: 0;
  presence_penalty: 0;
  logprobs?: true;
  top_logprobs?: number;
  stop?: string[];
}

export type MlcGenerationRequest =
  | { kind: 'chat'; request: MlcSamplingFields & { messages: ChatMessage[] } }
  | { kind: 'completion'; request: MlcSamplingFields & { prompt: string } };

function validateMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  if (messages.length === 0) throw new InvalidArgumentError('The chat has no messages; add a user message.');
  messages.forEach((message, i) => {
    if (message.role === 'system' && i !== 0) throw new InvalidArgumentError('A system message must come first in the chat (web-llm rejects it elsewhere).');
  });
  if (messages.at(-1)!.role !== 'user') throw new InvalidArgumentError('The last chat message must be from the user: the model answers it.');
  return messages.map((m) => ({ role: m.role, content: m.content }));
}

function samplingFields(options: GenerateOptions): Pick<MlcSamplingFields, 'temperature' | 'top_p' | 'seed' | 'repetition_penalty'> {
  const settings = resolveSampling(options);
  if (settings.topK > 0) throw new InvalidArgumentError('web-llm has no top-k sampling option; leave top-k at 0 and use top-p.');
  const repetition_penalty = settings.repetitionPenalty;
  if (settings.greedy) return { ...GREEDY_SAMPLING, repetition_penalty };
  return { temperature: settings.temperature, top_p: settings.topP, seed: settings.seed, repetition_penalty };
}

/** Top-n alternatives web-llm will report: clamped to [0, 5]; 0 means no log-probs at all. */
export function clampTopLogProbs(requested: number | undefined): number {
  if (requested === undefined || !(requested > 0)) return 0;
  return Math.min(MLC_MAX_TOP_LOGPROBS, Math.floor(requested));
}

export function buildGenerationRequest(input: GenerationInput, options: GenerateOptions): MlcGenerationRequest {
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
    throw new InvalidArgumentError(`maxNewTokens must be a positive integer, got ${options.maxNewTokens}.`);
  }
  const topLogProbs = clampTopLogProbs(options.topLogProbs);
  const stops = resolveStops(options);
  const fields: MlcSamplingFields = {
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: options.maxNewTokens,
    ignore_eos: options.ignoreEos ?? false,
    ...samplingFields(options),
    frequency_penalty: 0,
    presence_penalty: 0,
    // web-llm returns no log-probs at all unless top_logprobs >= 1, so 0 means "off".
    ...(topLogProbs > 0 ? { logprobs: true as const, top_logprobs: topLogProbs } : {}),
    ...(stops.length > 0 ? { stop: [...stops] } : {}),
  };
  if (typeof input === 'string') {
    if (input.length === 0) throw new InvalidArgumentError('The prompt is empty; type something for the model to continue.');
    return { kind: 'completion', request: { ...fields, prompt: input } };
  }
  return { kind: 'chat', request: { ...fields, messages: validateMessages(input) } };
}
