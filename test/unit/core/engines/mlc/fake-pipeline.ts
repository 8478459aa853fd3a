// A stand-in for web-llm's LLMChatPipeline (the model on the GPU, which tests cannot reach), so
// web-llm's real streaming code (MLCEngine.streamCurrentGeneration and its chunk builders) can be
// driven in Node. Each step is one sampled token: the full output message after it and its log-prob.
import { MLCEngine, type ChatCompletionChunk } from '@mlc-ai/web-llm';

export interface FakeStep {
  /** The decoded output after this token (web-llm re-decodes all output ids every step). */
  message: string;
  token: string;
  logprob: number;
  top?: Array<[string, number]>;
}

export class FakePipeline {
  readonly #steps: FakeStep[];
  readonly #promptTokens: number;
  #sampled = 0;
  #abort = false;

  constructor(steps: FakeStep[], promptTokens: number) {
    this.#steps = steps;
    this.#promptTokens = promptTokens;
  }

  /** Prefill samples the first token. */
  prefill(): void {
    this.#sampled = 1;
  }
  decode(): void {
    this.#sampled++;
  }
  stopped(): boolean {
    return this.#abort || this.#sampled >= this.#steps.length;
  }
  triggerStop(): void {
    this.#abort = true;
  }
  getFinishReason(): string {
    return this.#abort ? 'abort' : 'length';
  }
  getMessage(): string {
    return this.#steps[this.#sampled - 1]?.message ?? '';
  }
  getTokenLogprobArray() {
    return this.#steps.slice(0, this.#sampled).map((s) => ({
      token: s.token,
      bytes: null,
      logprob: s.logprob,
      top_logprobs: (s.top ?? []).map(([token, logprob]) => ({ token, bytes: null, logprob })),
    }));
  }
  // Round statistics as the pipeline keeps them: 50 ms prefill, 10 ms per decoded token.
  getCurRoundCompletionTotalTokens = () => this.#sampled;
  getCurRoundDecodingTotalTokens = () => this.#sampled - 1;
  getCurRoundPrefillTotalTokens = () => this.#promptTokens;
  getCurRoundPrefillTotalTime = () => 0.05;
  getCurRoundDecodingTotalTime = () => 0.01 * (this.#sampled - 1);
  getCurRoundPrefillTokensPerSec = () => this.#promptTokens / 0.05;
  getCurRoundDecodingTokensPerSec = () => (this.#sampled - 1) / (0.01 * (this.#sampled - 1));
  getCurRoundLatencyBreakdown = () => undefined;
}

type StreamGeneration = (
  request: object, model: string, pipeline: FakePipeline, genConfig: object, timeReceived: number,
  state: { id: string; created: number; prevMessageLength: number }, decodeStep: () => Promise<void>, opts: { emitCurrent: boolean },
) => AsyncGenerator<ChatCompletionChunk>;

/** web-llm's own chunk stream for `steps` (after prefill), as its worker would yield it. */
export function webLlmStream(engine: MLCEngine, request: object, steps: FakeStep[], promptTokens = 7): AsyncGenerator<ChatCompletionChunk> {
  const pipeline = new FakePipeline(steps, promptTokens);
  pipeline.prefill();
  const stream = (engine as unknown as { streamCurrentGeneration: StreamGeneration }).streamCurrentGeneration;
  return stream.call(engine, request, 'fake-model', pipeline, {}, Date.now(), { id: 'test', created: 0, prevMessageLength: 0 }, async () => pipeline.decode(), { emitCurrent: true });
}

export { MLCEngine };
