// web-llm model records as plain data, and parsing of their ids (`<base>-<quant>-MLC[-suffix]`).
// The record type is structurally the part of web-llm's `ModelRecord` this lab reads, so
// `prebuiltAppConfig.model_list` passes in unchanged without core importing web-llm.

/** web-llm's `ModelType` enum values (config.ts): absent means LLM. */
export const MLC_MODEL_TYPE = { llm: 0, embedding: 1, vlm: 2 } as const;

/** The fields of one web-llm `ModelRecord` the lab uses. */
export interface MlcModelRecord {
  /** Hugging Face repository URL holding the weights, e.g. `https://huggingface.co/mlc-ai/<model_id>`. */
  model: string;
  model_id: string;
  /** URL of the compiled WebGPU kernels (a wasm file on raw.githubusercontent.com). */
  model_lib: string;
  vram_required_MB?: number;
  /** web-llm's flag for models meant to fit limited devices (phones, integrated GPUs). */
  low_resource_required?: boolean;
  /** Required `maxStorageBufferBindingSize` in bytes, when the model needs more than the default. */
  buffer_size_required_bytes?: number;
  /** WebGPU features web-llm checks before loading; many f16 records omit 'shader-f16' (see rung-verdict.ts). */
  required_features?: readonly string[];
  model_type?: number;
  overrides?: { context_window_size?: number; sliding_window_size?: number };
}

/** A quantization code such as `q4f16_1`: weight bits, the float type kernels compute in, the layout group. */
export interface MlcQuantization {
  name: string;
  /** Bits per stored weight; `q0` means unquantized, so the float width. */
  weightBits: number;
  /** Float type of activations and (for q0) weights. */
  floatType: 'f16' | 'f32';
  /** MLC's quantization scheme number after the underscore (`_1` = group quantization), or null. */
  scheme: number | null;
}

export interface ParsedModelId {
  /** The model without quantization, e.g. `SmolLM2-360M-Instruct`. */
  base: string;
  quantization: MlcQuantization;
  /** What follows `-MLC`, e.g. `1k` (a 1024-token context build) or `b32` (embedding batch size); null when none. */
  suffix: string | null;
}

const QUANTIZATION = /^q(\d+)(f16|f32)(?:_(\d+))?$/;
// Greedy base: the quantization is the last `q<bits>f<16|32>[_n]` segment before `-MLC`.
const MODEL_ID = /^(.+)-(q\d+f(?:16|32)(?:_\d+)?)-MLC(?:-([A-Za-z0-9_]+))?$/;

export function parseQuantization(name: string): MlcQuantization | null {
  const match = QUANTIZATION.exec(name);
  if (!match) return null;
  const floatType = match[2] as 'f16' | 'f32';
  const bits = Number(match[1]);
  return {
    name,
    weightBits: bits === 0 ? (floatType === 'f16' ? 16 : 32) : bits,
    floatType,
    scheme: match[3] === undefined ? null : Number(match[3]),
  };
}

/** Splits a web-llm model id; null for ids that do not follow the `<base>-<quant>-MLC[-suffix]` convention. */
export function parseMlcModelId(modelId: string): ParsedModelId | null {
  const match = MODEL_ID.exec(modelId);
  if (!match) return null;
  const quantization = parseQuantization(match[2]!);
  if (!quantization) return null;
  return { base: match[1]!, quantization, suffix: match[3] ?? null };
}

/** f16 kernels need the adapter feature `shader-f16`, whether or not the record declares it. */
export function needsShaderF16(record: Pick<MlcModelRecord, 'model_id' | 'required_features'>): boolean {
  if (record.required_features?.includes('shader-f16')) return true;
  const parsed = parseMlcModelId(record.model_id);
  // Unparsed ids fall back to the name: any `f16` quantization marker means f16 kernels.
  return parsed ? parsed.quantization.floatType === 'f16' : /f16/.test(record.model_id);
}

/**
 * The URL prefix web-llm stores a model's files under (its `cleanModelUrl`): the repository URL with
 * `resolve/main/` appended unless it names a revision already. Cache keys are this plus a file name.
 */
export function modelFilesUrl(repositoryUrl: string): string {
  let url = repositoryUrl.endsWith('/') ? repositoryUrl : `${repositoryUrl}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url).href;
}

/** The context window web-llm will use: the record's override, else the model config's own. */
export function contextWindowOf(record: MlcModelRecord, configContext?: number): number | null {
  const context = record.overrides?.context_window_size ?? configContext;
  if (context !== undefined && context > 0) return context;
  const sliding = record.overrides?.sliding_window_size;
  return sliding !== undefined && sliding > 0 ? sliding : null;
}
