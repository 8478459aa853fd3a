// Public surface of the compression engine: the pipeline (compressModel), recipes (validation,
// summary), the context steps work on, provenance metadata, device support and the typed errors.
// Kernels (numeric work on typed arrays) live in ./kernels; pruning in ./prune; calibration in ./calibration.
export { compressModel, UNSTRUCTURED_NOTE, type CompressInput, type CompressOptions, type CompressResult } from './compress.ts';
export { CompressContext, type CompressContextOptions, type EmbeddingTable, type LinearWeight, type PruneStepRunner, type StepOutcome } from './context.ts';
export { discoverEmbeddings, discoverLinearWeights } from './discover.ts';
export { CompressError, RecipeError } from './errors.ts';
export { METADATA_KEYS, readProvenance, sha256Hex, writeProvenance, type Provenance } from './metadata.ts';
export { AWQ_NEEDS_CALIBRATION, applyQuantizeStep } from './quantize/apply.ts';
export { convertToFloat16, type Float16Options } from './quantize/fp16/convert.ts';
export { BLOCK_SIZES, DEFAULT_BLOCK_SIZE, MAX_SPARSITY, parseRecipe, QUANT_METHODS, SPARSITY_PATTERNS, summarizeRecipe, validateRecipe } from './recipe.ts';
export { selectionMatcher } from './select.ts';
export { deviceSupport, WASM_ONLY_REASON, WEBGPU_ONLY_REASON } from './support.ts';
export { TOOL_VERSION } from './version.ts';
export type * from './types.ts';
