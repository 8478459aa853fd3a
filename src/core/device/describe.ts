// The short device description stored with every run, derived from the probed capabilities.
import type { DeviceDescription } from '../results/run-result.ts';
import { summarizeUserAgent } from '../results/device.ts';
import type { DeviceCapabilities } from './capabilities.ts';

export function describeDevice(capabilities: DeviceCapabilities): DeviceDescription {
  const gpu = capabilities.webgpu;
  const features = gpu.available
    ? Object.entries({ 'shader-f16': gpu.adapter.features.shaderF16, subgroups: gpu.adapter.features.subgroups, 'timestamp-query': gpu.adapter.features.timestampQuery })
        .filter(([, has]) => has)
        .map(([name]) => name)
    : [];
  return {
    adapter: gpu.available ? { vendor: gpu.adapter.vendor, architecture: gpu.adapter.architecture, description: gpu.adapter.description } : null,
    features,
    userAgent: summarizeUserAgent(capabilities.userAgent),
    hardwareConcurrency: capabilities.hardwareConcurrency,
    deviceMemoryGb: capabilities.deviceMemoryGiB,
  };
}

/** One line naming a device, e.g. "google swiftshader · Chrome 156 on Linux". */
export function deviceLabel(device: DeviceDescription): string {
  const gpu = device.adapter ? `${device.adapter.vendor} ${device.adapter.architecture}`.trim() : 'no WebGPU';
  return `${gpu} · ${device.userAgent}`;
}
