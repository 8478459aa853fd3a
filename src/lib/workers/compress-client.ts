// Main-thread client of compression. When the recipe needs calibration (Wanda, AWQ, Wanda neuron
// scores) it first asks the onnx-engine worker to `calibrate` (so the app ships one onnxruntime-web),
// which hands the model bytes back, then sends bytes and statistics to the compress worker. The
// main thread only passes buffers along (transferred, never copied): no long tasks here.
import { recipeNeedsCalibration } from '../../core/compress/calibration/needs.ts';
import type { CalibrationProgress } from '../../core/compress/calibration/collect.ts';
import type { CalibrationSource } from '../../core/compress/calibration/request.ts';
import type { CompressProgress, Recipe } from '../../core/compress/types.ts';
import type { InspectJobParams, InspectJobResult } from '../../core/compress-ui/inspect-job.ts';
import { InvalidArgumentError } from '../../core/errors.ts';
import type { ExternalDataFile } from '../../core/runtime/ort.ts';
import type { CompressResult, CompressSchema } from '../../workers/compress.protocol.ts';
import { onnxEngine } from './clients.ts';
import type { OnnxEngineClient } from './onnx-engine-client.ts';
import { WorkerHandle } from './worker-handle.ts';
// Registers the compression error classes on this thread, so errors from the workers are rebuilt
// as MlpNotFoundError, RecipeError... rather than plain LabErrors (fromWire looks them up by name).
import '../../core/compress/errors.ts';
import '../../core/compress/prune/errors.ts';

export interface CompressJob {
  /** The .onnx bytes; transferred, so the caller's buffer is detached afterwards. */
  model: Uint8Array;
  externalData?: ExternalDataFile[];
  recipe: Recipe;
  /** Calibration text (or token ids) for recipes that need it. */
  calibration?: CalibrationSource;
}

export type CompressJobProgress =
  | ({ phase: 'calibrate' } & CalibrationProgress)
  | ({ phase: 'compress' } & CompressProgress);

export interface CompressRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: CompressJobProgress) => void;
}

function buffers(model: Uint8Array, externalData: readonly ExternalDataFile[]): ArrayBuffer[] {
  return [...new Set([model, ...externalData.map((file) => file.data)].map((bytes) => bytes.buffer as ArrayBuffer))];
}

export class CompressClient {
  readonly handle = new WorkerHandle<CompressSchema>(
    () => new Worker(new URL('../../workers/compress.worker.ts', import.meta.url), { type: 'module', name: 'compress' }),
  );
  readonly #engine: OnnxEngineClient;
  #calibrating = false;

  constructor(engine: OnnxEngineClient = onnxEngine) {
    this.#engine = engine;
  }

  async run(job: CompressJob, options: CompressRunOptions = {}): Promise<CompressResult> {
    const { signal, onProgress } = options;
    let { model } = job;
    let externalData = job.externalData ?? [];
    let calibration;
    if (recipeNeedsCalibration(job.recipe)) {
      if (!job.calibration) {
        throw new InvalidArgumentError('This recipe uses Wanda or AWQ, which measure activations on calibration text. Give some text (the model card or a few paragraphs like what the model will see).');
      }
      this.#calibrating = true;
      try {
        const calibrated = await this.#engine.calibrate({ model, externalData, source: job.calibration }, (progress) => onProgress?.({ phase: 'calibrate', ...progress }), signal);
        ({ model, externalData, calibration } = calibrated);
      } finally {
        this.#calibrating = false;
      }
    }
    return this.handle.call(
      'compress',
      { model, externalData, recipe: job.recipe, ...(calibration ? { calibration } : {}) },
      { signal, transfer: buffers(model, externalData), onProgress: (progress) => onProgress?.({ phase: 'compress', ...progress }) },
    );
  }

  /** Inspects model bytes in the compress worker (they are transferred in and handed back in the result). */
  inspect(params: InspectJobParams, options: { signal?: AbortSignal; onProgress?: (progress: { done: number; total: number }) => void } = {}): Promise<InspectJobResult> {
    const transfer = buffers(params.model, params.externalData ?? []);
    return this.handle.call('inspect', params, { transfer, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  }

  /** Terminates the compress worker, and the onnx-engine worker only while it calibrates for us. */
  stop(): void {
    this.handle.stop('Compression stopped.');
    if (this.#calibrating) this.#engine.stop();
  }
}
