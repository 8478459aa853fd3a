// RPC schema of the compress worker: one method that runs a recipe on model bytes. The model and its
// external data are transferred in and the result transferred back; progress arrives per tensor;
// cancelling the call (RPC cancel message) aborts the recipe between tensors.
import type { CalibrationWire } from '../core/compress/calibration/wire.ts';
import type { CompressProgress, CompressReport, Recipe } from '../core/compress/types.ts';
import type { InspectJobParams, InspectJobResult } from '../core/compress-ui/inspect-job.ts';
import type { MethodSpec } from '../core/rpc/protocol.ts';
import type { ExternalDataFile } from '../core/runtime/ort.ts';

export interface CompressParams {
  model: Uint8Array;
  externalData?: ExternalDataFile[];
  recipe: Recipe;
  /** Activation statistics from the onnx-engine worker's `calibrate`, when the recipe needs them. */
  calibration?: CalibrationWire;
}

export interface CompressResult {
  model: Uint8Array;
  externalData: ExternalDataFile[];
  report: CompressReport;
}

export type CompressSchema = {
  compress: MethodSpec<CompressParams, CompressResult, CompressProgress>;
  /** The Compress page's inspector: report and weight samples (bytes handed back, transferred). */
  inspect: MethodSpec<InspectJobParams, InspectJobResult, { done: number; total: number }>;
};
