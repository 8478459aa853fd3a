// Pure helpers over `VariantSpec`: which engine runs it, which transformers.js file a dtype names,
// and a stable human-readable description for tables and run results.
import type { Backend, ModelSpec, OnnxDtype, VariantSpec } from './types.ts';

/** transformers.js file suffixes: `onnx/model{suffix}.onnx`. */
const ONNX_DTYPE_SUFFIX: Record<OnnxDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

export const ONNX_DTYPES: readonly OnnxDtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

/** Path of the weights file for a dtype inside a transformers.js model folder, e.g. `onnx/model_q4.onnx`. */
export function onnxFileFor(dtype: OnnxDtype): string {
  return `onnx/model${ONNX_DTYPE_SUFFIX[dtype]}.onnx`;
}

export function backendOf(model: ModelSpec): Backend {
  return model.source === 'mlc-prebuilt' ? 'mlc' : 'onnx';
}

/** The model part of a description, e.g. `hf:onnx-community/SmolLM2-135M (q4)`. */
export function describeModel(model: ModelSpec): string {
  switch (model.source) {
    case 'demo-pack':
      return `demo:${model.modelId} (${model.file ?? model.dtype})`;
    case 'hf-onnx':
      return `hf:${model.repoId}${model.revision ? `@${model.revision}` : ''} (${model.dtype})`;
    case 'stored-variant':
      return `stored:${model.variantId}`;
    case 'mlc-prebuilt':
      return `mlc:${model.modelId}`;
    default: {
      const never: never = model;
      throw new Error(`Unknown model source ${JSON.stringify(never)}`);
    }
  }
}

/** Stable key for one variant (same spec -> same key), used to group runs. */
export function variantKey(spec: VariantSpec): string {
  return `${backendOf(spec.model)}|${describeModel(spec.model)}|${spec.device}`;
}
