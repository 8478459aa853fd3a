// GenerateOptions -> web-llm request, checked against web-llm's own request validation (the exported
// postInitAndCheckFields* and its generation-config check rebuilt from source).
import { postInitAndCheckFieldsChatCompletion, postInitAndCheckFieldsCompletion, type ChatCompletionRequest, type CompletionCreateParams } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { buildGenerationRequest, clampTopLogProbs, GREEDY_SAMPLING } from '../../../../../src/core/engines/mlc/generation-request.ts';
import type { GenerateOptions } from '../../../../../src/core/engines/types.ts';
import { webLlmGenerationConfigCheck } from './web-llm-source.ts';

const checkGenerationConfig = webLlmGenerationConfigCheck();
const greedy: GenerateOptions = { maxNewTokens: 16, sampling: { kind: 'greedy' } };
const MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';

/** Runs web-llm's validations on a built request, as chatCompletion/completion would. */
function acceptedByWebLlm(built: ReturnType<typeof buildGenerationRequest>): void {
  const request = structuredClone(built.request);
  if (built.kind === 'chat') postInitAndCheckFieldsChatCompletion(request as ChatCompletionRequest, MODEL, 0);
  else postInitAndCheckFieldsCompletion(request as CompletionCreateParams, MODEL);
  checkGenerationConfig({ ...request });
}

describe('buildGenerationRequest', () => {
  it('maps greedy to a nucleus of one token at temperature 1, streaming with usage and neutral penalties', () => {
    const built = buildGenerationRequest([{ role: 'user', content: 'Hi' }], { ...greedy, ignoreEos: true, topLogProbs: 3 });
    expect(built).toEqual({
      kind: 'chat',
      request: {
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 16,
        ignore_eos: true,
        temperature: 1,
        top_p: 1e-5,
        repetition_penalty: 1,
        frequency_penalty: 0,
        presence_penalty: 0,
        logprobs: true,
        top_logprobs: 3,
      },
    });
    expect(GREEDY_SAMPLING).toEqual({ temperature: 1, top_p: 1e-5 });
    acceptedByWebLlm(built);
  });

  it('passes seeded sampling through and a raw prompt as a text completion', () => {
    const built = buildGenerationRequest('Once upon a time', { maxNewTokens: 8, sampling: { kind: 'sample', temperature: 0.7, topP: 0.9, seed: 42 } });
    expect(built.kind).toBe('completion');
    expect(built.request).toMatchObject({ prompt: 'Once upon a time', temperature: 0.7, top_p: 0.9, seed: 42, ignore_eos: false });
    expect('logprobs' in built.request).toBe(false);
    acceptedByWebLlm(built);
  });

  it('passes the flat options, repetition penalty and stop sequences through, and refuses top-k', () => {
    const built = buildGenerationRequest('x', { maxNewTokens: 8, temperature: 0.8, topP: 0.9, seed: 3, repetitionPenalty: 1.2, stop: ['\nObservation'] });
    expect(built.request).toMatchObject({ temperature: 0.8, top_p: 0.9, seed: 3, repetition_penalty: 1.2, stop: ['\nObservation'] });
    acceptedByWebLlm(built);
    expect(buildGenerationRequest('x', { maxNewTokens: 8, temperature: 0, seed: 3 }).request).toMatchObject(GREEDY_SAMPLING);
    expect(() => buildGenerationRequest('x', { maxNewTokens: 8, temperature: 1, topK: 40 })).toThrow(/no top-k/);
  });

  it('clamps top log-probs to what web-llm accepts (1..5; 0 = off)', () => {
    expect([undefined, 0, -1, 0.5, 1, 3.7, 5, 64].map(clampTopLogProbs)).toEqual([0, 0, 0, 0, 1, 3, 5, 5]);
    const built = buildGenerationRequest('x', { ...greedy, topLogProbs: 64 });
    expect(built.request.top_logprobs).toBe(5);
    acceptedByWebLlm(built);
    // The check is live: web-llm itself refuses more than 5.
    expect(() => checkGenerationConfig({ logprobs: true, top_logprobs: 9 })).toThrow(/top_logprobs <= 5/);
  });

  it('rejects what web-llm would reject, with actionable messages', () => {
    expect(() => buildGenerationRequest('x', { ...greedy, maxNewTokens: 0 })).toThrow(/maxNewTokens must be a positive integer/);
    expect(() => buildGenerationRequest('x', { maxNewTokens: 4, sampling: { kind: 'sample', temperature: 1, topP: 0.9, seed: 1.5 } })).toThrow(/seed must be an integer/);
    expect(() => buildGenerationRequest('x', { maxNewTokens: 4, sampling: { kind: 'sample', temperature: -1, topP: 0.9, seed: 1 } })).toThrow(/Temperature/);
    expect(() => buildGenerationRequest('x', { maxNewTokens: 4, sampling: { kind: 'sample', temperature: 1, topP: 0, seed: 1 } })).toThrow(/top-p/);
    expect(() => buildGenerationRequest('', greedy)).toThrow(/prompt is empty/);
    expect(() => buildGenerationRequest([], greedy)).toThrow(/no messages/);
    expect(() => buildGenerationRequest([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }], greedy)).toThrow(/last chat message must be from the user/);
    expect(() => buildGenerationRequest([{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }, { role: 'user', content: 'c' }], greedy)).toThrow(/system message must come first/);
    // web-llm agrees about the system message (SystemMessageOrderError).
    expect(() => postInitAndCheckFieldsChatCompletion({ messages: [{ role: 'user', content: 'a' }, { role: 'system', content: 'b' }, { role: 'user', content: 'c' }] }, MODEL, 0)).toThrow(/System prompt should always be the first/);
  });
});
