// The ONNX engine: transformers.js (tokenizer, chat template, KV-cache decode loop) over the lab's
// onnxruntime-web, on exactly the execution provider asked for. The same class runs in the browser
// worker (files through the IndexedDB hub cache) and in the Node CLI (files from disk); what
// differs is handed in as `OnnxEngineOptions`. One model at a time; callers serialize calls.
import { InvalidArgumentError, WebGpuUnavailableError, throwIfCancelled } from '../../errors.ts';
import { runtimeVersion, type ExternalDataFile } from '../../runtime/ort.ts';
import { EngineError } from '../errors.ts';
import { onnxFileFor } from '../spec.ts';
import { ShaderF16UnavailableError } from '../mlc/errors.ts';
import type {
  Engine, GenerateOptions, GenerationInput, GenerationReport, LoadReport, ProgressCallback, ScoreOptions, ScoreResult, TokenCallback, VariantSpec,
} from '../types.ts';
import { ONNX_CAPABILITIES } from './capabilities.ts';
import { toOnnxEngineError } from './errors.ts';
import { generateText } from './generation.ts';
import { openCausalLm, type CausalLm } from './library.ts';
import { byteTotals, fetchModelFiles, type FetchLike, type ResponseCacheLike } from './model-files.ts';
import { metadataRequests, planModel, weightRequests, type ModelPlan, type SourceEndpoints, type VariantStore } from './model-source.ts';
import { readModelFacts, type ModelFacts } from './model-facts.ts';
import { scoreTokens } from './scoring.ts';

export interface GpuProbe {
  /** vendor / architecture / description, as the load report shows it. */
  description: string;
  shaderF16: boolean;
}

export interface OnnxEngineOptions {
  fetch: FetchLike;
  /** Where downloaded files are kept (the IndexedDB hub cache); none in the CLI. */
  cache?: ResponseCacheLike;
  endpoints: SourceEndpoints;
  variants?: VariantStore;
  /** The WebGPU adapter, or null where there is none (Node, browsers without WebGPU). */
  probeGpu?: () => Promise<GpuProbe | null>;
  /** wasm threads onnxruntime runs with, for the report. */
  wasmThreads?: number;
}

interface Loaded {
  lm: CausalLm;
  facts: ModelFacts;
  label: string;
  device: VariantSpec['device'];
}

const F16_DTYPES = new Set(['fp16', 'q4f16']);

export class OnnxEngine implements Engine {
  readonly capabilities = ONNX_CAPABILITIES;
  readonly #options: OnnxEngineOptions;
  #loaded: Loaded | null = null;

  constructor(options: OnnxEngineOptions) {
    this.#options = options;
  }

  /** The loaded model's facts (vocabulary, context, tokenizer key), or null. */
  get facts(): ModelFacts | null {
    return this.#loaded?.facts ?? null;
  }

  async #adapterFor(spec: VariantSpec, plan: ModelPlan): Promise<string> {
    if (spec.device === 'wasm') return `onnxruntime-web ${runtimeVersion} wasm (${this.#options.wasmThreads ?? 1} thread${(this.#options.wasmThreads ?? 1) === 1 ? '' : 's'})`;
    const gpu = (await this.#options.probeGpu?.()) ?? null;
    if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available here, so the webgpu device cannot run. Choose wasm, or use a recent Chrome or Edge with WebGPU enabled.');
    if (F16_DTYPES.has(plan.dtype) && !gpu.shaderF16) {
      throw new ShaderF16UnavailableError(`The ${plan.dtype} weights need 16-bit float kernels (the WebGPU feature shader-f16), which this adapter (${gpu.description}) lacks. Choose fp32, q8 or q4, or the wasm device.`);
    }
    return gpu.description;
  }

  async load(spec: VariantSpec, onProgress?: ProgressCallback, signal?: AbortSignal): Promise<LoadReport> {
    const started = performance.now();
    if (!ONNX_CAPABILITIES.devices.includes(spec.device)) throw new InvalidArgumentError(`Unknown device "${spec.device}"; choose webgpu or wasm.`);
    await this.unload();
    const plan = await planModel(spec.model, this.#options.endpoints, this.#options.variants);
    const adapter = await this.#adapterFor(spec, plan);
    const source = { fetch: this.#options.fetch, cache: this.#options.cache, onProgress, signal };
    const metadata = await fetchModelFiles(metadataRequests(plan), source);
    for (const [name, bytes] of plan.variant?.metadata ?? []) metadata.bytes.set(name, bytes);
    const config = parseJson(metadata.bytes.get('config.json')!, 'config.json');
    const weights = await fetchModelFiles(weightRequests(plan, config), source);
    throwIfCancelled(signal);
    const { served, externalData, weightBytes } = assemble(plan, metadata.bytes, weights.bytes);
    const facts = await readModelFacts(config, metadata.bytes.get('tokenizer.json')!);
    onProgress?.({ phase: 'compile', text: `Creating the onnxruntime session on ${spec.device}` });
    let lm: CausalLm;
    try {
      lm = await openCausalLm(served, { dtype: plan.dtype, device: spec.device, ...(externalData ? { externalData } : {}) });
    } catch (error) {
      throw toOnnxEngineError(error, { model: plan.label, device: spec.device, action: 'load' });
    }
    this.#loaded = { lm, facts, label: plan.label, device: spec.device };
    const files = [...metadata.files, ...weights.files];
    const totals = byteTotals(files);
    return {
      backend: 'onnx',
      requestedDevice: spec.device,
      // One execution provider per session, never a fallback list: what was asked is what ran.
      executionProvider: spec.device,
      adapter,
      bytesDownloaded: totals.downloaded,
      bytesFromCache: totals.fromCache,
      sizeOnDiskBytes: weightBytes,
      loadMs: performance.now() - started,
      files,
      vocabSize: facts.vocabSize,
      maxContext: facts.maxContext,
      tokenizerKey: facts.tokenizerKey,
    };
  }

  #require(): Loaded {
    if (!this.#loaded) throw new EngineError('No ONNX model is loaded. Load a model first.');
    return this.#loaded;
  }

  async generate(input: GenerationInput, options: GenerateOptions, onToken?: TokenCallback): Promise<GenerationReport> {
    const loaded = this.#require();
    try {
      return await generateText(loaded.lm, input, options, loaded.facts, onToken);
    } catch (error) {
      throw toOnnxEngineError(error, { model: loaded.label, device: loaded.device, action: 'generate' });
    }
  }

  async score(text: string, options: ScoreOptions, onProgress?: ProgressCallback): Promise<ScoreResult> {
    const loaded = this.#require();
    const started = performance.now();
    if (options.context > loaded.facts.maxContext) {
      throw new InvalidArgumentError(`A context of ${options.context} tokens is longer than this model's ${loaded.facts.maxContext}; use at most ${loaded.facts.maxContext}.`);
    }
    const addBos = options.addBos ?? true;
    const tokenIds = Int32Array.from(loaded.lm.encode(text, addBos));
    // The tokenizer's start token, if it adds one: what the llama.cpp method puts at each chunk start.
    const start = addBos ? loaded.lm.encode('', true) : [];
    const bos = start.length === 1 ? start[0]! : null;
    try {
      const scored = await scoreTokens(tokenIds, loaded.facts.vocabSize, (ids) => loaded.lm.forwardLogits(ids), { ...options, bos, onProgress });
      return { tokenIds, tokenizerKey: loaded.facts.tokenizerKey, ...scored, totalMs: performance.now() - started };
    } catch (error) {
      throw toOnnxEngineError(error, { model: loaded.label, device: loaded.device, action: 'score' });
    }
  }

  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = null;
    await loaded?.lm.dispose();
  }
}

interface Assembled {
  /** What transformers.js is served: metadata, and the weights under the name its dtype gives them. */
  served: Map<string, Uint8Array>;
  /** External-data files handed to onnxruntime with the session options. */
  externalData?: ExternalDataFile[];
  /** The weights as stored (graph plus external data). */
  weightBytes: number;
}

function assemble(plan: ModelPlan, metadata: ReadonlyMap<string, Uint8Array>, weights: ReadonlyMap<string, Uint8Array>): Assembled {
  const served = new Map(metadata);
  if (plan.weightsPath === null) {
    const variant = plan.variant!;
    served.set(onnxFileFor(plan.dtype), variant.model);
    const weightBytes = variant.model.byteLength + variant.externalData.reduce((n, f) => n + f.data.byteLength, 0);
    // Always given (even empty): the base model's config may declare external data the variant lacks.
    return { served, externalData: variant.externalData, weightBytes };
  }
  served.set(onnxFileFor(plan.dtype), weights.get(plan.weightsPath)!);
  // Chunks keep their own file names: the graph's tensors name them as `location`.
  const chunks = [...weights].filter(([path]) => path !== plan.weightsPath).map(([path, data]) => ({ path: path.split('/').pop()!, data }));
  const weightBytes = [...weights.values()].reduce((n, bytes) => n + bytes.byteLength, 0);
  return { served, ...(chunks.length ? { externalData: chunks } : {}), weightBytes };
}

function parseJson(bytes: Uint8Array, name: string): Record<string, unknown> {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (cause) {
    throw new EngineError(`${name} is not valid JSON; the model folder is damaged. Delete its cached files and load it again.`, { cause });
  }
  throw new EngineError(`${name} does not hold a JSON object; the model folder is damaged.`);
}
