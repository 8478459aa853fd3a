// The only module of ours that imports onnxruntime-web. It imports the `webgpu` entry because that
// is the one @huggingface/transformers uses: the app then ships a single onnxruntime-web and one
// wasm file. Sessions are created with exactly one execution provider, never a fallback list, so a
// result can say what really ran.
import * as ort from 'onnxruntime-web/webgpu';
import { OnnxRuntimeError, WebGpuUnavailableError } from '../errors.ts';

export type ExecutionProvider = 'webgpu' | 'wasm';

export type OrtTensor = ort.Tensor;
export type OrtSession = ort.InferenceSession;
export const OrtTensorClass = ort.Tensor;

export interface ExternalDataFile {
  /** The `location` the model's tensors name. */
  path: string;
  data: Uint8Array;
}

export interface RuntimeOptions {
  /** URL of `ort-wasm-simd-threaded.asyncify.wasm`, as the bundler emitted it (browser only). */
  wasmUrl?: string;
  /** wasm threads; more than 1 needs cross-origin isolation. Fixed by the first session. */
  numThreads?: number;
}

let configured = false;

/** Sets process-wide onnxruntime options; only the first call before any session counts. */
export function configureRuntime(options: RuntimeOptions): void {
  if (configured) return;
  configured = true;
  if (options.wasmUrl) ort.env.wasm.wasmPaths = { wasm: options.wasmUrl };
  ort.env.wasm.numThreads = options.numThreads ?? 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
}

/** The onnxruntime `env`, for @huggingface/transformers to share (it imports the same module). */
export const runtimeEnv = ort.env;
/** The module itself: in Node, @huggingface/transformers is handed this one (core/engines/onnx/library.ts). */
export const runtimeModule: typeof ort = ort;
export const runtimeVersion: string = ort.env.versions.web ?? 'unknown';

export interface CreatedSession {
  session: OrtSession;
  provider: ExecutionProvider;
}

export async function createSession(
  model: Uint8Array,
  provider: ExecutionProvider,
  externalData: ExternalDataFile[] = [],
  extra: Pick<ort.InferenceSession.SessionOptions, 'graphOptimizationLevel' | 'freeDimensionOverrides'> = {},
): Promise<CreatedSession> {
  if (!configured) configureRuntime({});
  if (provider === 'webgpu' && !(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) {
    throw new WebGpuUnavailableError('WebGPU is not available in this browser, so the webgpu provider cannot run. Choose wasm, or use a recent Chrome or Edge with WebGPU enabled.');
  }
  try {
    const session = await ort.InferenceSession.create(model, {
      executionProviders: [provider],
      // Warnings such as "some nodes were not assigned to the preferred provider" (shape ops on CPU,
      // by design) would reach the console as errors; only real errors are logged.
      logSeverityLevel: 3,
      externalData: externalData.map((file) => ({ path: file.path, data: file.data })),
      ...extra,
    });
    return { session, provider };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (provider === 'webgpu' && /webgpu|adapter|gpu/i.test(message)) {
      throw new WebGpuUnavailableError(`WebGPU could not start onnxruntime: ${message}. Try the wasm provider.`, { cause });
    }
    throw new OnnxRuntimeError(`onnxruntime could not load the model: ${message}`, { cause });
  }
}

export type TensorDType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';

export function makeTensor(type: TensorDType, data: ArrayBufferView | number[] | bigint[], dims: readonly number[]): OrtTensor {
  return new ort.Tensor(type, data as never, dims as number[]);
}

/** Runs serialized per session: onnxruntime rejects overlapping runs ("Session already started"). */
const queues = new WeakMap<OrtSession, Promise<unknown>>();

export function runSession(session: OrtSession, feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>> {
  const previous = queues.get(session) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    try {
      return fetches ? await session.run(feeds, fetches as string[]) : await session.run(feeds);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new OnnxRuntimeError(`onnxruntime failed while running the model: ${message}`, { cause });
    }
  });
  queues.set(session, next);
  return next as Promise<Record<string, OrtTensor>>;
}
