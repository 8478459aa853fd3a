// Public surface of the compression kernels: pure functions over typed arrays that the graph
// rewriting (src/core/compress) calls per weight tensor. Shapes: a MatMul weight is float32 [K, N].
export { ActivationStats } from './activation-stats.ts';
export { awqInputScale, awqSearch, outputSquaredError, scaleWeightRows, type AwqOptions, type AwqPoint, type AwqResult } from './awq.ts';
export { dequantizeDynamicInt8, dynamicInt8Error, quantizeDynamicInt8, type DynamicGranularity, type DynamicInt8Options, type DynamicInt8Weight, type DynamicWeightType } from './dynamic-int8.ts';
export { dequantizeGatherBlockQuantized, gatherBlockQuantizedError, quantizeGatherBlockQuantized, type GatherBlockQuantizedOptions, type GatherBlockQuantizedTable } from './gather-block-quantized.ts';
export { dequantizeInt8PerChannel, int8PerChannelError, quantizeInt8PerChannel, type Int8PerChannelWeight } from './int8-per-channel.ts';
export { sourceBytes, sourceFloats, sourceLength, stridesOf, transpose, type Strides, type WeightLayout, type WeightSource } from './layout.ts';
export { dequantizeMatMulNBits, matMulNBitsError, quantizeMatMulNBits, type MatMulNBitsOptions, type MatMulNBitsWeight } from './matmul-nbits.ts';
export { emptyErrorSums, errorFromSums, gzipBytes, sparsity, storedBitsPerWeight, storedBytes, tensorError, weightCount, type ErrorSums, type StoredFormat, type TensorError } from './metrics.ts';
export { magnitudeScores, wandaScores } from './prune-scores.ts';
export { prunedCount } from './prune-select.ts';
export { pruneNM, type NMPattern } from './prune-semi-structured.ts';
export { mlpNeuronScores, selectNeurons, sliceColumns, sliceMlp, sliceRows, type MlpWeights, type NeuronScore } from './prune-structured.ts';
export { MAX_SPARSITY, pruneUnstructured, type PruneReport, type PruneScope, type PruneTensor } from './prune-unstructured.ts';
export { releaseSimdKernels } from './simd-kernels.ts';
export { measureQ4Throughput, type ThroughputReport } from './throughput.ts';
export type { QuantBits } from './validate.ts';
