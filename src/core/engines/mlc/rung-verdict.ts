// Can this device run one web-llm rung? Checked before any download so the picker can disable a rung
// and say why. web-llm itself only checks `required_features`, which many f16 records omit: those
// fail late with a WGSL compile error, so f16 is gated here on the quantization name too.
import { check, type DeviceCapabilities, type GpuAdapterSummary, type Requirement, type Verdict } from '../../device/capabilities.ts';
import { needsShaderF16, type MlcModelRecord } from './model-record.ts';

const MiB = 1024 * 1024;

/**
 * What web-llm's runtime asks of every adapter (tvmjs `detectGPUDevice`): it requests 1 GiB limits
 * and falls back to these minimums, failing below them.
 */
export const WEBLLM_MIN_MAX_BUFFER_SIZE = 256 * MiB;
export const WEBLLM_MIN_STORAGE_BINDING = 128 * MiB;

/** Adapter features this lab can see (see `GpuAdapterSummary.features`). */
const KNOWN_FEATURES: Record<string, (adapter: GpuAdapterSummary) => boolean> = {
  'shader-f16': (adapter) => adapter.features.shaderF16,
  subgroups: (adapter) => adapter.features.subgroups,
  'timestamp-query': (adapter) => adapter.features.timestampQuery,
};

function shaderF16Reason(adapter: GpuAdapterSummary): string {
  return `Needs the WebGPU feature shader-f16, which this adapter (${adapter.description}) lacks. Use an f32 rung (q4f32_1 or q0f32).`;
}

function runtimeLimitsVerdict(adapter: GpuAdapterSummary): Verdict {
  const { maxBufferSize, maxStorageBufferBindingSize } = adapter.limits;
  if (maxBufferSize < WEBLLM_MIN_MAX_BUFFER_SIZE) {
    return { ok: false, reason: `web-llm needs GPU buffers of at least 256 MiB; this adapter allows ${Math.floor(maxBufferSize / MiB)} MiB. Try another browser or GPU.` };
  }
  if (maxStorageBufferBindingSize < WEBLLM_MIN_STORAGE_BINDING) {
    return { ok: false, reason: `web-llm needs storage bindings of at least 128 MiB; this adapter allows ${Math.floor(maxStorageBufferBindingSize / MiB)} MiB. Try another browser or GPU.` };
  }
  return { ok: true };
}

/** The requirements `check` evaluates for a record after the feature and runtime checks. */
export function rungRequirements(record: MlcModelRecord): Requirement[] {
  const requirements: Requirement[] = [];
  if (record.buffer_size_required_bytes !== undefined) {
    requirements.push({ kind: 'buffer', bytes: record.buffer_size_required_bytes, what: record.model_id });
  }
  if (record.vram_required_MB !== undefined) requirements.push({ kind: 'vram', megabytes: record.vram_required_MB });
  return requirements;
}

/** Ok, or the first reason this device cannot run the record (in the order a person would fix them). */
export function rungVerdict(record: MlcModelRecord, device: DeviceCapabilities): Verdict {
  const gpu = device.webgpu;
  if (!gpu.available) {
    return { ok: false, reason: `web-llm runs only on WebGPU, which is unavailable here: ${gpu.reason}. ONNX variants still run on wasm.` };
  }
  const adapter = gpu.adapter;
  if (needsShaderF16(record) && !adapter.features.shaderF16) return { ok: false, reason: shaderF16Reason(adapter) };
  for (const feature of record.required_features ?? []) {
    const has = KNOWN_FEATURES[feature];
    // Features this lab cannot probe are left to web-llm, whose FeatureSupportError is mapped in errors.ts.
    if (has && !has(adapter)) return { ok: false, reason: `Needs the WebGPU feature ${feature}, which this adapter (${adapter.description}) does not offer.` };
  }
  const limits = runtimeLimitsVerdict(adapter);
  if (!limits.ok) return limits;
  return check(device, rungRequirements(record));
}
