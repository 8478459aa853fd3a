// One generation through transformers.js's decode loop: prompt (raw text, or chat messages through
// the model's template), greedy or seeded sampling (repetition penalty, temperature, top-k, top-p,
// then a draw from the lab's own seeded generator), stop sequences, fixed-length decoding that
// ignores EOS, streaming, cancellation between tokens. Timings follow metrics/timing.ts: only the
// forward passes and sampling are timed; recording log-probs and detokenizing are left out.
import { InvalidArgumentError } from '../../errors.ts';
import { ForwardClock } from '../../metrics/timing.ts';
import { resolveSampling, resolveStops, type SamplingSettings } from '../generation-options.ts';
import { StopMatcher } from '../stop-sequences.ts';
import type { FinishReason, GenerateOptions, GenerationInput, GenerationReport, TokenCallback } from '../types.ts';
import { TextStream, TokenLogProbRecorder, applyRepetitionPenalty, applyTemperature, applyTopK, applyTopP } from './decode-hooks.ts';
import type { CausalLm, LogitsHook } from './library.ts';
import { TokenSampler } from './token-sampler.ts';

export interface GenerationLimits {
  /** Most tokens the model attends to (prompt + generated). */
  maxContext: number;
  vocabSize: number;
}

function promptIds(lm: CausalLm, input: GenerationInput): number[] {
  if (typeof input === 'string') return lm.encode(input, true);
  if (input.length === 0) throw new InvalidArgumentError('The chat has no messages; add a user message.');
  return lm.encode(lm.renderChat(input), false);
}

function checkLength(options: GenerateOptions): void {
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
    throw new InvalidArgumentError(`The number of new tokens must be a positive integer, got ${options.maxNewTokens}.`);
  }
}

/** The warpers in transformers / llama.cpp order; `history` is prompt + generated ids so far. */
function samplingHooks(settings: SamplingSettings, history: readonly number[]): LogitsHook[] {
  const hooks: LogitsHook[] = [];
  if (settings.repetitionPenalty !== 1) hooks.push((logits) => applyRepetitionPenalty(logits, history, settings.repetitionPenalty));
  if (settings.greedy) return hooks; // the library's argmax picks the token
  const sampler = new TokenSampler(settings.seed);
  hooks.push(
    (logits) => applyTemperature(logits, settings.temperature),
    (logits) => applyTopK(logits, settings.topK),
    (logits) => applyTopP(logits, settings.topP),
    sampler.drawInto,
  );
  return hooks;
}

/** Token pieces cut so that they join to `text` (a stop sequence may end the text inside a token). */
function piecesWithin(pieces: readonly string[] | undefined, text: string): string[] | undefined {
  if (!pieces) return undefined;
  let used = 0;
  return pieces.map((piece) => {
    const kept = piece.slice(0, Math.max(0, text.length - used));
    used += kept.length;
    return kept;
  });
}

export async function generateText(
  lm: CausalLm,
  input: GenerationInput,
  options: GenerateOptions,
  limits: GenerationLimits,
  onToken?: TokenCallback,
): Promise<GenerationReport> {
  const started = performance.now();
  checkLength(options);
  const settings = resolveSampling(options);
  const stops = new StopMatcher(resolveStops(options));
  const prompt = promptIds(lm, input);
  if (prompt.length === 0) throw new InvalidArgumentError('The prompt is empty and the tokenizer adds no start token; type a prompt.');
  const room = limits.maxContext - prompt.length;
  if (room < 1) {
    throw new InvalidArgumentError(`The prompt has ${prompt.length} tokens, which fills the model's ${limits.maxContext}-token context. Shorten the prompt.`);
  }
  const topN = Math.min(options.topLogProbs ?? 0, limits.vocabSize);
  const recorder = topN > 0 ? new TokenLogProbRecorder(topN) : null;
  const stream = new TextStream((ids) => lm.decode(ids));
  const history = [...prompt];
  const clock = new ForwardClock(() => performance.now());
  const signal = options.signal;
  const observe: LogitsHook[] = recorder ? [(logits) => clock.exclude(() => recorder.observe(logits))] : [];
  clock.start();
  if (!signal?.aborted) {
    await lm.generate({
      promptIds: prompt,
      maxNewTokens: Math.min(options.maxNewTokens, room),
      stopAtEos: !options.ignoreEos,
      logitsHooks: [...observe, ...samplingHooks(settings, history)],
      shouldStop: () => (signal?.aborted ?? false) || stops.stopped,
      onToken: (id) => {
        clock.token();
        clock.exclude(() => {
          history.push(id);
          recorder?.commit(id);
          const text = stops.push(stream.push(id));
          onToken?.({ index: stream.ids.length - 1, text, id });
        });
      },
    });
  }
  const ended = performance.now();
  const ids = [...stream.ids];
  const fullText = lm.decode(ids);
  let finishReason: FinishReason = 'length';
  if (signal?.aborted) finishReason = 'cancelled';
  else if (stops.stopped) finishReason = 'stop';
  else if (!options.ignoreEos && ids.length > 0 && lm.eosTokenIds().includes(ids[ids.length - 1]!)) finishReason = 'stop';
  const text = stops.stopped ? stops.text : fullText;
  const tokenTexts = piecesWithin(stream.piecesFor(fullText), text);
  const tokenLogProbs = recorder?.distribution();
  return {
    text,
    tokenIds: ids,
    ...(tokenTexts ? { tokenTexts } : {}),
    tokenCount: ids.length,
    promptTokenCount: prompt.length,
    ...clock.rates(prompt.length),
    totalMs: ended - started,
    finishReason,
    ...(tokenLogProbs ? { tokenLogProbs } : {}),
  };
}
