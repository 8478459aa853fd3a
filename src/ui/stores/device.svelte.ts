// What this device can run, probed once at start; every page reads it to disable what cannot run.
import type { DeviceCapabilities, Requirement, Verdict } from '../../core/device/capabilities.ts';
import { check } from '../../core/device/capabilities.ts';
import { probeCapabilities } from '../../lib/capabilities.ts';

export class DeviceStore {
  #capabilities = $state<DeviceCapabilities | null>(null);
  #probing = $state(false);

  get capabilities(): DeviceCapabilities | null {
    return this.#capabilities;
  }

  get probing(): boolean {
    return this.#probing;
  }

  get webgpuAvailable(): boolean {
    return this.#capabilities?.webgpu.available ?? false;
  }

  async probe(): Promise<void> {
    this.#probing = true;
    try {
      this.#capabilities = await probeCapabilities();
    } finally {
      this.#probing = false;
    }
  }

  check(requirements: readonly Requirement[]): Verdict {
    if (!this.#capabilities) return { ok: false, reason: 'Still checking what this device can run…' };
    return check(this.#capabilities, requirements);
  }
}

export const device = new DeviceStore();
