// The one definition of every speed figure the lab reports, for both engines (ONNX and web-llm):
// the texts the results table shows as tooltips and docs/measurements.md repeats, and the clock the
// ONNX engine times a generation with. Only inference is timed: log-prob recording, detokenizing,
// streaming callbacks and quality scoring happen outside the timed windows (scoring is its own
// teacher-forced pass, which is not timed at all).

export const TIMING_DEFINITIONS = {
  loadCold: 'Load (cold): from the request until the model is ready to generate, with the weights fetched from the network or disk (nothing cached).',
  loadCached: 'Load (cached): from the request until the model is ready to generate, with the weights read from the browser cache (IndexedDB).',
  timeToFirstToken: 'Time to first token: from the generate request (prompt already tokenized) until the first new token is chosen: the prompt forward pass plus one sampling step.',
  prefill: 'Prefill tok/s = prompt tokens / prefill time, where prefill time is the prompt forward pass that yields the first token (ONNX: timed here, outside streaming and recording work; web-llm: its own prefill timer).',
  decode: 'Decode tok/s = (generated tokens - 1) / decode time, where decode time runs from the first generated token to the last, counting forward passes and sampling only (ONNX: recording and detokenizing excluded; web-llm: its own decode timer).',
  peakMemory: 'Peak memory: the largest memory use the platform reports during the run (Chrome: performance.measureUserAgentSpecificMemory or the JS heap; blank where the platform reports none).',
} as const;

export type TimingFigure = keyof typeof TIMING_DEFINITIONS;

/**
 * Times one generation on the caller's clock while leaving out the lab's own work between tokens.
 * `exclude` wraps work that is not inference (recording top-n log-probs, detokenizing, callbacks);
 * `token` marks the moment each token is chosen. Windows are measured on the clock and the excluded
 * time inside them is subtracted.
 */
export class ForwardClock {
  readonly #now: () => number;
  #start = 0;
  #excluded = 0;
  #first: { at: number; excluded: number } | null = null;
  #last: { at: number; excluded: number } | null = null;
  #tokens = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The generate request reaches the runtime (the prompt is tokenized). */
  start(): void {
    this.#start = this.#now();
    this.#excluded = 0;
    this.#first = null;
    this.#last = null;
    this.#tokens = 0;
  }

  exclude<T>(work: () => T): T {
    const began = this.#now();
    try {
      return work();
    } finally {
      this.#excluded += this.#now() - began;
    }
  }

  token(): void {
    const mark = { at: this.#now(), excluded: this.#excluded };
    this.#first ??= mark;
    this.#last = mark;
    this.#tokens++;
  }

  /** Prefill time in ms (start to the first token, exclusions removed); NaN before any token. */
  get prefillMs(): number {
    return this.#first ? this.#first.at - this.#start - this.#first.excluded : Number.NaN;
  }

  /** Decode time in ms (first token to last, exclusions removed); 0 with fewer than two tokens. */
  get decodeMs(): number {
    if (!this.#first || !this.#last) return 0;
    return this.#last.at - this.#first.at - (this.#last.excluded - this.#first.excluded);
  }

  get tokens(): number {
    return this.#tokens;
  }

  /** The rates of the definitions above. */
  rates(promptTokens: number): { timeToFirstTokenMs: number; prefillTokensPerS: number; decodeTokensPerS: number } {
    const prefill = this.prefillMs;
    const decode = this.decodeMs;
    return {
      timeToFirstTokenMs: prefill,
      prefillTokensPerS: (promptTokens * 1000) / prefill,
      decodeTokensPerS: this.#tokens > 1 && decode > 0 ? ((this.#tokens - 1) * 1000) / decode : Number.NaN,
    };
  }
}
