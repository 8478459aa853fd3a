// The one module that imports @huggingface/transformers. It loads the library's web build in every
// environment (in Node by file URL: the package's "node" export requires onnxruntime-node and bundles
// its own copy of onnxruntime-web), hands it our onnxruntime-web (core/runtime/ort.ts), and cuts it
// off from networks, file systems and browser caches: model files reach it only from memory, after
// model-files.ts has fetched and cached them. The rest of the engine sees `CausalLm`, never the
// library's own types.
import { EngineError } from '../errors.ts';
import { configureRuntime, runtimeEnv, runtimeModule, type ExternalDataFile } from '../../runtime/ort.ts';
import type { ChatMessage, Device, OnnxDtype } from '../types.ts';

// ---- The part of the library this module uses (its JSDoc types are looser than ours). ----
interface LibTensor {
  readonly type: string;
  readonly dims: number[];
  readonly data: ArrayLike<number>;
  to(type: 'float32'): LibTensor;
  dispose(): void;
}
interface LibTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: readonly number[], options: { skip_special_tokens: boolean }): string;
  apply_chat_template(messages: readonly ChatMessage[], options: { add_generation_prompt: boolean; tokenize: false }): string;
  readonly chat_template: unknown;
}
interface LibModel {
  readonly config: Record<string, unknown>;
  readonly generation_config?: Record<string, unknown> | null;
  forward(inputs: Record<string, LibTensor>): Promise<Record<string, LibTensor>>;
  generate(options: Record<string, unknown>): Promise<LibTensor>;
  dispose(): Promise<unknown>;
}
interface Library {
  env: Record<string, unknown>;
  LogLevel: { ERROR: number };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => LibTensor;
  AutoTokenizer: { from_pretrained(id: string): Promise<LibTokenizer> };
  AutoModelForCausalLM: { from_pretrained(id: string, options: Record<string, unknown>): Promise<LibModel> };
}

const IN_NODE = (globalThis as { process?: { release?: { name?: string } } }).process?.release?.name === 'node';

/** Where the library thinks model files live: an unresolvable host, answered from `served` only. */
const SERVED_HOST = 'https://llm-lab.invalid/';
const served = new Map<string, Uint8Array>();

async function importLibrary(): Promise<Library> {
  if (IN_NODE) {
    // The library picks its backend at import: with Symbol.for('onnxruntime') set it uses that module.
    (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] = runtimeModule;
    const nodeEntry = import.meta.resolve('@huggingface/transformers');
    return (await import(/* @vite-ignore */ new URL('transformers.web.js', nodeEntry).href)) as Library;
  }
  return (await import('@huggingface/transformers')) as unknown as Library;
}

function isolate(lib: Library): void {
  Object.assign(lib.env, {
    // getModelFile refuses to run with both local and remote models off; "remote" is SERVED_HOST.
    allowLocalModels: false,
    allowRemoteModels: true,
    remoteHost: SERVED_HOST,
    remotePathTemplate: '{model}/',
    useBrowserCache: false,
    useFSCache: false,
    useWasmCache: false,
    useCustomCache: true,
    customCache: {
      match: async (url: string) => {
        const bytes = served.get(url);
        return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } }) : undefined;
      },
      put: async () => undefined,
    },
    // Anything not served from memory is missing: the library never reaches a network.
    fetch: async () => new Response(null, { status: 404, statusText: 'Not served by the lab' }),
    logLevel: lib.LogLevel.ERROR,
  });
}

let loading: Promise<Library> | undefined;

function library(): Promise<Library> {
  loading ??= (async () => {
    configureRuntime({});
    // The library points wasmPaths at a CDN when it finds them unset; keep ours (or onnxruntime's own).
    const wasmPaths = runtimeEnv.wasm.wasmPaths;
    const lib = await importLibrary();
    runtimeEnv.wasm.wasmPaths = wasmPaths;
    isolate(lib);
    return lib;
  })();
  return loading;
}

/** Edits one step's logits of the last position ([V] float32) in place. */
export type LogitsHook = (logits: Float32Array) => void;

export interface DecodeRequest {
  promptIds: readonly number[];
  maxNewTokens: number;
  stopAtEos: boolean;
  logitsHooks: readonly LogitsHook[];
  /** Checked after every token; true ends generation. */
  shouldStop: () => boolean;
  /** Each generated token id, as soon as it is chosen. */
  onToken: (id: number) => void;
}

/** A loaded causal language model with its tokenizer. Calls must not overlap. */
export class CausalLm {
  readonly #lib: Library;
  readonly #tokenizer: LibTokenizer;
  readonly #model: LibModel;

  constructor(lib: Library, tokenizer: LibTokenizer, model: LibModel) {
    this.#lib = lib;
    this.#tokenizer = tokenizer;
    this.#model = model;
  }

  get config(): Readonly<Record<string, unknown>> {
    return this.#model.config;
  }

  encode(text: string, addSpecialTokens: boolean): number[] {
    return this.#tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
  }

  decode(ids: readonly number[]): string {
    return ids.length === 0 ? '' : this.#tokenizer.decode(ids, { skip_special_tokens: true });
  }

  /** The prompt text the model's chat template makes of `messages`, ending with the assistant's turn. */
  renderChat(messages: readonly ChatMessage[]): string {
    if (!this.#tokenizer.chat_template) {
      throw new EngineError('This model has no chat template (tokenizer_config.json has no chat_template), so it cannot take chat messages. Give it a plain text prompt instead.');
    }
    return this.#tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false });
  }

  /** End-of-sequence ids: generation_config.json's, else config.json's. */
  eosTokenIds(): number[] {
    const value = this.#model.generation_config?.eos_token_id ?? this.#model.config.eos_token_id;
    return (Array.isArray(value) ? value : [value]).filter((id): id is number => typeof id === 'number');
  }

  #ids(ids: readonly number[]): { input_ids: LibTensor; attention_mask: LibTensor } {
    const dims = [1, ids.length];
    return {
      input_ids: new this.#lib.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), dims),
      attention_mask: new this.#lib.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
    };
  }

  /** One forward pass with no cache: [n, V] float32 logits, row j predicting token j + 1. */
  async forwardLogits(ids: readonly number[]): Promise<Float32Array> {
    const outputs = await this.#model.forward(this.#ids(ids));
    try {
      const logits = outputs.logits;
      if (!logits) throw new EngineError('The model returned no "logits" output; it is not a causal language model export.');
      // fp16 exports may return float16 logits; metrics need float32.
      return (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
    } finally {
      // present.* may live in GPU buffers on webgpu; free them now rather than at garbage collection.
      for (const [name, tensor] of Object.entries(outputs)) if (name !== 'logits') tensor.dispose();
    }
  }

  /**
   * The library's decode loop, always greedy: sampling is one of `logitsHooks` (it masks the row to
   * the drawn token), so the random state is the lab's own and no library warper runs.
   */
  async generate(request: DecodeRequest): Promise<void> {
    let promptSeen = false;
    const streamer = {
      // The library puts the prompt first, then one [[id]] per step.
      put: (value: bigint[][]) => {
        if (promptSeen) request.onToken(Number(value[0]![0]!));
        promptSeen = true;
      },
      end: () => undefined,
    };
    const output = await this.#model.generate({
      ...this.#ids(request.promptIds),
      generation_config: {
        max_new_tokens: request.maxNewTokens,
        do_sample: false,
        // Neutral library processors, whatever generation_config.json says: ours are the hooks.
        temperature: 1,
        top_k: 0,
        top_p: 1,
        repetition_penalty: 1,
        no_repeat_ngram_size: 0,
        num_beams: 1,
        ...(request.stopAtEos ? {} : { eos_token_id: null }),
      },
      logits_processor: request.logitsHooks.map((hook) => (_ids: unknown, logits: LibTensor) => {
        hook(logits.data as Float32Array);
        return logits;
      }),
      stopping_criteria: [(ids: unknown[]) => ids.map(() => request.shouldStop())],
      streamer,
    });
    output.dispose();
  }

  async dispose(): Promise<void> {
    await this.#model.dispose();
  }
}

export interface OpenOptions {
  dtype: OnnxDtype;
  device: Device;
  /** External-data files handed to onnxruntime directly (stored variants); config-named ones are in `files`. */
  externalData?: ExternalDataFile[];
}

let opened = 0;

/**
 * Builds the tokenizer and the onnxruntime session from a model folder's files (path -> bytes,
 * transformers.js layout), on exactly the device asked for.
 */
export async function openCausalLm(files: ReadonlyMap<string, Uint8Array>, options: OpenOptions): Promise<CausalLm> {
  const lib = await library();
  const modelId = `model-${++opened}`;
  const prefix = `${SERVED_HOST}${modelId}/`;
  for (const [path, bytes] of files) served.set(prefix + path, bytes);
  try {
    const tokenizer = await lib.AutoTokenizer.from_pretrained(modelId);
    const model = await lib.AutoModelForCausalLM.from_pretrained(modelId, {
      dtype: options.dtype,
      // With an onnxruntime handed in (Node) the library lists no devices of its own; 'auto' passes
      // its check, and the execution provider below is what runs either way.
      device: IN_NODE ? 'auto' : options.device,
      session_options: { executionProviders: [options.device], ...(options.externalData ? { externalData: options.externalData } : {}) },
      ...(options.externalData ? { use_external_data_format: false } : {}),
    });
    return new CausalLm(lib, tokenizer, model);
  } finally {
    for (const path of files.keys()) served.delete(prefix + path);
  }
}
