// One generation through transformers.js's decode loop: prompt (raw text, or chat messages through
// the model's template), greedy or seeded sampling, fixed-length decoding that ignores EOS,
// streaming, cancellation between tokens, and the timings a comparison reports.
//   time to first token = call start -> first token chosen (tokenization + prefill + one sample)
//   prefill tokens/s   = prompt tokens / time to first token
//   decode tokens/s    = (tokens - 1) / (last token - first token)
import { InvalidArgumentError } from '../../errors.ts';
import type { FinishReason, GenerateOptions, GenerationInput, GenerationReport, TokenCallback } from '../types.ts';
import { TextStream, TokenLogProbRecorder, applyTemperature, applyTopP } from './decode-hooks.ts';
import type { CausalLm, LogitsHook } from './library.ts';

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

function checkOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 1) {
    throw new InvalidArgumentError(`The number of new tokens must be a positive integer, got ${options.maxNewTokens}.`);
  }
  const sampling = options.sampling;
  if (sampling.kind === 'sample' && !Number.isInteger(sampling.seed)) {
    throw new InvalidArgumentError(`The sampling seed must be an integer, got ${sampling.seed}.`);
  }
}

function hooksFor(options: GenerateOptions, recorder: TokenLogProbRecorder | null): LogitsHook[] {
  const hooks: LogitsHook[] = recorder ? [recorder.observe] : [];
  const sampling = options.sampling;
  if (sampling.kind === 'sample') {
    hooks.push((logits) => applyTemperature(logits, sampling.temperature), (logits) => applyTopP(logits, sampling.topP));
  }
  return hooks;
}

export async function generateText(
  lm: CausalLm,
  input: GenerationInput,
  options: GenerateOptions,
  limits: GenerationLimits,
  onToken?: TokenCallback,
): Promise<GenerationReport> {
  const started = performance.now();
  checkOptions(options);
  const prompt = promptIds(lm, input);
  if (prompt.length === 0) throw new InvalidArgumentError('The prompt is empty and the tokenizer adds no start token; type a prompt.');
  const room = limits.maxContext - prompt.length;
  if (room < 1) {
    throw new InvalidArgumentError(`The prompt has ${prompt.length} tokens, which fills the model's ${limits.maxContext}-token context. Shorten the prompt.`);
  }
  const topN = Math.min(options.topLogProbs ?? 0, limits.vocabSize);
  const recorder = topN > 0 ? new TokenLogProbRecorder(topN) : null;
  const stream = new TextStream((ids) => lm.decode(ids));
  const signal = options.signal;
  let firstAt: number | null = null;
  let lastAt: number | null = null;
  if (!signal?.aborted) {
    await lm.generate({
      promptIds: prompt,
      maxNewTokens: Math.min(options.maxNewTokens, room),
      sample: options.sampling.kind === 'sample',
      ...(options.sampling.kind === 'sample' ? { seed: options.sampling.seed } : {}),
      stopAtEos: !options.ignoreEos,
      logitsHooks: hooksFor(options, recorder),
      shouldStop: () => signal?.aborted ?? false,
      onToken: (id) => {
        const now = performance.now();
        firstAt ??= now;
        lastAt = now;
        recorder?.commit(id);
        const text = stream.push(id);
        onToken?.({ index: stream.ids.length - 1, text, id });
      },
    });
  }
  const ended = performance.now();
  const ids = [...stream.ids];
  let finishReason: FinishReason = 'length';
  if (signal?.aborted) finishReason = 'cancelled';
  else if (!options.ignoreEos && ids.length > 0 && lm.eosTokenIds().includes(ids[ids.length - 1]!)) finishReason = 'stop';
  const ttft = firstAt === null ? Number.NaN : firstAt - started;
  const decodeMs = firstAt !== null && lastAt !== null ? lastAt - firstAt : 0;
  const tokenLogProbs = recorder?.distribution();
  const text = lm.decode(ids);
  const tokenTexts = stream.piecesFor(text);
  return {
    text,
    tokenIds: ids,
    ...(tokenTexts ? { tokenTexts } : {}),
    tokenCount: ids.length,
    promptTokenCount: prompt.length,
    timeToFirstTokenMs: ttft,
    prefillTokensPerS: (prompt.length * 1000) / ttft,
    decodeTokensPerS: ids.length > 1 && decodeMs > 0 ? ((ids.length - 1) * 1000) / decodeMs : Number.NaN,
    totalMs: ended - started,
    finishReason,
    ...(tokenLogProbs ? { tokenLogProbs } : {}),
  };
}
