// What this device can run, as plain data: the browser probe (src/lib/capabilities.ts) fills it in,
// and everything that offers a choice asks `check` before enabling it, so a user sees the reason
// a variant is disabled before clicking rather than after a failed download.

export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  features: { shaderF16: boolean; subgroups: boolean; timestampQuery: boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}

export type WebGpuStatus =
  | { available: true; adapter: GpuAdapterSummary }
  | { available: false; reason: string };

export interface StorageStatus {
  usageBytes: number;
  quotaBytes: number;
  persisted: boolean;
}

export interface DeviceCapabilities {
  secureContext: boolean;
  crossOriginIsolated: boolean;
  /** wasm threads onnxruntime may use: >1 only when cross-origin isolated. */
  wasmThreads: number;
  hardwareConcurrency: number;
  /** GiB as the browser reports it (rounded, capped at 8 by Chrome), or null where unsupported. */
  deviceMemoryGiB: number | null;
  userAgent: string;
  webgpu: WebGpuStatus;
  storage: StorageStatus | null;
}

export type Requirement =
  | { kind: 'webgpu' }
  | { kind: 'shader-f16' }
  | { kind: 'buffer'; bytes: number; what: string }
  | { kind: 'vram'; megabytes: number }
  | { kind: 'storage'; bytes: number };

export type Verdict = { ok: true } | { ok: false; reason: string };

const MiB = 1024 * 1024;

function checkOne(device: DeviceCapabilities, requirement: Requirement): Verdict {
  const gpu = device.webgpu;
  switch (requirement.kind) {
    case 'webgpu':
      return gpu.available ? { ok: true } : { ok: false, reason: `WebGPU is unavailable: ${gpu.reason}` };
    case 'shader-f16':
      if (!gpu.available) return { ok: false, reason: `Needs WebGPU with shader-f16; WebGPU is unavailable: ${gpu.reason}` };
      return gpu.adapter.features.shaderF16
        ? { ok: true }
        : { ok: false, reason: `This GPU adapter (${gpu.adapter.description}) lacks the shader-f16 feature that float16 kernels need. Pick an f32 variant or the wasm device.` };
    case 'buffer':
      if (!gpu.available) return { ok: false, reason: `WebGPU is unavailable: ${gpu.reason}` };
      return requirement.bytes <= gpu.adapter.limits.maxStorageBufferBindingSize
        ? { ok: true }
        : { ok: false, reason: `${requirement.what} needs a ${Math.ceil(requirement.bytes / MiB)} MiB GPU buffer; this adapter allows ${Math.floor(gpu.adapter.limits.maxStorageBufferBindingSize / MiB)} MiB.` };
    case 'vram': {
      if (!gpu.available) return { ok: false, reason: `WebGPU is unavailable: ${gpu.reason}` };
      const limitMiB = gpu.adapter.limits.maxBufferSize / MiB;
      const memoryMiB = device.deviceMemoryGiB === null ? Number.POSITIVE_INFINITY : device.deviceMemoryGiB * 1024;
      if (requirement.megabytes > memoryMiB) {
        return { ok: false, reason: `Needs about ${Math.round(requirement.megabytes)} MB of GPU memory; this device reports ${device.deviceMemoryGiB} GiB of memory in all.` };
      }
      // A model's largest buffer is a fraction of its total; the adapter's max buffer size bounds what one allocation can take.
      if (limitMiB < 128) return { ok: false, reason: `This adapter's largest buffer is ${Math.round(limitMiB)} MiB, too small for model weights.` };
      return { ok: true };
    }
    case 'storage': {
      const storage = device.storage;
      if (!storage) return { ok: true };
      const free = storage.quotaBytes - storage.usageBytes;
      return requirement.bytes <= free
        ? { ok: true }
        : { ok: false, reason: `Needs ${Math.ceil(requirement.bytes / MiB)} MiB of storage; ${Math.floor(free / MiB)} MiB is free. Delete cached models in Models & storage.` };
    }
    default: {
      const unreachable: never = requirement;
      return unreachable;
    }
  }
}

/** The first unmet requirement's reason, or ok. */
export function check(device: DeviceCapabilities, requirements: readonly Requirement[]): Verdict {
  for (const requirement of requirements) {
    const verdict = checkOne(device, requirement);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}
