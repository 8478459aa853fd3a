// Bytes <-> onnx.ModelProto. Decoding never lets a protobufjs error escape: every failure becomes a
// typed error (truncated, not protobuf, not a model) naming the file and what to do next.
// Before protobufjs runs, wire-scan.ts classifies the top level and wire-check.ts verifies every
// nested length and the nesting depth, so corrupt lengths cannot make protobufjs allocate per
// byte of the file or overflow the stack; anything protobufjs still rejects is caught here.
import { InvalidArgumentError } from '../errors.ts';
import { NotOnnxModelError, OnnxParseError, OnnxTruncatedError } from './errors.ts';
import { onnx } from './proto.ts';
import { findWireDamage } from './wire-check.ts';
import { scanModelTopLevel, sniffFormat } from './wire-scan.ts';

export interface DecodeOptions {
  /** How messages name the file, e.g. 'model.onnx'. */
  name?: string;
}

/** One protobuf message cannot exceed 2 GiB; bigger models must keep weights in external data. */
export const MAX_PROTOBUF_BYTES = 2 ** 31 - 1;

const REFETCH = 'The download or copy may have been cut off; fetch the file again.';

function formatBytes(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}

/** Rewrites a protobufjs failure (deep inside the file) as a typed error. */
function decodeFailure(error: unknown, name: string): Error {
  const detail = error instanceof Error ? error.message : String(error);
  if (/call stack/i.test(detail)) {
    return new OnnxParseError(`${name} is damaged: its messages nest too deeply to be an ONNX model. Fetch the file again, or check that it is the .onnx file.`, { cause: error });
  }
  const range = /index out of range: (\d+) \+ (\d+) > (\d+)/.exec(detail);
  if (range) {
    return new OnnxParseError(
      `${name} is damaged: a field at offset ${range[1]} declares ${formatBytes(Number(range[2]))} but its message ends sooner. ${REFETCH}`,
      { cause: error },
    );
  }
  return new OnnxParseError(`${name} is damaged inside: ${detail}. ${REFETCH}`, { cause: error });
}

/** Throws the typed error that the top-level scan implies, or returns when the layout is sound. */
function checkLayout(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new OnnxTruncatedError(`${name} is empty (0 bytes). ${REFETCH}`);
  const scan = scanModelTopLevel(bytes);
  if (scan.kind === 'ok') return;
  if (scan.kind === 'truncated') {
    throw new OnnxTruncatedError(
      `${name} is truncated: expected ${scan.missing} more bytes at offset ${bytes.length} (field ${scan.field} starts at offset ${scan.fieldOffset}). ${REFETCH}`,
    );
  }
  const hint = sniffFormat(bytes);
  if (hint) throw new OnnxParseError(`${name} is not an ONNX model: it looks like ${hint}.`);
  if (scan.kind === 'not-model') {
    throw new NotOnnxModelError(`${name} is protobuf but not an ONNX model: ${scan.reason} (offset ${scan.offset}). Is it a tensor (.pb) or another protobuf file instead of the .onnx model?`);
  }
  throw new OnnxParseError(`${name} is not an ONNX model (not valid protobuf: ${scan.reason} at offset ${scan.offset}). Check that you picked the .onnx file and that it downloaded completely.`);
}

/** What a decoded message must have to be an ONNX model. */
function checkModel(model: onnx.ModelProto, name: string): void {
  if (!model.graph) {
    throw new NotOnnxModelError(`${name} parses as protobuf but has no graph, so it is not an ONNX model (or only its header survived). Check that you picked the .onnx file.`);
  }
  if (model.opsetImport.length === 0) {
    throw new NotOnnxModelError(`${name} has a graph but no opset_import, which every ONNX model since IR 3 declares. The file may be cut off right after its graph; fetch it again.`);
  }
}

/** Decodes an ONNX model; `rawData` fields of the result are views into `bytes`. */
export function decodeModel(bytes: Uint8Array, options: DecodeOptions = {}): onnx.ModelProto {
  const name = options.name ?? 'The model';
  checkLayout(bytes, name);
  const damage = findWireDamage(bytes);
  if (damage) {
    throw new OnnxParseError(`${name} is damaged: ${damage.reason}, in a ${damage.where} at offset ${damage.offset}. ${REFETCH}`);
  }
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw decodeFailure(error, name);
  }
  checkModel(model, name);
  return model;
}

/** Encodes a model (an onnx.ModelProto or a plain object of the same shape) to .onnx bytes. */
export function encodeModel(model: onnx.IModelProto): Uint8Array {
  const bytes = onnx.ModelProto.encode(model).finish();
  if (bytes.length > MAX_PROTOBUF_BYTES) {
    throw new InvalidArgumentError(
      `The model encodes to ${bytes.length} bytes, over the 2 GiB protobuf limit. Write it with writeModelWithExternalData so the weights go to a separate .onnx_data file.`,
    );
  }
  // protobufjs returns a Node Buffer under Node; hand out a plain Uint8Array view (Buffer#slice shares memory).
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes a TensorProto file (the .pb inputs/outputs of ONNX test data sets). */
export function decodeTensorProto(bytes: Uint8Array, options: DecodeOptions = {}): onnx.TensorProto {
  const name = options.name ?? 'The tensor file';
  try {
    return onnx.TensorProto.decode(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/index out of range/.test(detail)) throw new OnnxTruncatedError(`${name} is truncated or damaged (${detail}). ${REFETCH}`, { cause: error });
    throw new OnnxParseError(`${name} is not a valid TensorProto: ${detail}.`, { cause: error });
  }
}
