// Capability probe: asks the browser what this device can run (WebGPU adapter, features, limits,
// threads, memory, storage) and returns it as `DeviceCapabilities`. Never throws: anything the
// browser refuses becomes a reason string.
import type { DeviceCapabilities, GpuAdapterSummary, StorageStatus, WebGpuStatus } from '../core/device/capabilities.ts';

async function probeWebGpu(): Promise<WebGpuStatus> {
  if (!globalThis.isSecureContext) {
    return { available: false, reason: 'the page is not a secure context (open it over https or from localhost)' };
  }
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, reason: 'this browser has no navigator.gpu (use a recent Chrome or Edge; on Linux start it with --enable-unsafe-webgpu --enable-features=Vulkan)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { available: false, reason: `requestAdapter failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!adapter) return { available: false, reason: 'the browser found no WebGPU adapter (the GPU may be blocklisted or WebGPU disabled)' };
  return { available: true, adapter: summarizeAdapter(adapter) };
}

function summarizeAdapter(adapter: GPUAdapter): GpuAdapterSummary {
  const info = adapter.info;
  const vendor = info?.vendor || 'unknown vendor';
  const architecture = info?.architecture || 'unknown architecture';
  const isFallbackAdapter = Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter);
  return {
    vendor,
    architecture,
    device: info?.device || '',
    description: info?.description || `${vendor} ${architecture}`,
    isFallbackAdapter,
    features: {
      shaderF16: adapter.features.has('shader-f16'),
      subgroups: adapter.features.has('subgroups'),
      timestampQuery: adapter.features.has('timestamp-query'),
    },
    limits: {
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    },
  };
}

async function probeStorage(): Promise<StorageStatus | null> {
  const storage = navigator.storage;
  if (!storage?.estimate) return null;
  try {
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted ? storage.persisted() : Promise.resolve(false)]);
    return { usageBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
  } catch {
    return null;
  }
}

/** The wasm thread count onnxruntime may use here: threads need SharedArrayBuffer, i.e. isolation. */
export function allowedWasmThreads(isolated: boolean, cores: number): number {
  return isolated ? Math.max(1, Math.min(4, cores)) : 1;
}

export async function probeCapabilities(): Promise<DeviceCapabilities> {
  const [webgpu, storage] = await Promise.all([probeWebGpu(), probeStorage()]);
  const cores = navigator.hardwareConcurrency || 1;
  const isolated = Boolean(globalThis.crossOriginIsolated);
  return {
    secureContext: Boolean(globalThis.isSecureContext),
    crossOriginIsolated: isolated,
    wasmThreads: allowedWasmThreads(isolated, cores),
    hardwareConcurrency: cores,
    deviceMemoryGiB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
    userAgent: navigator.userAgent,
    webgpu,
    storage,
  };
}
