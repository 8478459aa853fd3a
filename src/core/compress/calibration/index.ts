// Calibration: which activations to measure, tokenizing calibration text, running the model on it
// through onnxruntime (core/runtime) and carrying the statistics across worker boundaries.
// Importing this index pulls in onnxruntime-web (collect.ts); code that must stay free of it (the
// compress worker) imports wire.ts or needs.ts directly.
export { calibrationInputs, collectCalibration, DEFAULT_SAMPLE_ROWS, exposeValues, type CalibrationProgress, type CollectOptions } from './collect.ts';
export { calibrationFeeds } from './feeds.ts';
export { RowReservoir, type RowSample } from './samples.ts';
export { CalibrationStats, type StatsSums } from './stats.ts';
export { calibrationBatches, DEFAULT_MAX_BATCHES, DEFAULT_SEQUENCE_LENGTH, loadTokenizer, splitTokens, type TextTokenizer, type TokenBatchOptions } from './tokenize.ts';
export { calibrationBuffers, calibrationFromWire, calibrationToWire, type CalibrationWire } from './wire.ts';
export { recipeNeedsCalibration, stepNeedsCalibration } from './needs.ts';
export { calibratedOn, calibrationTextSource, textSha256 } from './source.ts';
export type { CalibrateParams, CalibrateResult, CalibrationSource } from './request.ts';
