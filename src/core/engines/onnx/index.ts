// The ONNX engine: transformers.js over the lab's onnxruntime-web, for the browser worker and the CLI.
export { ONNX_CAPABILITIES } from './capabilities.ts';
export { OnnxEngine, type GpuProbe, type OnnxEngineOptions } from './engine.ts';
export { ModelDownloadError, ModelFileMissingError, toOnnxEngineError } from './errors.ts';
export { ABSENT_CONTENT_TYPE, byteTotals, fetchModelFiles, type FetchLike, type FileRequest, type ResponseCacheLike } from './model-files.ts';
export { DEFAULT_HUB_URL, planModel, type SourceEndpoints, type StoredVariantLike, type VariantStore } from './model-source.ts';
export type { ModelFacts } from './model-facts.ts';
