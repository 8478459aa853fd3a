// RPC schema of the onnx-engine worker: raw onnxruntime sessions (device self-test, calibration) and
// the ONNX engine (transformers.js) behind the lab's Engine contract. Engine calls run one at a time;
// generation streams tokens and loading/scoring stream progress as RPC progress events.
import type { MethodSpec } from '../core/rpc/protocol.ts';
import type { CalibrateParams, CalibrateResult } from '../core/compress/calibration/request.ts';
import type { CalibrationProgress } from '../core/compress/calibration/collect.ts';
import type { SourceEndpoints } from '../core/engines/onnx/model-source.ts';
import type {
  EngineProgress, GeneratedToken, GenerateOptions, GenerationInput, GenerationReport, LoadReport, ScoreOptions, ScoreResult, VariantSpec,
} from '../core/engines/types.ts';
import type { LoadedModel, LoadModelParams, RunOutput, RunParams } from '../core/runtime/session-host.ts';

export interface RuntimeInfo {
  onnxruntimeVersion: string;
  wasmThreads: number;
  crossOriginIsolated: boolean;
}

export interface EngineLoadParams {
  spec: VariantSpec;
  /** Resolved on the main thread: the worker cannot see the page's base URL. */
  endpoints: SourceEndpoints;
}

/** Options cross the boundary without their AbortSignal: cancelling the call aborts it in the worker. */
export interface EngineGenerateParams {
  input: GenerationInput;
  options: Omit<GenerateOptions, 'signal'>;
}

export interface EngineScoreParams {
  text: string;
  options: Omit<ScoreOptions, 'signal'>;
}

export type OnnxEngineSchema = {
  info: MethodSpec<Record<string, never>, RuntimeInfo, never>;
  loadModel: MethodSpec<LoadModelParams, LoadedModel, never>;
  run: MethodSpec<RunParams, RunOutput, never>;
  release: MethodSpec<{ sessionId: string }, void, never>;
  engineLoad: MethodSpec<EngineLoadParams, LoadReport, EngineProgress>;
  engineGenerate: MethodSpec<EngineGenerateParams, GenerationReport, GeneratedToken>;
  engineScore: MethodSpec<EngineScoreParams, ScoreResult, EngineProgress>;
  engineUnload: MethodSpec<Record<string, never>, void, never>;
  /** Activation statistics for Wanda/AWQ; the model bytes come back (transferred) with them. */
  calibrate: MethodSpec<CalibrateParams, CalibrateResult, CalibrationProgress>;
};
