// Main-thread client of the onnx-engine worker. Raw sessions: model bytes are transferred, not
// copied (the caller's buffer is detached after `loadModel`). Engine calls: progress and tokens
// arrive as RPC progress events; an AbortSignal cancels the call inside the worker.
import type { EngineGenerateParams, EngineLoadParams, EngineScoreParams, OnnxEngineSchema } from '../../workers/onnx-engine.protocol.ts';
import type { EngineProgress, GeneratedToken } from '../../core/engines/types.ts';
import type { LoadModelParams, RunParams } from '../../core/runtime/session-host.ts';
import type { CalibrateParams } from '../../core/compress/calibration/request.ts';
import type { CalibrationProgress } from '../../core/compress/calibration/collect.ts';
import { WorkerHandle } from './worker-handle.ts';

export class OnnxEngineClient {
  readonly handle = new WorkerHandle<OnnxEngineSchema>(
    () => new Worker(new URL('../../workers/onnx-engine.worker.ts', import.meta.url), { type: 'module', name: 'onnx-engine' }),
  );

  info() {
    return this.handle.call('info', {});
  }

  loadModel(params: LoadModelParams, signal?: AbortSignal) {
    const transfer: Transferable[] = [params.model.buffer as ArrayBuffer, ...(params.externalData ?? []).map((file) => file.data.buffer as ArrayBuffer)];
    return this.handle.call('loadModel', params, { transfer, signal });
  }

  run(params: RunParams, signal?: AbortSignal) {
    return this.handle.call('run', params, { signal });
  }

  release(sessionId: string) {
    return this.handle.call('release', { sessionId });
  }

  engineLoad(params: EngineLoadParams, onProgress?: (progress: EngineProgress) => void, signal?: AbortSignal) {
    return this.handle.call('engineLoad', params, { onProgress, signal });
  }

  engineGenerate(params: EngineGenerateParams, onToken?: (token: GeneratedToken) => void, signal?: AbortSignal) {
    return this.handle.call('engineGenerate', params, { onProgress: onToken, signal });
  }

  /** The baseline (if any) is copied, not transferred: callers keep it for the next variant. */
  engineScore(params: EngineScoreParams, onProgress?: (progress: EngineProgress) => void, signal?: AbortSignal) {
    return this.handle.call('engineScore', params, { onProgress, signal });
  }

  engineUnload() {
    return this.handle.call('engineUnload', {});
  }

  /** Calibration for Wanda/AWQ: model bytes are transferred in and handed back in the result. */
  calibrate(params: CalibrateParams, onProgress?: (progress: CalibrationProgress) => void, signal?: AbortSignal) {
    const transfer = [...new Set([params.model, ...(params.externalData ?? []).map((file) => file.data)].map((bytes) => bytes.buffer as ArrayBuffer))];
    return this.handle.call('calibrate', params, { transfer, onProgress, signal });
  }

  /** Terminates the worker: the only way to stop a kernel that is already running. */
  stop() {
    this.handle.stop();
  }
}
