// web-llm's failures as typed LabErrors with advice. Errors from its worker arrive as strings
// (`err.toString()`, e.g. "ShaderF16SupportError: ..."), so the class is read from the text: the
// patterns below are the messages web-llm 0.2.86 and the browsers produce (see errors.test.ts).
import { CancelledError, InvalidArgumentError, LabError, WebGpuUnavailableError, registerErrorClass } from '../../errors.ts';
import { EngineError } from '../errors.ts';

export class MlcNetworkError extends LabError {
  override name = 'MlcNetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('network', message, options);
  }
}

export class MlcQuotaError extends LabError {
  override name = 'MlcQuotaError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('quota-exceeded', message, options);
  }
}

export class ShaderF16UnavailableError extends LabError {
  override name = 'ShaderF16UnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('shader-f16-unavailable', message, options);
  }
}

export class GpuDeviceLostError extends LabError {
  override name = 'GpuDeviceLostError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('device-lost', message, options);
  }
}

export class MlcModelNotFoundError extends LabError {
  override name = 'MlcModelNotFoundError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('model-not-found', message, options);
  }
}

registerErrorClass('MlcNetworkError', MlcNetworkError);
registerErrorClass('MlcQuotaError', MlcQuotaError);
registerErrorClass('ShaderF16UnavailableError', ShaderF16UnavailableError);
registerErrorClass('GpuDeviceLostError', GpuDeviceLostError);
registerErrorClass('MlcModelNotFoundError', MlcModelNotFoundError);

export interface MlcErrorContext {
  modelId: string;
  /** What the engine was doing, for the fallback message. */
  action: 'load' | 'generate';
}

/** The text of whatever web-llm threw or rejected with: a string from its worker, an Error, or an event. */
export function rawErrorText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw instanceof Error) return raw.message.startsWith(`${raw.name}:`) ? raw.message : `${raw.name}: ${raw.message}`;
  if (typeof raw === 'object' && raw !== null && 'message' in raw) return String((raw as { message: unknown }).message);
  return String(raw);
}

/** The host of the URL web-llm failed to fetch ("Failed to store <url> with error: ..."), if named. */
function failedHost(text: string): string | null {
  const match = /(?:Failed to store|Cannot fetch)\s+(https?:\/\/[^\s/]+)/.exec(text);
  return match ? new URL(match[1]!).host : null;
}

const CANCELLED = /\bAbortError\b|The user aborted a request|signal is aborted/;
const QUOTA = /QuotaExceededError|NS_ERROR_DOM_QUOTA_REACHED|quota (?:has been )?exceeded/i;
const SHADER_F16 = /ShaderF16SupportError|\bf16\b[^\n]*\b(?:extension|enable)|\b(?:extension|enable)\b[^\n]*\bf16\b/i;
const FEATURE = /FeatureSupportError: This model requires feature (\S+?),/;
const NO_WEBGPU = /WebGPUNotAvailableError|WebGPUNotFoundError|Cannot find WebGPU|WebGPU is not supported/;
const GPU_LIMITS = /Cannot initialize runtime because of requested (\w+) exceeds limit/;
const DEVICE_LOST = /DeviceLostError|device (?:was |is )?lost/i;
const MODEL_NOT_FOUND = /ModelNotFoundError|Cannot find model record in appConfig|SpecifiedModelNotFoundError/;
const INTEGRITY = /IntegrityError|Integrity verification failed/;
const NOT_LOADED = /ModelNotLoadedError|WorkerEngineModelNotLoadedError|EngineNotLoadedError/;
const CONTEXT_EXCEEDED = /ContextWindowSizeExceededError|Prompt tokens exceed context window size/;
const HTTP_ERROR = /Network response was not ok/;
const OFFLINE = /Failed to fetch|NetworkError|Network request failed|net::ERR_|Load failed|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED/;

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}

/** Maps anything web-llm threw to a LabError with a message a person can act on. LabErrors pass through. */
export function toMlcError(raw: unknown, { modelId, action }: MlcErrorContext): LabError {
  if (raw instanceof LabError) return raw;
  const text = rawErrorText(raw);
  const options = { cause: raw };
  if (CANCELLED.test(text)) return new CancelledError();
  if (QUOTA.test(text)) {
    return new MlcQuotaError(`The browser's storage for this site is full, so ${modelId} could not be saved. Delete cached models in 'Models & storage' (or request persistent storage there), then load again.`, options);
  }
  if (SHADER_F16.test(text)) {
    return new ShaderF16UnavailableError(`${modelId} needs the WebGPU feature shader-f16 (16-bit float kernels), which this browser or GPU does not offer. Pick an f32 rung (q4f32_1 or q0f32) of the same model.`, options);
  }
  const feature = FEATURE.exec(text);
  if (feature) {
    return new WebGpuUnavailableError(`${modelId} needs the WebGPU feature ${feature[1]}, which this browser or GPU does not offer. Pick another model, or try a recent Chrome or Edge.`, options);
  }
  if (NO_WEBGPU.test(text)) {
    return new WebGpuUnavailableError('web-llm needs WebGPU, which this browser does not provide. Use a recent Chrome or Edge (on Linux start it with --enable-unsafe-webgpu); ONNX variants still run on wasm.', options);
  }
  const limits = GPU_LIMITS.exec(text);
  if (limits) {
    return new WebGpuUnavailableError(`This GPU adapter's ${limits[1]} limit is below what web-llm needs (${firstLine(text)}). Try another browser or GPU; ONNX variants still run on wasm.`, options);
  }
  if (DEVICE_LOST.test(text)) {
    return new GpuDeviceLostError(`The GPU device was lost while ${action === 'load' ? 'loading' : 'running'} ${modelId}, usually because it ran out of GPU memory. Close other GPU-heavy tabs and pick a smaller rung (q4 instead of q0, or a 1k-context build), then load again.`, options);
  }
  if (MODEL_NOT_FOUND.test(text)) {
    return new MlcModelNotFoundError(`"${modelId}" is not in web-llm's prebuilt model list. Pick a model from the list (ids are case-sensitive).`, options);
  }
  if (INTEGRITY.test(text)) {
    return new MlcNetworkError(`A downloaded file of ${modelId} did not match its expected checksum (corrupted, or changed on the server). Delete the cached model in 'Models & storage' and load again.`, options);
  }
  if (CONTEXT_EXCEEDED.test(text)) {
    return new InvalidArgumentError(`The prompt is longer than ${modelId}'s context window (${firstLine(text)}). Shorten the prompt or pick a build with a longer context.`, options);
  }
  if (NOT_LOADED.test(text)) {
    // web-llm unloads by itself after losing the GPU device, so later calls find no model.
    return new EngineError(`${modelId} is no longer loaded in web-llm (its GPU device may have been lost). Load the model again.`, options);
  }
  const host = failedHost(text) ?? 'huggingface.co';
  if (HTTP_ERROR.test(text)) {
    return new MlcNetworkError(`Could not download ${modelId}: ${host} answered with an error. The file may have moved or the server is busy; try again later. Models from the offline demo pack still work.`, options);
  }
  if (OFFLINE.test(text)) {
    return new MlcNetworkError(`Could not download ${modelId} — you seem to be offline or ${host} is unreachable. Models from the offline demo pack still work.`, options);
  }
  return new EngineError(`web-llm failed while ${action === 'load' ? 'loading' : 'generating with'} ${modelId}: ${firstLine(text)}`, options);
}
