// Reading tensors whose bytes live outside the .onnx file (data_location = EXTERNAL). The model
// names a file (`location`), a byte `offset` and a `length`; the caller supplies the files through a
// resolver, so this module stays free of any file system (worker, browser, CLI all differ).
import { ExternalDataError, UnsafeExternalDataLocationError } from './errors.ts';
import { onnx } from './proto.ts';

/** Returns the bytes of an external data file, or undefined when it was not provided. */
export type ExternalDataResolver = (location: string) => Uint8Array | undefined;

/** Same shape as runtime/ort.ts ExternalDataFile, so written files can be handed to onnxruntime. */
export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

export interface ExternalDataRef {
  location: string;
  offset: number;
  /** Absent means "as many bytes as the tensor's shape needs". */
  length: number | undefined;
}

export function isExternal(tensor: onnx.ITensorProto): boolean {
  return tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
}

function parseByteCount(text: string, key: string, tensorName: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new ExternalDataError(`Tensor '${tensorName}' has external data ${key} '${text}', which is not a byte count. The model file is damaged; export it again.`);
  }
  return value;
}

/** The external_data entries of a tensor, checked (location present, offset/length numeric). */
export function externalDataRef(tensor: onnx.ITensorProto): ExternalDataRef {
  const name = tensor.name ?? '';
  let location: string | undefined;
  let offset = 0;
  let length: number | undefined;
  for (const entry of tensor.externalData ?? []) {
    if (entry.key === 'location') location = entry.value ?? '';
    else if (entry.key === 'offset') offset = parseByteCount(entry.value ?? '', 'offset', name);
    else if (entry.key === 'length') length = parseByteCount(entry.value ?? '', 'length', name);
  }
  if (!location) {
    throw new ExternalDataError(`Tensor '${name}' is marked as external data but names no file (no 'location' key). The model file is damaged; export it again.`);
  }
  return { location, offset, length };
}

/** Why `location` would leave the model's folder (absolute path, '..' segment), or null when it stays inside. */
export function unsafeLocationReason(location: string): string | null {
  if (location.startsWith('/') || location.startsWith('\\') || /^[a-zA-Z]:/.test(location)) return 'is an absolute path';
  return location.split(/[\\/]/).includes('..') ? "contains a '..' segment" : null;
}

/** True when `location` stays inside the model's folder (no absolute path, no '..'). */
export function isSafeLocation(location: string): boolean {
  return unsafeLocationReason(location) === null;
}

/** Throws UnsafeExternalDataLocationError naming `location` when it is an absolute path or has '..'. */
export function checkLocation(location: string): void {
  const reason = unsafeLocationReason(location);
  if (reason) throw unsafeLocation(location, reason);
}

/** The typed error for a location that leaves the model's folder; `reason` completes "'x' ...". */
export function unsafeLocation(location: string, reason: string): UnsafeExternalDataLocationError {
  return new UnsafeExternalDataLocationError(
    `The model keeps external data at '${location}', which ${reason}; only files inside the model's own folder are read, so this one is refused. Use a model whose data files sit in its folder.`,
    { location },
  );
}

/** Reads the bytes of an external tensor; `expectedBytes` is what its dtype and shape need. */
export function readExternalBytes(tensor: onnx.ITensorProto, expectedBytes: number, resolve: ExternalDataResolver | undefined): Uint8Array {
  const name = tensor.name ?? '';
  const { location, offset, length } = externalDataRef(tensor);
  const file = resolve?.(location);
  if (!file) {
    throw new ExternalDataError(
      `Tensor '${name}' keeps its data in '${location}', which was not provided. Put '${location}' next to the model file (or pass it with the model) and try again.`,
    );
  }
  const byteCount = length ?? expectedBytes;
  if (byteCount !== expectedBytes) {
    throw new ExternalDataError(
      `Tensor '${name}' declares ${byteCount} bytes in '${location}' but its shape and type need ${expectedBytes}. The model and its data file do not match; fetch both again.`,
    );
  }
  if (offset + byteCount > file.length) {
    throw new ExternalDataError(
      `Tensor '${name}' needs bytes ${offset}..${offset + byteCount} of '${location}', but that file has only ${file.length} bytes. The data file is truncated or belongs to another model; fetch it again.`,
    );
  }
  return file.subarray(offset, offset + byteCount);
}

/** A resolver over files held in memory, e.g. the `files` that writeModelWithExternalData returns. */
export function externalDataFromFiles(files: readonly ExternalDataFile[]): ExternalDataResolver {
  const byPath = new Map(files.map((file) => [file.path, file.data]));
  return (location) => byPath.get(location);
}
