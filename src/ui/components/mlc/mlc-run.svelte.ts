// State of the web-llm page: the model list, one load-and-generate run at a time, its progress,
// streamed output, reports, and any error as { code, message } shown in place.
import type { EngineProgress } from '../../../core/engines/types.ts';
import type { MlcGenerationReport } from '../../../core/engines/mlc/generation-stream.ts';
import type { MlcLoadReport } from '../../../core/engines/mlc/load-report.ts';
import type { MlcModelRecord } from '../../../core/engines/mlc/model-record.ts';
import { LabError, isCancelled, type ErrorCode } from '../../../core/errors.ts';
import { MlcEngine, loadMlcModelRecords } from '../../../lib/engines/mlc/index.ts';
import { describeError } from '../../describe-error.ts';
import { device } from '../../stores/device.svelte.ts';

export type MlcRunStatus = 'idle' | 'loading' | 'generating' | 'done' | 'cancelled' | 'failed';

export interface MlcRunError {
  code: ErrorCode;
  message: string;
}

function toRunError(error: unknown): MlcRunError {
  return { code: error instanceof LabError ? error.code : 'internal', message: describeError(error) };
}

/** The probe's adapter name, for load reports when web-llm names none. */
function probedAdapter(): string {
  const gpu = device.capabilities?.webgpu;
  return gpu?.available ? gpu.adapter.description : 'unknown WebGPU adapter';
}

export class MlcRunStore {
  #records = $state<readonly MlcModelRecord[] | null>(null);
  #catalogueError = $state<MlcRunError | null>(null);
  #status = $state<MlcRunStatus>('idle');
  #progress = $state<EngineProgress | null>(null);
  #output = $state('');
  #load = $state<MlcLoadReport | null>(null);
  #generation = $state<MlcGenerationReport | null>(null);
  #error = $state<MlcRunError | null>(null);
  #modelId = $state<string | null>(null);
  #controller: AbortController | null = null;
  readonly #engine: MlcEngine;

  constructor(engine = new MlcEngine({ probedAdapter: probedAdapter })) {
    this.#engine = engine;
  }

  get records() { return this.#records; }
  get catalogueError() { return this.#catalogueError; }
  get status() { return this.#status; }
  get progress() { return this.#progress; }
  get output() { return this.#output; }
  get load() { return this.#load; }
  get generation() { return this.#generation; }
  get error() { return this.#error; }
  get modelId() { return this.#modelId; }
  readonly busy = $derived(this.#status === 'loading' || this.#status === 'generating');

  /** Loads web-llm's model list (its library chunk) once. */
  async loadCatalogue(): Promise<void> {
    if (this.#records) return;
    this.#catalogueError = null;
    try {
      this.#records = await loadMlcModelRecords();
    } catch (error) {
      this.#catalogueError = toRunError(error);
    }
  }

  /** Loads `modelId` (unless it is loaded already), then generates greedily from `prompt`. */
  async run(modelId: string, prompt: string, maxNewTokens: number): Promise<void> {
    if (this.busy) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#error = null;
    this.#output = '';
    this.#generation = null;
    this.#progress = null;
    this.#modelId = modelId;
    try {
      if (this.#engine.modelId !== modelId) {
        this.#status = 'loading';
        this.#load = null;
        this.#load = await this.#engine.load({ model: { source: 'mlc-prebuilt', modelId }, device: 'webgpu' }, (p) => (this.#progress = p), controller.signal);
      }
      this.#status = 'generating';
      this.#progress = { phase: 'generate', text: 'Generating' };
      const report = await this.#engine.generate([{ role: 'user', content: prompt }], { maxNewTokens, sampling: { kind: 'greedy' }, signal: controller.signal }, (token) => {
        this.#output += token.text;
      });
      this.#generation = report;
      this.#status = report.finishReason === 'cancelled' ? 'cancelled' : 'done';
    } catch (error) {
      this.#status = isCancelled(error) ? 'cancelled' : 'failed';
      if (!isCancelled(error)) this.#error = toRunError(error);
    } finally {
      this.#progress = null;
      this.#controller = null;
    }
  }

  /** Stops a download at once (terminating the worker) or ends a generation after its current token. */
  cancel(): void {
    this.#controller?.abort();
  }
}

/** The page's run, kept across navigation so a download in progress is not orphaned. */
export const mlcRun = new MlcRunStore();
