// The state every compression step works on: the decoded model (rewritten in place), an index of
// its graph, the external data resolver, the weights found in it, the cancellation signal and the
// progress sink. Steps read weights as float32 through `weightValues` (a copy; `float32Bytes` reads
// float32 weights in place) and write them back with `setWeightValues` (same dtype as before), so
// no step needs to know how a tensor was stored.
// Invariant: after a step rewrites nodes or initializers it calls `refresh()`, which rebuilds the
// index and rediscovers weights; a weight is listed only while its consumers still read it as is.
import { InvalidArgumentError, throwIfCancelled } from '../errors.ts';
import {
  createTensor,
  float32ArrayToFloat16,
  GraphIndex,
  tensorBytes,
  tensorLayout,
  tensorToFloat32,
  type ExternalDataResolver,
  type onnx,
} from '../onnx/index.ts';
import type { WeightLayout } from './kernels/index.ts';
import { discoverEmbeddings, discoverLinearWeights, type EmbeddingTable, type LinearWeight } from './discover.ts';
import { selectTensors } from './select.ts';
import type { CalibrationData, CompressProgress, CompressReport, PruneNeuronsStep, PruneStep, TensorReport, TensorSelection } from './types.ts';

export type { EmbeddingTable, LinearWeight, WeightLayout };

/** What one step adds to the report (quantize and prune steps both return it). */
export interface StepOutcome {
  tensors: TensorReport[];
  sparsity?: CompressReport['sparsity'];
  structure?: CompressReport['structure'];
  notes?: string[];
}

export interface CompressContextOptions {
  externalData?: ExternalDataResolver;
  signal?: AbortSignal;
  onProgress?: (progress: CompressProgress) => void;
  /** Total number of steps in the recipe (for progress). */
  steps?: number;
}

export class CompressContext {
  readonly model: onnx.ModelProto;
  readonly graph: onnx.IGraphProto;
  readonly externalData: ExternalDataResolver;
  readonly signal: AbortSignal | undefined;
  readonly steps: number;
  readonly #onProgress: ((progress: CompressProgress) => void) | undefined;
  #index: GraphIndex;
  #weights: LinearWeight[] = [];
  #embeddings: EmbeddingTable[] = [];
  #counter = 0;

  constructor(model: onnx.ModelProto, options: CompressContextOptions = {}) {
    this.model = model;
    this.graph = model.graph!;
    this.externalData = options.externalData ?? (() => undefined);
    this.signal = options.signal;
    this.steps = options.steps ?? 1;
    this.#onProgress = options.onProgress;
    this.#index = new GraphIndex(this.graph);
    this.refresh();
  }

  /** Index of the graph as of the last refresh(). */
  get index(): GraphIndex {
    return this.#index;
  }

  /** Constant weights of MatMul and Gemm nodes (float32 or float16), in graph order. */
  get weights(): readonly LinearWeight[] {
    return this.#weights;
  }

  /** Constant 2-D tables read by Gather on axis 0 (token embeddings). */
  get embeddings(): readonly EmbeddingTable[] {
    return this.#embeddings;
  }

  /** Rebuilds the index and the weight lists after nodes or initializers changed. */
  refresh(): void {
    this.#index = new GraphIndex(this.graph);
    this.#weights = discoverLinearWeights(this.#index);
    this.#embeddings = discoverEmbeddings(this.#index);
  }

  /** The weights a step's selection picks (include/exclude patterns, minimum size). */
  selectWeights(select: TensorSelection | undefined): LinearWeight[] {
    return selectTensors(this.#weights, select, (weight) => weight.K * weight.N);
  }

  selectEmbeddings(select: TensorSelection | undefined): EmbeddingTable[] {
    return selectTensors(this.#embeddings, select, (table) => table.vocab * table.hidden);
  }

  initializer(name: string): onnx.ITensorProto | undefined {
    return this.#index.initializers.get(name);
  }

  /** Values of a numeric initializer as float32 (a new array; float16 is widened exactly). */
  weightValues(name: string): Float32Array {
    const tensor = this.#require(name);
    return tensorToFloat32(tensor, this.externalData);
  }

  /**
   * The stored little-endian bytes of a float32 initializer, read in place: a view of the model
   * buffer or its external data (not a copy, often not 4-byte aligned; never write to it), or null
   * when the initializer is not float32. Quantizers read big weights this way (kernels' WeightSource).
   */
  float32Bytes(name: string): Uint8Array | null {
    const tensor = this.#require(name);
    return tensorLayout(tensor).dtype === 'float32' ? tensorBytes(tensor, this.externalData) : null;
  }

  /**
   * Replaces an initializer's values, keeping its dtype (float32 or float16) unless `dtype` is
   * given; `dims` changes the shape (structured pruning). The old bytes are released.
   */
  setWeightValues(name: string, values: Float32Array, dims?: readonly number[], dtype?: 'float32' | 'float16'): void {
    const old = this.#require(name);
    const layout = tensorLayout(old);
    const target = dtype ?? (layout.dtype === 'float16' ? 'float16' : 'float32');
    const shape = dims ?? layout.dims;
    const tensor = target === 'float16' ? createTensor(name, 'float16', shape, float32ArrayToFloat16(values)) : createTensor(name, 'float32', shape, values);
    this.replaceInitializer(tensor);
  }

  /** Puts `tensor` in place of the initializer of the same name, or appends it when new. */
  replaceInitializer(tensor: onnx.ITensorProto): void {
    const list = this.graph.initializer ?? (this.graph.initializer = []);
    const position = list.findIndex((existing) => existing.name === tensor.name);
    if (position >= 0) list[position] = tensor;
    else list.push(tensor);
    this.#index.initializers.set(tensor.name ?? '', tensor);
  }

  /** Drops an initializer nothing reads any more (and its graph-input entry in old IR files). */
  removeInitializer(name: string): void {
    this.graph.initializer = (this.graph.initializer ?? []).filter((tensor) => tensor.name !== name);
    this.graph.input = (this.graph.input ?? []).filter((input) => input.name !== name);
    this.#index.initializers.delete(name);
  }

  /** A value or node name not used anywhere in the graph yet, derived from `base`. */
  uniqueName(base: string): string {
    for (;;) {
      const candidate = `${base}_${this.#counter++}`;
      if (!this.#index.initializers.has(candidate) && !this.#index.producers.has(candidate) && !this.#index.consumers.has(candidate)) return candidate;
    }
  }

  /** Throws CancelledError when the caller aborted; call between tensors. */
  checkCancelled(): void {
    throwIfCancelled(this.signal);
  }

  progress(step: number, tensor: string, done: number, total: number, text: string): void {
    this.#onProgress?.({ step, steps: this.steps, tensor, done, total, text });
  }

  #require(name: string): onnx.ITensorProto {
    const tensor = this.#index.initializers.get(name);
    if (!tensor) throw new InvalidArgumentError(`The model has no initializer named '${name}'.`);
    return tensor;
  }
}

/**
 * The signature of the pruning module's entry (src/core/compress/prune/index.ts `applyPruneStep`).
 * It may return a StepOutcome, or the TensorReport[] itself with `sparsity`/`structure`/`notes`
 * attached as properties; the pipeline accepts both.
 */
export type PruneStepRunner = (
  context: CompressContext,
  step: PruneStep | PruneNeuronsStep,
  stepIndex: number,
  calibration: CalibrationData | null,
) => Promise<StepOutcome | (TensorReport[] & Partial<Omit<StepOutcome, 'tensors'>>)>;
