// RPC schema of the onnx-engine worker: raw onnxruntime sessions (self-test, calibration) now;
// the transformers.js engine's methods join this schema.
import type { MethodSpec } from '../core/rpc/protocol.ts';
import type { LoadedModel, LoadModelParams, RunOutput, RunParams } from '../core/runtime/session-host.ts';

export interface RuntimeInfo {
  onnxruntimeVersion: string;
  wasmThreads: number;
  crossOriginIsolated: boolean;
}

export type OnnxEngineSchema = {
  info: MethodSpec<Record<string, never>, RuntimeInfo, never>;
  loadModel: MethodSpec<LoadModelParams, LoadedModel, never>;
  run: MethodSpec<RunParams, RunOutput, never>;
  release: MethodSpec<{ sessionId: string }, void, never>;
};
