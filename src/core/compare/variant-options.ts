// The cells of the Compare page's variant matrix (weight format x device) for an ONNX model, each
// with the verdict that enables it or says, before any click, why this device cannot run it.
import { check, type DeviceCapabilities, type Requirement, type Verdict } from '../device/capabilities.ts';
import { variantKey } from '../engines/spec.ts';
import type { Device, OnnxDtype, OnnxModelRef, VariantSpec } from '../engines/types.ts';
import type { CalibrationRecord } from '../compress/types.ts';

/** Which devices a stored variant's operators run on (written by the compress engine). */
export interface DeviceSupport {
  /** true, or the reason it cannot run there. */
  wasm: true | string;
  webgpu: true | string;
  /** Float16 kernels on WebGPU need the adapter feature shader-f16. */
  needsShaderF16OnWebgpu: boolean;
}

export interface StoredVariantSummary {
  id: string;
  name: string;
  recipeSummary: string;
  totalBytes: number;
  support: DeviceSupport;
  /** The text that calibrated its AWQ/Wanda steps, as its provenance records it. */
  calibration?: CalibrationRecord;
}

export interface VariantOption {
  key: string;
  /** Row label (the weight format or the stored variant's name). */
  row: string;
  device: Device;
  spec: VariantSpec;
  recipe: string | null;
  verdict: Verdict;
}

export const DEVICES: readonly Device[] = ['webgpu', 'wasm'];

const DTYPE_LABELS: Record<OnnxDtype, string> = {
  fp32: 'fp32 (float32)',
  fp16: 'fp16 (float16)',
  q8: 'q8 (dynamic int8, wasm only)',
  q4: 'q4 (4-bit blocks)',
  q4f16: 'q4f16 (4-bit, float16 activations)',
};

/** What each published dtype file needs on each device. */
export function dtypeSupport(dtype: OnnxDtype): DeviceSupport {
  const f16 = dtype === 'fp16' || dtype === 'q4f16';
  return {
    wasm: true,
    webgpu: dtype === 'q8' ? 'Dynamic int8 (MatMulInteger) has no WebGPU kernel in onnxruntime-web; this format runs on wasm only.' : true,
    needsShaderF16OnWebgpu: f16,
  };
}

function verdictFor(support: DeviceSupport, device: Device, capabilities: DeviceCapabilities): Verdict {
  const allowed = support[device];
  if (allowed !== true) return { ok: false, reason: allowed };
  const requirements: Requirement[] = device === 'webgpu' ? [{ kind: 'webgpu' }] : [];
  if (device === 'webgpu' && support.needsShaderF16OnWebgpu) requirements.push({ kind: 'shader-f16' });
  return check(capabilities, requirements);
}

export function onnxVariantOptions(
  model: OnnxModelRef,
  dtypes: readonly OnnxDtype[],
  stored: readonly StoredVariantSummary[],
  capabilities: DeviceCapabilities,
): VariantOption[] {
  const options: VariantOption[] = [];
  for (const dtype of dtypes) {
    for (const device of DEVICES) {
      const spec: VariantSpec = model.source === 'demo-pack'
        ? { model: { source: 'demo-pack', modelId: model.modelId, dtype }, device }
        : { model: { source: 'hf-onnx', repoId: model.repoId, dtype, ...(model.revision ? { revision: model.revision } : {}) }, device };
      options.push({ key: variantKey(spec), row: DTYPE_LABELS[dtype], device, spec, recipe: null, verdict: verdictFor(dtypeSupport(dtype), device, capabilities) });
    }
  }
  for (const variant of stored) {
    for (const device of DEVICES) {
      const spec: VariantSpec = { model: { source: 'stored-variant', variantId: variant.id }, device, label: variant.name };
      options.push({ key: variantKey(spec), row: variant.name, device, spec, recipe: variant.recipeSummary, verdict: verdictFor(variant.support, device, capabilities) });
    }
  }
  return options;
}

/** A readable label for a ticked variant: "fp32 (float32) · webgpu". */
export function optionLabel(option: VariantOption): string {
  return `${option.row} · ${option.device}`;
}
