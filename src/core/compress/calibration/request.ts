// One calibration job as a worker runs it: token ids, or text plus the model's tokenizer.json, in;
// CalibrationWire out, with the input model bytes handed back so the caller can pass them on to the
// compress worker without ever copying them (every buffer moves by transfer).
import type { ExternalDataFile } from '../../runtime/ort.ts';
import type { CalibrationProgress } from './collect.ts';
import { collectCalibration } from './collect.ts';
import { calibrationTextSource } from './source.ts';
import { calibrationBatches, loadTokenizer, type TokenBatchOptions } from './tokenize.ts';
import { calibrationBuffers, calibrationToWire, type CalibrationWire } from './wire.ts';

export type CalibrationSource =
  | { kind: 'tokens'; batches: number[][] }
  | ({
      kind: 'text';
      text: string;
      /** How the variant's provenance names the text ('moby-llama-1m/calibration.txt'); default 'calibration text'. */
      name?: string;
      tokenizerJson: unknown;
      tokenizerConfig?: unknown;
    } & TokenBatchOptions);

export interface CalibrateParams {
  model: Uint8Array;
  externalData?: ExternalDataFile[];
  source: CalibrationSource;
  /** Values to measure; default every MatMul/Gemm weight input. */
  inputsOf?: string[];
  sampleRows?: number;
}

export interface CalibrateResult {
  calibration: CalibrationWire;
  /** The input model and external data, returned (transferred) untouched. */
  model: Uint8Array;
  externalData: ExternalDataFile[];
}

export function tokenBatchesOf(source: CalibrationSource): number[][] {
  if (source.kind === 'tokens') return source.batches;
  return calibrationBatches(loadTokenizer(source.tokenizerJson, source.tokenizerConfig), source.text, source);
}

export async function runCalibration(params: CalibrateParams, signal: AbortSignal | undefined, onProgress?: (progress: CalibrationProgress) => void): Promise<{ result: CalibrateResult; transfer: ArrayBuffer[] }> {
  const batches = tokenBatchesOf(params.source);
  const data = await collectCalibration(params.model, params.externalData, batches, {
    ...(params.inputsOf ? { inputsOf: params.inputsOf } : {}),
    ...(params.sampleRows !== undefined ? { sampleRows: params.sampleRows } : {}),
    ...(signal ? { signal } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const source = params.source.kind === 'text' ? await calibrationTextSource(params.source.name ?? 'calibration text', params.source.text) : undefined;
  const calibration = calibrationToWire(source ? { ...data, source } : data);
  const externalData = params.externalData ?? [];
  const transfer = new Set<ArrayBuffer>(calibrationBuffers(calibration));
  for (const bytes of [params.model, ...externalData.map((file) => file.data)]) if (bytes.buffer instanceof ArrayBuffer) transfer.add(bytes.buffer);
  return { result: { calibration, model: params.model, externalData }, transfer: [...transfer] };
}
