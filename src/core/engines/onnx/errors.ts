// The ONNX engine's failures as typed LabErrors with advice: downloads, missing files, and what
// transformers.js or onnxruntime throw while building a session (plain Errors with long messages).
import { CancelledError, LabError, OnnxRuntimeError, WebGpuUnavailableError, isCancelled, registerErrorClass } from '../../errors.ts';
import { EngineError } from '../errors.ts';
import { ShaderF16UnavailableError } from '../mlc/errors.ts';

export class ModelDownloadError extends LabError {
  override name = 'ModelDownloadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('network', message, options);
  }
}

export class ModelFileMissingError extends LabError {
  override name = 'ModelFileMissingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('model-not-found', message, options);
  }
}

registerErrorClass('ModelDownloadError', ModelDownloadError);
registerErrorClass('ModelFileMissingError', ModelFileMissingError);

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 400);
}

/** Maps what building or running a session threw to a LabError; LabErrors pass through. */
export function toOnnxEngineError(raw: unknown, context: { model: string; device: string; action: 'load' | 'generate' | 'score' }): LabError {
  if (raw instanceof LabError) return raw;
  if (isCancelled(raw)) return new CancelledError();
  const text = raw instanceof Error ? raw.message : String(raw);
  const options = { cause: raw };
  if (/does not support fp16|shader-f16|\bf16\b.*(?:extension|enable)/i.test(text)) {
    return new ShaderF16UnavailableError(`${context.model} needs 16-bit float kernels (the WebGPU feature shader-f16), which this GPU adapter lacks. Choose an fp32 or q4 variant, or the wasm device.`, options);
  }
  if (context.device === 'webgpu' && /Unsupported device|webgpu|adapter|GPUDevice|device (?:was |is )?lost/i.test(text)) {
    return new WebGpuUnavailableError(`WebGPU failed while ${context.action === 'load' ? 'loading' : 'running'} ${context.model}: ${firstLine(text)}. Try the wasm device.`, options);
  }
  if (/Could not locate file|ModelFileNotFound|not served by the lab/i.test(text)) {
    return new EngineError(`${context.model} needs a file the lab does not load (${firstLine(text)}); only text-generation models with one ONNX decoder (onnx/model*.onnx) are supported.`, options);
  }
  if (context.action === 'load' && /Unsupported model type|not compatible with `\.generate\(\)`|Unknown model class/i.test(text)) {
    return new EngineError(`${context.model} is not a causal language model transformers.js can run (${firstLine(text)}).`, options);
  }
  if (/onnxruntime|\bOrt[A-Z]\w*|Non-zero status code|failed to (?:load|create|run)|InferenceSession|\[ErrorCode/i.test(text)) {
    return new OnnxRuntimeError(`onnxruntime failed while ${context.action === 'load' ? 'loading' : 'running'} ${context.model} on ${context.device}: ${firstLine(text)}`, options);
  }
  return new EngineError(`The ONNX engine failed while ${context.action === 'load' ? 'loading' : context.action === 'generate' ? 'generating with' : 'scoring with'} ${context.model}: ${firstLine(text)}`, options);
}
