// Main-thread client of the onnx-engine worker. Model bytes are transferred, not copied: the
// caller's buffer is detached after `loadModel`.
import type { OnnxEngineSchema } from '../../workers/onnx-engine.protocol.ts';
import type { LoadModelParams, RunParams } from '../../core/runtime/session-host.ts';
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

  /** Terminates the worker: the only way to stop a kernel that is already running. */
  stop() {
    this.handle.stop();
  }
}
