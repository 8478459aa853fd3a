// Collects one web-llm streamed generation into a GenerationReport. web-llm yields one chunk per
// sampled token (the first right after prefill), holds a chunk back while the text ends in an
// incomplete UTF-8 character, then a final chunk with finish_reason and a usage chunk with timings.
// Each chunk's log-probs are the last sampled token's only (engine.ts makeStreamDeltaChunk).
import type { FinishReason, GenerationReport, TokenCallback } from '../types.ts';

/** web-llm's ChatCompletionTokenLogprob / TopLogprob: decoded token text, not token ids. */
export interface MlcTokenLogprob {
  token: string;
  logprob: number;
  top_logprobs: ReadonlyArray<{ token: string; logprob: number }>;
}

export interface MlcUsage {
  completion_tokens: number;
  prompt_tokens: number;
  extra: { e2e_latency_s: number; prefill_tokens_per_s: number; decode_tokens_per_s: number; time_to_first_token_s: number };
}

/** The parts of a ChatCompletionChunk (delta) or streamed Completion (text) read here. */
export interface MlcStreamChunk {
  choices: ReadonlyArray<{
    delta?: { content?: string | null };
    text?: string;
    finish_reason: string | null;
    logprobs?: { content: readonly MlcTokenLogprob[] | null } | null;
  }>;
  usage?: MlcUsage;
}

/**
 * One generated token's log-prob and its top-n alternatives, as web-llm reports them: decoded token
 * strings. They are not mapped to ids because decoding one token is not injective (byte-fallback
 * pieces of a multi-byte character all decode to U+FFFD; distinct ids can decode to the same text),
 * so `GenerationReport.tokenLogProbs` (id-based) stays empty for web-llm.
 */
export interface TokenLogProbRow {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export interface MlcGenerationReport extends GenerationReport {
  /** Rows in generation order (includes the stop token web-llm sampled, as its token count does). */
  tokenTopLogProbs?: TokenLogProbRow[];
  /** False when web-llm held back a chunk (split UTF-8 character) and so a row is missing. */
  logProbsComplete?: boolean;
  /** web-llm's own figures, measured inside its worker (no message round trips). */
  webllm: { prefillTokensPerS: number; decodeTokensPerS: number; prefillS: number; e2eLatencyS: number } | null;
  /** Decode rate on this thread's clock: includes one worker round trip per token. */
  wallClockDecodeTokensPerS: number;
}

const finite = (value: number | undefined): number => (value !== undefined && Number.isFinite(value) ? value : Number.NaN);

function toFinishReason(reason: string | null, cancelled: boolean): FinishReason {
  if (cancelled || reason === 'abort') return 'cancelled';
  return reason === 'length' ? 'length' : 'stop';
}

export class GenerationCollector {
  readonly #startMs: number;
  #text = '';
  #chunks = 0;
  #firstTokenMs: number | null = null;
  #lastTokenMs: number | null = null;
  #finishReason: string | null = null;
  #usage: MlcUsage | null = null;
  readonly #rows: TokenLogProbRow[] = [];

  /** `startMs`: when the request was sent, on the same clock as the `nowMs` passed to `add`. */
  constructor(startMs: number) {
    this.#startMs = startMs;
  }

  add(chunk: MlcStreamChunk, nowMs: number, onToken?: TokenCallback): void {
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return;
    if (choice.finish_reason !== null) {
      // The final chunk carries no new token, only why generation ended.
      this.#finishReason = choice.finish_reason;
      return;
    }
    const text = choice.delta?.content ?? choice.text ?? '';
    this.#firstTokenMs ??= nowMs;
    this.#lastTokenMs = nowMs;
    this.#text += text;
    for (const entry of choice.logprobs?.content ?? []) {
      this.#rows.push({ token: entry.token, logprob: entry.logprob, top: entry.top_logprobs.map((t) => ({ token: t.token, logprob: t.logprob })) });
    }
    // One callback per chunk: one token, or several when web-llm held back a split UTF-8 character.
    onToken?.({ index: this.#chunks, text });
    this.#chunks++;
  }

  finish(nowMs: number, cancelled: boolean): MlcGenerationReport {
    const usage = this.#usage;
    const tokenCount = usage?.completion_tokens ?? this.#chunks;
    const first = this.#firstTokenMs;
    const last = this.#lastTokenMs;
    const wallDecode = first !== null && last !== null && last > first && tokenCount > 1 ? ((tokenCount - 1) * 1000) / (last - first) : Number.NaN;
    const webllm = usage
      ? {
          prefillTokensPerS: finite(usage.extra.prefill_tokens_per_s),
          decodeTokensPerS: finite(usage.extra.decode_tokens_per_s),
          prefillS: finite(usage.extra.time_to_first_token_s),
          e2eLatencyS: finite(usage.extra.e2e_latency_s),
        }
      : null;
    const rows = this.#rows.length > 0 ? this.#rows : undefined;
    return {
      text: this.#text,
      tokenCount,
      promptTokenCount: usage?.prompt_tokens ?? 0,
      timeToFirstTokenMs: first === null ? Number.NaN : first - this.#startMs,
      // web-llm times prefill and decode inside its worker; with one token there is no decode rate.
      prefillTokensPerS: webllm?.prefillTokensPerS ?? Number.NaN,
      decodeTokensPerS: tokenCount > 1 ? (webllm?.decodeTokensPerS ?? wallDecode) : Number.NaN,
      totalMs: nowMs - this.#startMs,
      finishReason: toFinishReason(this.#finishReason, cancelled),
      ...(rows ? { tokenTopLogProbs: rows, logProbsComplete: rows.length === tokenCount } : {}),
      webllm,
      wallClockDecodeTokensPerS: wallDecode,
    };
  }
}
