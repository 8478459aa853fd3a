// Browser side of the ONNX engine. Import from here: the engine itself runs in the onnx-engine worker.
export { defaultEndpoints, OnnxWorkerEngine, type OnnxWorkerEngineOptions } from './onnx-engine.ts';
export { ONNX_CAPABILITIES } from '../../../core/engines/onnx/capabilities.ts';
