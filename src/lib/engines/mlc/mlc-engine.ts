// The web-llm engine (the lab's Engine contract) on the main thread. web-llm's own worker client
// drives a dedicated worker (src/workers/mlc-engine.worker.ts) that holds the model and GPU device;
// web-llm itself is imported lazily (./web-llm.ts) so pages that never use it stay small.
import { summarizeCachedModel } from '../../../core/engines/mlc/cache-manifest.ts';
import { findRecord } from '../../../core/engines/mlc/catalogue.ts';
import { MLC_CAPABILITIES, mlcModelIdOf, scoreUnsupported } from '../../../core/engines/mlc/engine-contract.ts';
import { toMlcError } from '../../../core/engines/mlc/errors.ts';
import { buildGenerationRequest } from '../../../core/engines/mlc/generation-request.ts';
import { GenerationCollector, type MlcGenerationReport, type MlcStreamChunk } from '../../../core/engines/mlc/generation-stream.ts';
import { buildMlcLoadReport, type MlcLoadReport } from '../../../core/engines/mlc/load-report.ts';
import type { MlcModelRecord } from '../../../core/engines/mlc/model-record.ts';
import { InitProgressTracker, type MlcInitProgress } from '../../../core/engines/mlc/progress.ts';
import { EngineError } from '../../../core/engines/errors.ts';
import type { Engine, GenerateOptions, GenerationInput, ProgressCallback, ScoreResult, TokenCallback, VariantSpec } from '../../../core/engines/types.ts';
import { throwIfCancelled } from '../../../core/errors.ts';
import { readCachedModel, tokenizerHash } from './web-llm-cache.ts';
import type { WebWorkerMLCEngine } from './web-llm.ts';
import { WorkerSession } from './worker-session.ts';

export interface MlcEngineOptions {
  /** Starts the worker running WebWorkerMLCEngineHandler (tests and the lead may swap it). */
  createWorker?: () => Worker;
  /** The probe's adapter description, reported when web-llm names none. */
  probedAdapter?: () => string;
}

function startWorker(): Worker {
  return new Worker(new URL('../../../workers/mlc-engine.worker.ts', import.meta.url), { type: 'module', name: 'mlc-engine' });
}

interface Loaded {
  session: WorkerSession;
  engine: WebWorkerMLCEngine;
  modelId: string;
}

/** Reads sizes back from web-llm's cache; a successful load never fails over its report. */
async function cachedSummary(record: MlcModelRecord) {
  try {
    const cached = await readCachedModel(record);
    return { summary: summarizeCachedModel(record, cached), tokenizerHash: await tokenizerHash(cached.tokenizerBytes) };
  } catch {
    return { summary: null, tokenizerHash: null };
  }
}

export class MlcEngine implements Engine {
  readonly capabilities = MLC_CAPABILITIES;
  readonly #createWorker: () => Worker;
  readonly #probedAdapter: () => string;
  #loaded: Loaded | null = null;
  #session: WorkerSession | null = null;

  constructor(options: MlcEngineOptions = {}) {
    this.#createWorker = options.createWorker ?? startWorker;
    this.#probedAdapter = options.probedAdapter ?? (() => 'WebGPU adapter (not named by web-llm)');
  }

  /** The loaded model id, or null. */
  get modelId(): string | null {
    return this.#loaded?.modelId ?? null;
  }

  async load(spec: VariantSpec, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<MlcLoadReport> {
    const modelId = mlcModelIdOf(spec);
    throwIfCancelled(signal);
    await this.unload();
    const started = performance.now();
    onProgress?.({ phase: 'load', text: 'Starting web-llm' });
    const webllm = await import('./web-llm.ts');
    throwIfCancelled(signal);
    const record = findRecord(webllm.modelRecords(), modelId);
    if (!record) throw toMlcError(`ModelNotFoundError: Cannot find model record in appConfig for ${modelId}.`, { modelId, action: 'load' });
    const cachedBeforeLoad = await webllm.isModelCached(modelId).catch(() => false);
    const tracker = new InitProgressTracker();
    const session = new WorkerSession(this.#createWorker());
    this.#session = session;
    let engine: WebWorkerMLCEngine;
    try {
      // Observe every report even without a listener: the tracker feeds the load report.
      const observe = (report: MlcInitProgress) => {
        const parsed = tracker.observe(report);
        onProgress?.(parsed);
      };
      engine = await session.race(webllm.createEngine(session.worker, modelId, observe), signal);
    } catch (error) {
      session.stop();
      this.#session = null;
      throw toMlcError(error, { modelId, action: 'load' });
    }
    this.#loaded = { session, engine, modelId };
    const loadMs = performance.now() - started;
    const { summary, tokenizerHash: hash } = await cachedSummary(record);
    return buildMlcLoadReport({
      record,
      loadMs,
      cachedBeforeLoad,
      sawDownload: tracker.sawDownload,
      progressWeightBytes: tracker.weightBytesSeen,
      gpuLabel: tracker.gpuLabel,
      probedAdapter: this.#probedAdapter(),
      summary,
      tokenizerHash: hash,
    });
  }

  async generate(input: GenerationInput, options: GenerateOptions, onToken?: TokenCallback): Promise<MlcGenerationReport> {
    const loaded = this.#loaded;
    if (!loaded) throw new EngineError('No web-llm model is loaded. Load a model before generating.');
    const request = buildGenerationRequest(input, options);
    const signal = options.signal;
    if (signal?.aborted) return new GenerationCollector(performance.now()).finish(performance.now(), true);
    const { session, engine, modelId } = loaded;
    // interruptGenerate ends the stream cleanly (final chunk and usage still arrive); web-llm resets
    // its interrupt flag when generation starts, so it is sent again once the first chunk is in.
    const interrupt = () => engine.interruptGenerate();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      // Without a reset web-llm reuses the previous run's KV cache (multi-turn chat), skewing timings.
      await session.race(engine.resetChat());
      const collector = new GenerationCollector(performance.now());
      const stream: AsyncIterable<MlcStreamChunk> = request.kind === 'chat'
        ? await session.race(engine.chat.completions.create(request.request))
        : await session.race(engine.completions.create(request.request));
      const chunks = stream[Symbol.asyncIterator]();
      let resent = false;
      for (;;) {
        const next = await session.race(chunks.next());
        if (next.done) break;
        collector.add(next.value, performance.now(), onToken);
        if (signal?.aborted && !resent) {
          resent = true;
          engine.interruptGenerate();
        }
      }
      return collector.finish(performance.now(), signal?.aborted ?? false);
    } catch (error) {
      throw toMlcError(error, { modelId, action: 'generate' });
    } finally {
      signal?.removeEventListener('abort', interrupt);
    }
  }

  /** web-llm cannot score forced text (capabilities.forcedScoring is false). */
  score(): Promise<ScoreResult> {
    return Promise.reject(scoreUnsupported());
  }

  /** Terminates the worker: frees the model and its GPU device. Safe when nothing is loaded. */
  async unload(): Promise<void> {
    this.stop();
  }

  /** Stops at once, mid-download or mid-kernel; pending calls fail with CancelledError. */
  stop(): void {
    this.#session?.stop();
    this.#session = null;
    this.#loaded = null;
  }
}
