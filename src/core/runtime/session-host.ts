// Holds onnxruntime sessions by id for the onnx-engine worker (and the CLI): load ONNX bytes on an
// explicitly chosen execution provider, run feeds, release. Results carry plain typed arrays so
// they cross postMessage as transferables.
import { InvalidArgumentError } from '../errors.ts';
import { createSession, makeTensor, runSession, type ExecutionProvider, type ExternalDataFile, type OrtSession, type TensorDType } from './ort.ts';

export type TensorArray = Float32Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

export interface TensorData {
  dtype: TensorDType;
  dims: number[];
  data: TensorArray;
}

export interface LoadModelParams {
  model: Uint8Array;
  provider: ExecutionProvider;
  externalData?: ExternalDataFile[];
}

export interface LoadedModel {
  sessionId: string;
  provider: ExecutionProvider;
  inputNames: string[];
  outputNames: string[];
  loadMs: number;
}

export interface RunParams {
  sessionId: string;
  feeds: Record<string, TensorData>;
  fetches?: string[];
}

export interface RunOutput {
  provider: ExecutionProvider;
  outputs: Record<string, TensorData>;
  runMs: number;
}

interface HostedSession {
  session: OrtSession;
  provider: ExecutionProvider;
}

function toTensorData(tensor: { type: string; dims: readonly number[]; data: unknown }): TensorData {
  return { dtype: tensor.type as TensorDType, dims: [...tensor.dims], data: tensor.data as TensorArray };
}

export class SessionHost {
  #sessions = new Map<string, HostedSession>();
  #nextId = 1;

  async load({ model, provider, externalData = [] }: LoadModelParams): Promise<LoadedModel> {
    const started = performance.now();
    const { session } = await createSession(model, provider, externalData);
    const sessionId = `session-${this.#nextId++}`;
    this.#sessions.set(sessionId, { session, provider });
    return {
      sessionId,
      provider,
      inputNames: [...session.inputNames],
      outputNames: [...session.outputNames],
      loadMs: performance.now() - started,
    };
  }

  async run({ sessionId, feeds, fetches }: RunParams): Promise<RunOutput> {
    const hosted = this.#get(sessionId);
    const ortFeeds = Object.fromEntries(
      Object.entries(feeds).map(([name, tensor]) => [name, makeTensor(tensor.dtype, tensor.data, tensor.dims)]),
    );
    const started = performance.now();
    const results = await runSession(hosted.session, ortFeeds, fetches);
    const runMs = performance.now() - started;
    const outputs = Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, toTensorData(tensor)]));
    return { provider: hosted.provider, outputs, runMs };
  }

  async release(sessionId: string): Promise<void> {
    const hosted = this.#sessions.get(sessionId);
    if (!hosted) return;
    this.#sessions.delete(sessionId);
    await hosted.session.release();
  }

  #get(sessionId: string): HostedSession {
    const hosted = this.#sessions.get(sessionId);
    if (!hosted) throw new InvalidArgumentError(`No loaded model with id "${sessionId}": it was released or the worker restarted. Load the model again.`);
    return hosted;
  }
}

/** Buffers of every tensor, for transferring a run's outputs instead of copying them. */
export function tensorBuffers(tensors: Record<string, TensorData>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of Object.values(tensors)) {
    if (tensor.data.buffer instanceof ArrayBuffer) buffers.add(tensor.data.buffer);
  }
  return [...buffers];
}
