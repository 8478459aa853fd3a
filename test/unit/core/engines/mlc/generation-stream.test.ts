// GenerationCollector over chunks made by web-llm's own streaming code (MLCEngine with a fake
// pipeline standing in for the GPU model): text, token counts, log-prob rows, timings, interrupts.
import { describe, expect, it } from 'vitest';
import { GenerationCollector } from '../../../../../src/core/engines/mlc/generation-stream.ts';
import type { GeneratedToken } from '../../../../../src/core/engines/types.ts';
import { MLCEngine, webLlmStream, type FakeStep } from './fake-pipeline.ts';

const chatRequest = { messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true }, logprobs: true, top_logprobs: 2 };

function steps(texts: string[]): FakeStep[] {
  let message = '';
  return texts.map((token, i) => {
    message += token;
    return { message, token, logprob: -0.1 * (i + 1), top: [[token, -0.1 * (i + 1)], ['x', -3]] };
  });
}

/** Feeds a stream to a collector on a fake clock: start at 1000 ms, chunk k at 1100 + 20k ms. */
async function collect(stream: AsyncIterable<Parameters<GenerationCollector['add']>[0]>, onEach?: (k: number) => void) {
  const collector = new GenerationCollector(1000);
  const tokens: GeneratedToken[] = [];
  let k = 0;
  for await (const chunk of stream) {
    collector.add(chunk, 1100 + 20 * k, (t) => tokens.push(t));
    onEach?.(k);
    k++;
  }
  return { collector, tokens };
}

describe('GenerationCollector on web-llm chunks', () => {
  it('assembles text, counts, log-prob rows and timings of a chat stream', async () => {
    const { collector, tokens } = await collect(webLlmStream(new MLCEngine(), chatRequest, steps(['The', ' sky', ' is', ' blue'])));
    const report = collector.finish(1300, false);
    expect(report.text).toBe('The sky is blue');
    expect(tokens.map((t) => t.text)).toEqual(['The', ' sky', ' is', ' blue']);
    expect(tokens.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(report).toMatchObject({ tokenCount: 4, promptTokenCount: 7, finishReason: 'length', logProbsComplete: true, totalMs: 300 });
    expect(report.tokenTopLogProbs!.map((r) => r.token)).toEqual(['The', ' sky', ' is', ' blue']);
    expect(report.tokenTopLogProbs![1]).toEqual({ token: ' sky', logprob: -0.2, top: [{ token: ' sky', logprob: -0.2 }, { token: 'x', logprob: -3 }] });
    // First token 100 ms after the request; web-llm's rates: 7 tokens / 0.05 s prefill, 3 decoded / 0.03 s.
    expect(report.timeToFirstTokenMs).toBe(100);
    expect(report.prefillTokensPerS).toBeCloseTo(140, 9);
    expect(report.decodeTokensPerS).toBeCloseTo(100, 9);
    expect(report.webllm).toMatchObject({ prefillS: 0.05 });
    // Wall clock: tokens 2..4 arrived over 60 ms.
    expect(report.wallClockDecodeTokensPerS).toBeCloseTo(50, 9);
  });

  it('loses the row of a token web-llm held back (split UTF-8 character) and says so', async () => {
    const split: FakeStep[] = [
      { message: 'caf', token: 'caf', logprob: -1 },
      { message: 'caf\uFFFD', token: '\uFFFD', logprob: -2 },
      { message: 'café', token: '\uFFFD', logprob: -3 },
      { message: 'café!', token: '!', logprob: -4 },
    ];
    const { collector, tokens } = await collect(webLlmStream(new MLCEngine(), chatRequest, split));
    const report = collector.finish(1300, false);
    expect(report.text).toBe('café!');
    expect(tokens.map((t) => t.text)).toEqual(['caf', 'é', '!']);
    expect(report.tokenCount).toBe(4);
    expect(report.tokenTopLogProbs!.map((r) => r.logprob)).toEqual([-1, -3, -4]);
    expect(report.logProbsComplete).toBe(false);
  });

  it("ends 'cancelled' when interrupted, with web-llm's usage still reported", async () => {
    const engine = new MLCEngine();
    const { collector } = await collect(webLlmStream(engine, chatRequest, steps(['a', 'b', 'c', 'd', 'e', 'f'])), (k) => {
      if (k === 1) void engine.interruptGenerate();
    });
    const stopped = collector.finish(1300, false);
    expect(stopped.finishReason).toBe('cancelled');
    expect(stopped.text).toBe('ab');
    expect(stopped.tokenCount).toBe(2);
    expect(stopped.promptTokenCount).toBe(7);
  });

  it('reads text-completion chunks (raw prompts) the same way', async () => {
    const { collector } = await collect(webLlmStream(new MLCEngine(), { prompt: 'Once', stream: true, stream_options: { include_usage: true } }, steps([' upon', ' a', ' time'])));
    const report = collector.finish(1300, false);
    expect(report.text).toBe(' upon a time');
    expect(report.tokenCount).toBe(3);
    expect(report.tokenTopLogProbs).toBeUndefined();
  });

  it('reports no figures it did not measure', () => {
    const empty = new GenerationCollector(5).finish(9, true);
    expect(empty).toMatchObject({ text: '', tokenCount: 0, finishReason: 'cancelled', totalMs: 4, webllm: null });
    expect(empty.timeToFirstTokenMs).toBeNaN();
    expect(empty.decodeTokensPerS).toBeNaN();
    expect(empty.prefillTokensPerS).toBeNaN();
  });
});
