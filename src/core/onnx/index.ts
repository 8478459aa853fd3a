// The ONNX toolkit's public surface: decode/encode, graph index, tensor access and builders,
// external data, inspection and the typed errors. Import from here unless you need one module.
export { onnx, int64ToNumber, type Int64 } from './proto.ts';
export { decodeModel, encodeModel, decodeTensorProto, MAX_PROTOBUF_BYTES, type DecodeOptions } from './codec.ts';
export * from './errors.ts';
export * from './dtype.ts';
export * from './float16.ts';
export { GraphIndex, outerReferences } from './graph-index.ts';
export * from './value-info.ts';
export * from './tensor-bytes.ts';
export * from './tensor-values.ts';
export * from './tensor-build.ts';
export * from './tensor-stats.ts';
export * from './external-data.ts';
export * from './external-data-write.ts';
export * from './inspect.ts';
export { parameterCount } from './parameter-count.ts';
