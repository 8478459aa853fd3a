// web-llm failures -> typed LabErrors, on real texts: download failures come from running web-llm's
// own MLCEngine.reload in Node (its config fetch runs before any GPU work) with the network and the
// storage quota faked at the edge; the other errors are web-llm's own classes from its source.
import 'fake-indexeddb/auto';
import { IntegrityError, MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toMlcError } from '../../../../../src/core/engines/mlc/errors.ts';
import { fromWire, LabError, toWire } from '../../../../../src/core/errors.ts';
import { webLlmErrorText, webLlmSource } from './web-llm-source.ts';

const MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';
const load = { modelId: MODEL, action: 'load' } as const;
const appConfig = { ...prebuiltAppConfig, cacheBackend: 'indexeddb' as const };

/** What web-llm's worker would post for a failed reload: `err.toString()`. */
async function reloadFailure(modelId = MODEL): Promise<string> {
  const engine = new MLCEngine({ appConfig, logLevel: 'SILENT' });
  try {
    await engine.reload(modelId);
  } catch (error) {
    return String(error);
  }
  throw new Error('reload unexpectedly succeeded');
}

function mapped(raw: unknown, context: { modelId: string; action: 'load' | 'generate' } = load): LabError {
  return toMlcError(raw, context);
}

beforeAll(() => {
  // web-llm resolves model URLs against the page; Node has no location.
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173' });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4173' });
});

describe('download failures, from web-llm reload', () => {
  it('offline (Chrome rejects fetch with "Failed to fetch"): network, with the advice', async () => {
    vi.stubGlobal('fetch', async () => Promise.reject(new TypeError('Failed to fetch')));
    const text = await reloadFailure();
    expect(text).toBe(`Error: Failed to store https://huggingface.co/mlc-ai/${MODEL}/resolve/main/mlc-chat-config.json with error: TypeError: Failed to fetch`);
    const error = mapped(text);
    expect(error.code).toBe('network');
    expect(error.message).toBe(`Could not download ${MODEL} — you seem to be offline or huggingface.co is unreachable. Models from the offline demo pack still work.`);
  });

  it("recognizes Firefox's and Safari's offline fetch errors too", () => {
    for (const inner of ['TypeError: NetworkError when attempting to fetch resource.', 'TypeError: Load failed']) {
      expect(mapped(`Error: Failed to store https://raw.githubusercontent.com/mlc-ai/x.wasm with error: ${inner}`).message).toMatch(/offline or raw\.githubusercontent\.com is unreachable/);
    }
  });

  it('HTTP error from the hub: network, saying the server answered with an error', async () => {
    vi.stubGlobal('fetch', async () => new Response('Not found', { status: 404 }));
    const error = mapped(await reloadFailure());
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/huggingface\.co answered with an error/);
  });

  it('storage full while caching: quota-exceeded', async () => {
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 200 }));
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
    });
    const text = await reloadFailure();
    expect(text).toMatch(/^Error: Failed to store .* with error: QuotaExceededError: /);
    const error = mapped(text);
    expect(error.code).toBe('quota-exceeded');
    expect(error.message).toMatch(/storage for this site is full.*Models & storage/);
  });

  it('unknown model id: model-not-found', async () => {
    const text = await reloadFailure('Not-A-Model-q4f32_1-MLC');
    expect(text).toMatch(/^ModelNotFoundError: Cannot find model record in appConfig for Not-A-Model-q4f32_1-MLC/);
    const error = mapped(text, { modelId: 'Not-A-Model-q4f32_1-MLC', action: 'load' });
    expect(error.code).toBe('model-not-found');
    expect(error.message).toMatch(/"Not-A-Model-q4f32_1-MLC" is not in web-llm's prebuilt model list/);
  });

  it('a corrupted download (IntegrityError): network, asking to delete and reload', () => {
    const error = mapped(String(new IntegrityError('https://huggingface.co/x/params_shard_0.bin', 'sha256-a', 'sha256-b')));
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/checksum.*Delete the cached model/);
  });
});

describe("web-llm's GPU and runtime errors", () => {
  it('ShaderF16SupportError and a late WGSL f16 failure: shader-f16-unavailable', () => {
    const text = webLlmErrorText('ShaderF16SupportError');
    // web-llm passes its whole message to FeatureSupportError(feature), which wraps it again.
    expect(text).toMatch(/^ShaderF16SupportError: This model requires feature This model requires WebGPU extension shader-f16, .*, which is not yet supported by this browser\.$/);
    expect(mapped(text).code).toBe('shader-f16-unavailable');
    expect(mapped(text).message).toMatch(/f32 rung \(q4f32_1 or q0f32\)/);
    // Records without required_features fail later, when Tint compiles an f16 kernel.
    expect(mapped("Error: Tint WGSL reader failure: :3:1 error: f16 type used without 'f16' extension enabled").code).toBe('shader-f16-unavailable');
  });

  it('DeviceLostError: device-lost, suggesting a smaller rung', () => {
    const error = mapped(webLlmErrorText('DeviceLostError'));
    expect(error.code).toBe('device-lost');
    expect(error.message).toMatch(/lost while loading .*smaller rung/);
    expect(mapped('Error: device lost', { modelId: MODEL, action: 'generate' }).message).toMatch(/while running/);
  });

  it('no WebGPU, a missing feature, limits too small: webgpu-unavailable', () => {
    for (const name of ['WebGPUNotAvailableError', 'WebGPUNotFoundError']) {
      expect(mapped(webLlmErrorText(name)).code).toBe('webgpu-unavailable');
    }
    const feature = mapped(webLlmErrorText('FeatureSupportError', 'subgroups'));
    expect(feature.code).toBe('webgpu-unavailable');
    expect(feature.message).toMatch(/feature subgroups/);
    // tvmjs detectGPUDevice throws a plain Error with this text.
    expect(webLlmSource).toContain('Cannot initialize runtime because of requested maxBufferSize ');
    const limits = mapped('Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB. Consider upgrading your browser.');
    expect(limits.code).toBe('webgpu-unavailable');
    expect(limits.message).toMatch(/maxBufferSize limit/);
  });

  it('a model web-llm dropped (after losing the device): engine, asking to load again', () => {
    const error = mapped(webLlmErrorText('ModelNotLoadedError', 'ChatCompletionRequest'), { modelId: MODEL, action: 'generate' });
    expect(error.code).toBe('engine');
    expect(error.message).toBe(`${MODEL} is no longer loaded in web-llm (its GPU device may have been lost). Load the model again.`);
  });

  it('a prompt longer than the context: invalid-argument', () => {
    const error = mapped(webLlmErrorText('ContextWindowSizeExceededError', 5000, 4096), { modelId: MODEL, action: 'generate' });
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/longer than .*context window.*5000/);
  });
});

describe('toMlcError', () => {
  it('passes LabErrors through, maps aborts to cancelled, anything else to engine with the first line', () => {
    const original = new LabError('storage', 'x');
    expect(mapped(original)).toBe(original);
    expect(mapped(new DOMException('The user aborted a request.', 'AbortError')).code).toBe('cancelled');
    const other = mapped(webLlmErrorText('MessageOrderError', 'The last message should be from `user` or `tool`.\nmore'), { modelId: MODEL, action: 'generate' });
    expect(other.code).toBe('engine');
    expect(other.message).toBe(`web-llm failed while generating with ${MODEL}: MessageOrderError: The last message should be from \`user\` or \`tool\`.`);
  });

  it('rebuilds every mapped class after crossing a worker boundary', () => {
    const texts = [webLlmErrorText('ShaderF16SupportError'), webLlmErrorText('DeviceLostError'), 'TypeError: Failed to fetch', 'QuotaExceededError: full', webLlmErrorText('ModelNotFoundError', 'x')];
    for (const text of texts) {
      const error = mapped(text);
      const rebuilt = fromWire(toWire(error));
      expect(rebuilt.constructor).toBe(error.constructor);
      expect(rebuilt.code).toBe(error.code);
    }
  });
});
