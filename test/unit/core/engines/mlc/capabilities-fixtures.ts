// Device capabilities for the web-llm tests, shaped like what src/lib/capabilities.ts reports.
// `swiftShader` mirrors the e2e Chromium's software adapter: WebGPU without shader-f16.
import type { DeviceCapabilities, GpuAdapterSummary } from '../../../../../src/core/device/capabilities.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function adapter(overrides: Partial<GpuAdapterSummary> & { shaderF16?: boolean } = {}): GpuAdapterSummary {
  const { shaderF16 = false, ...rest } = overrides;
  return {
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: 'SwiftShader Device (Subzero)',
    isFallbackAdapter: true,
    features: { shaderF16, subgroups: false, timestampQuery: false },
    limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 2 * GiB - 4 },
    ...rest,
  };
}

export function device(gpu: GpuAdapterSummary | null, deviceMemoryGiB: number | null = 8): DeviceCapabilities {
  return {
    secureContext: true,
    crossOriginIsolated: true,
    wasmThreads: 2,
    hardwareConcurrency: 2,
    deviceMemoryGiB,
    userAgent: 'test',
    webgpu: gpu ? { available: true, adapter: gpu } : { available: false, reason: 'this browser has no navigator.gpu' },
    storage: { usageBytes: 0, quotaBytes: 10 * GiB, persisted: false },
  };
}

export const swiftShader = device(adapter());
export const withF16 = device(adapter({ shaderF16: true, description: 'Test GPU with f16' }));
export const smallBindings = device(adapter({ shaderF16: true, limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: 200 * MiB } }));
export const noWebGpu = device(null);
