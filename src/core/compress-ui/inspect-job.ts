// One inspection as the compress worker runs it for the Compress page: decode the model, say which
// external data files it needs but was not given (so the page can fetch them next to the URL and
// ask again), else the InspectReport and bounded weight samples for the histograms. The bytes go
// back to the caller (transferred) so the page keeps one copy and the worker none.
import {
  checkLocation, decodeModel, externalDataFromFiles, externalDataRef, inspectModel, isExternal,
  type ExternalDataFile, type InspectReport, type onnx,
} from '../onnx/index.ts';
import { sampleWeights, type SampleRequest, type SampleResult } from './weight-samples.ts';

export interface InspectJobParams {
  model: Uint8Array;
  externalData?: ExternalDataFile[];
  /** How messages name the model, e.g. its file name. */
  name?: string;
  /** Weights to sample by their names before compression; default every float initializer of this model. */
  sample?: SampleRequest[];
  maxSamples?: number;
}

export type InspectJobResult =
  | { kind: 'needs-external-data'; locations: string[]; model: Uint8Array; externalData: ExternalDataFile[] }
  | { kind: 'inspected'; report: InspectReport; samples: SampleResult[]; model: Uint8Array; externalData: ExternalDataFile[] };

export interface InspectJobOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** The external data files the model's initializers name, in order of first use. */
export function externalLocations(model: onnx.IModelProto): string[] {
  const locations = new Set<string>();
  for (const tensor of model.graph?.initializer ?? []) if (isExternal(tensor)) locations.add(externalDataRef(tensor).location);
  return [...locations];
}

const FLOAT_DTYPES = new Set(['float32', 'float16', 'bfloat16', 'float64']);

/** Every float initializer with its shape: what the "before" histograms sample. */
export function floatWeights(report: InspectReport): SampleRequest[] {
  return report.initializers.filter((t) => t.params > 1 && FLOAT_DTYPES.has(t.dtype)).map((t) => ({ name: t.name, shape: t.shape }));
}

export function runInspectJob(params: InspectJobParams, options: InspectJobOptions = {}): InspectJobResult {
  const externalData = params.externalData ?? [];
  const model = decodeModel(params.model, { name: params.name ?? 'The model' });
  const given = new Set(externalData.map((file) => file.path));
  const locations = externalLocations(model);
  // The page only reads data files that sit next to the model: refuse absolute paths and '..'.
  locations.forEach(checkLocation);
  const missing = locations.filter((location) => !given.has(location));
  if (missing.length > 0) return { kind: 'needs-external-data', locations: missing, model: params.model, externalData };
  const resolver = externalDataFromFiles(externalData);
  const report = inspectModel(model, { externalData: resolver, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const requests = params.sample ?? floatWeights(report);
  const samples = sampleWeights(model, requests, { externalData: resolver, ...(params.maxSamples ? { maxSamples: params.maxSamples } : {}) });
  return { kind: 'inspected', report, samples, model: params.model, externalData };
}

/** The buffers a result can move back without copying. */
export function inspectTransfers(result: InspectJobResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const bytes of [result.model, ...result.externalData.map((file) => file.data)]) if (bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
  if (result.kind === 'inspected') for (const sample of result.samples) if ('values' in sample) buffers.add(sample.values.buffer as ArrayBuffer);
  return [...buffers];
}
