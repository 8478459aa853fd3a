// Collects calibration statistics: a copy of the model with the requested values (inputs of
// MatMul/Gemm weights) added as graph outputs runs on onnxruntime (wasm, through core/runtime) over
// token batches; per value it accumulates float64 sums of |x| and x^2 per feature (Wanda's
// ||X_j||_2, AWQ's mean |X_j|) and keeps a bounded uniform sample of rows for AWQ's search.
import { InvalidArgumentError, throwIfCancelled } from '../../errors.ts';
import { decodeModel, encodeModel, float16ArrayToFloat32, GraphIndex, onnx } from '../../onnx/index.ts';
import { createSession, makeTensor, runSession, type ExternalDataFile, type OrtTensor } from '../../runtime/ort.ts';
import { yieldToEventLoop } from '../cancel.ts';
import { discoverLinearWeights } from '../discover.ts';
import type { CalibrationData } from '../types.ts';
import { calibrationFeeds } from './feeds.ts';
import { RowReservoir } from './samples.ts';
import { CalibrationStats } from './stats.ts';

export interface CalibrationProgress {
  batch: number;
  batches: number;
  tokens: number;
  text: string;
}

export interface CollectOptions {
  /** Values to measure (inputs of MatMul/Gemm weights); default: every linear weight's input. */
  inputsOf?: readonly string[];
  /** Rows kept per value for AWQ; default 128, 0 keeps none. */
  sampleRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: CalibrationProgress) => void;
}

export const DEFAULT_SAMPLE_ROWS = 128;

/** The distinct activations that feed linear weights, in graph order: what Wanda and AWQ measure. */
export function calibrationInputs(index: GraphIndex): string[] {
  return [...new Set(discoverLinearWeights(index).map((weight) => weight.input))];
}

/** Element type to declare for an exposed value: its value_info, else its weight's dtype, else float32. */
function elementType(index: GraphIndex, name: string): number {
  const declared = index.typeOf(name)?.dtype;
  if (declared === 'float16' || declared === 'float32') return declared === 'float16' ? onnx.TensorProto.DataType.FLOAT16 : onnx.TensorProto.DataType.FLOAT;
  const weight = discoverLinearWeights(index).find((w) => w.input === name);
  return weight?.dtype === 'float16' ? onnx.TensorProto.DataType.FLOAT16 : onnx.TensorProto.DataType.FLOAT;
}

/** The model bytes with `names` added as graph outputs (values already returned stay as they are). */
export function exposeValues(model: Uint8Array, names: readonly string[]): { bytes: Uint8Array; index: GraphIndex } {
  const decoded = decodeModel(model);
  const graph = decoded.graph!;
  const index = new GraphIndex(graph);
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  for (const name of names) {
    if (!index.producer(name) && !index.inputs.some((input) => input.name === name)) {
      throw new InvalidArgumentError(`The model has no value named '${name}' to calibrate; pass names of MatMul/Gemm inputs (calibrationInputs lists them).`);
    }
    if (outputs.has(name)) continue;
    const output: onnx.IValueInfoProto = { name, type: { tensorType: { elemType: elementType(index, name) } } };
    graph.output = [...(graph.output ?? []), onnx.ValueInfoProto.create(output)];
  }
  return { bytes: encodeModel(decoded), index };
}

function rowsOf(tensor: OrtTensor, name: string): { data: Float32Array; rows: number; features: number } {
  const dims = tensor.dims;
  const features = dims[dims.length - 1] ?? 0;
  if (dims.length < 2 || features <= 0) throw new InvalidArgumentError(`Calibration value '${name}' has shape [${dims.join(', ')}]; expected [..., features].`);
  const data = tensor.type === 'float16' ? float16ArrayToFloat32(tensor.data as Uint16Array) : (tensor.data as Float32Array);
  if (tensor.type !== 'float16' && tensor.type !== 'float32') throw new InvalidArgumentError(`Calibration value '${name}' is ${tensor.type}; only float activations can be measured.`);
  return { data, rows: data.length / features, features };
}

/** Runs the model over `tokenBatches` (one sequence each, ~128 tokens) and returns the statistics. */
export async function collectCalibration(model: Uint8Array, externalData: ExternalDataFile[] | undefined, tokenBatches: readonly (readonly number[])[], options: CollectOptions = {}): Promise<CalibrationData> {
  const batches = tokenBatches.filter((batch) => batch.length > 0);
  if (batches.length === 0) throw new InvalidArgumentError('Calibration needs at least one non-empty batch of token ids; give it some text.');
  const names = options.inputsOf ?? calibrationInputs(new GraphIndex(decodeModel(model).graph!));
  if (names.length === 0) throw new InvalidArgumentError('Calibration was asked to measure no values: the model has no MatMul/Gemm weights.');
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const { bytes, index } = exposeValues(model, names);
  const { session } = await createSession(bytes, 'wasm', externalData ?? []);
  const stats = new Map<string, CalibrationStats>();
  const reservoirs = new Map<string, RowReservoir>();
  let tokens = 0;
  try {
    for (const [b, batch] of batches.entries()) {
      throwIfCancelled(options.signal);
      const feeds = Object.fromEntries(Object.entries(calibrationFeeds(index, batch)).map(([k, t]) => [k, makeTensor(t.dtype, t.data, t.dims)]));
      const outputs = await runSession(session, feeds, names);
      names.forEach((name, n) => {
        const tensor = outputs[name];
        if (!tensor) throw new InvalidArgumentError(`onnxruntime returned no value for '${name}'.`);
        const { data, rows, features } = rowsOf(tensor, name);
        const accumulator = stats.get(name) ?? new CalibrationStats(features);
        if (accumulator.channels !== features) throw new InvalidArgumentError(`Calibration value '${name}' changed width between batches (${accumulator.channels} -> ${features}).`);
        stats.set(name, accumulator);
        accumulator.add(data, rows);
        if (sampleRows > 0) {
          const reservoir = reservoirs.get(name) ?? new RowReservoir(features, sampleRows, 1 + n);
          reservoirs.set(name, reservoir);
          reservoir.offer(data, rows);
        }
      });
      tokens += batch.length;
      options.onProgress?.({ batch: b + 1, batches: batches.length, tokens, text: `calibration batch ${b + 1} of ${batches.length}` });
      await yieldToEventLoop(); // lets a cancel message in between batches
    }
  } finally {
    await session.release();
  }
  const samples = new Map([...reservoirs].map(([name, reservoir]) => [name, reservoir.sample()]));
  return { tokens, activations: stats, samples };
}
