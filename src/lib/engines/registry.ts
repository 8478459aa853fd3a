// The engines the Compare page runs variants on: one per backend, created on first use, each with
// its own worker (the ONNX one separate from the device self-test's, so cancelling one never drops
// the other's model). `stopEngines` terminates the workers: the way to stop a kernel mid-run.
import type { Backend, Engine } from '../../core/engines/types.ts';
import { persistBeforeDownloads } from '../storage/persist-before-download.ts';
import { OnnxEngineClient } from '../workers/onnx-engine-client.ts';
import { MlcEngine } from './mlc/index.ts';
import { OnnxWorkerEngine } from './onnx/index.ts';

export interface EngineHandle {
  engine: Engine;
  stop(): void;
}

const handles = new Map<Backend, EngineHandle>();

function create(backend: Backend): EngineHandle {
  if (backend === 'onnx') {
    const client = new OnnxEngineClient();
    return { engine: persistBeforeDownloads(new OnnxWorkerEngine({ client })), stop: () => client.stop() };
  }
  const engine = persistBeforeDownloads(new MlcEngine());
  return { engine, stop: () => engine.stop() };
}

export function engineFor(backend: Backend): EngineHandle {
  let handle = handles.get(backend);
  if (!handle) {
    handle = create(backend);
    handles.set(backend, handle);
  }
  return handle;
}

/** Terminates every engine worker that was started; the next call starts fresh ones. */
export function stopEngines(): void {
  for (const handle of handles.values()) handle.stop();
}
