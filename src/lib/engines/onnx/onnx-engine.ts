// The ONNX engine (the lab's Engine contract) on the main thread: a typed proxy to the engine that
// lives in the onnx-engine worker. Nothing heavy is imported here: transformers.js and onnxruntime
// load inside the worker only.
import { ONNX_CAPABILITIES } from '../../../core/engines/onnx/capabilities.ts';
import type { SourceEndpoints } from '../../../core/engines/onnx/model-source.ts';
import type {
  Engine, GenerateOptions, GenerationInput, GenerationReport, LoadReport, ProgressCallback, ScoreOptions, ScoreResult, TokenCallback, VariantSpec,
} from '../../../core/engines/types.ts';
import { onnxEngine } from '../../workers/clients.ts';
import type { OnnxEngineClient } from '../../workers/onnx-engine-client.ts';

export interface OnnxWorkerEngineOptions {
  /** The worker client; default the app's shared one (the device self-test uses it too). */
  client?: OnnxEngineClient;
  /** Default: the demo pack beside the page (`models/`) and huggingface.co. */
  endpoints?: SourceEndpoints;
}

export function defaultEndpoints(): SourceEndpoints {
  return { demoPackUrl: new URL('models/', document.baseURI).href };
}

/** What `generate` returns when it was cancelled before it started. */
function cancelledBeforeStart(): GenerationReport {
  return {
    text: '', tokenIds: [], tokenCount: 0, promptTokenCount: 0,
    timeToFirstTokenMs: Number.NaN, prefillTokensPerS: Number.NaN, decodeTokensPerS: Number.NaN,
    totalMs: 0, finishReason: 'cancelled',
  };
}

export class OnnxWorkerEngine implements Engine {
  readonly capabilities = ONNX_CAPABILITIES;
  readonly #client: OnnxEngineClient;
  readonly #endpoints: SourceEndpoints;

  constructor(options: OnnxWorkerEngineOptions = {}) {
    this.#client = options.client ?? onnxEngine;
    this.#endpoints = options.endpoints ?? defaultEndpoints();
  }

  load(spec: VariantSpec, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<LoadReport> {
    return this.#client.engineLoad({ spec, endpoints: this.#endpoints }, onProgress, signal);
  }

  async generate(input: GenerationInput, options: GenerateOptions, onToken?: TokenCallback): Promise<GenerationReport> {
    const { signal, ...rest } = options;
    if (signal?.aborted) return cancelledBeforeStart();
    // A cancel reaches the worker's decode loop, which ends with finishReason 'cancelled'.
    return this.#client.engineGenerate({ input, options: rest }, onToken, signal);
  }

  score(text: string, options: ScoreOptions, onProgress?: ProgressCallback): Promise<ScoreResult> {
    const { signal, ...rest } = options;
    return this.#client.engineScore({ text, options: rest }, onProgress, signal);
  }

  unload(): Promise<void> {
    return this.#client.engineUnload();
  }

  /** Terminates the worker (and the loaded model): stops a kernel that is already running. */
  stop(): void {
    this.#client.stop();
  }
}
