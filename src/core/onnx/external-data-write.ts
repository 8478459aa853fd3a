// Writes a model with its large initializers moved to one external data file (<name>.onnx_data),
// the layout onnxruntime and onnx use past the 2 GiB protobuf limit and the one that lets a
// browser fetch weights separately. The input model is not modified.
import { InvalidArgumentError } from '../errors.ts';
import { encodeModel } from './codec.ts';
import { isExternal, isSafeLocation, type ExternalDataFile, type ExternalDataResolver } from './external-data.ts';
import { onnx } from './proto.ts';
import { tensorBytes } from './tensor-bytes.ts';

export interface ExternalDataWriteOptions {
  /** File name the tensors point to, relative to the model (default 'model.onnx_data'). */
  location?: string;
  /** Initializers with at least this many bytes go external (default 1024, as onnx's helper). */
  sizeThreshold?: number;
  /** Every tensor starts at a multiple of this (default 64: any typed-array view or SIMD load fits; use 4096 for page-aligned mmap). */
  alignment?: number;
  /** Source of tensors that are already external in the input model. */
  externalData?: ExternalDataResolver;
}

export interface WrittenModel {
  /** The .onnx bytes. */
  model: Uint8Array;
  /** The external data file(s) to store next to it; empty when nothing crossed the threshold. */
  files: ExternalDataFile[];
}

function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}

function externalTensor(tensor: onnx.ITensorProto, location: string, offset: number, length: number): onnx.TensorProto {
  return onnx.TensorProto.create({
    name: tensor.name ?? '',
    dataType: tensor.dataType ?? 0,
    dims: tensor.dims ?? [],
    ...(tensor.docString ? { docString: tensor.docString } : {}),
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(length) },
    ],
  });
}

function inlineTensor(tensor: onnx.ITensorProto, bytes: Uint8Array): onnx.TensorProto {
  return onnx.TensorProto.create({ name: tensor.name ?? '', dataType: tensor.dataType ?? 0, dims: tensor.dims ?? [], rawData: new Uint8Array(bytes) }); // a copy (Buffer.slice would be a view)
}

function checkOptions(location: string, sizeThreshold: number, alignment: number): void {
  if (!location || !isSafeLocation(location)) {
    throw new InvalidArgumentError(`External data location '${location}' must be a file name next to the model (no absolute path, no '..').`);
  }
  if (!Number.isSafeInteger(alignment) || alignment < 1) throw new InvalidArgumentError(`alignment must be a positive integer, got ${alignment}.`);
  if (!(sizeThreshold >= 0)) throw new InvalidArgumentError(`sizeThreshold must be >= 0, got ${sizeThreshold}.`);
}

/** Encodes `model` with every initializer of at least `sizeThreshold` bytes moved to `location`. */
export function writeModelWithExternalData(model: onnx.IModelProto, options: ExternalDataWriteOptions = {}): WrittenModel {
  const location = options.location ?? 'model.onnx_data';
  const sizeThreshold = options.sizeThreshold ?? 1024;
  const alignment = options.alignment ?? 64;
  checkOptions(location, sizeThreshold, alignment);
  const graph = model.graph ?? {};
  // Pass 1: pick tensors and their offsets; pass 2 copies into one buffer sized exactly once.
  // Small tensors that were external come back inline: the old data file is not carried along.
  const moved: { index: number; bytes: Uint8Array; offset: number }[] = [];
  const inlined: { index: number; bytes: Uint8Array }[] = [];
  let end = 0;
  (graph.initializer ?? []).forEach((tensor, index) => {
    const bytes = tensorBytes(tensor, options.externalData);
    if (bytes.length === 0 || bytes.length < sizeThreshold) {
      if (isExternal(tensor)) inlined.push({ index, bytes });
      return;
    }
    const offset = alignUp(end, alignment);
    moved.push({ index, bytes, offset });
    end = offset + bytes.length;
  });
  const initializer = [...(graph.initializer ?? [])];
  for (const { index, bytes } of inlined) initializer[index] = inlineTensor(initializer[index]!, bytes);
  if (moved.length === 0) return { model: encodeModel({ ...model, graph: { ...graph, initializer } }), files: [] };
  const data = new Uint8Array(end);
  for (const { index, bytes, offset } of moved) {
    data.set(bytes, offset);
    initializer[index] = externalTensor(initializer[index]!, location, offset, bytes.length);
  }
  const rewritten: onnx.IModelProto = { ...model, graph: { ...graph, initializer } };
  return { model: encodeModel(rewritten), files: [{ path: location, data }] };
}
