// A memory plan against one device's limits: the largest single tensor against WebGPU's
// maxStorageBufferBindingSize and maxBufferSize (one buffer per tensor, usually the embedding
// table or LM head is the one that fails), the weights against free storage (they must be cached),
// and the whole plan against deviceMemory (Chrome reports it rounded down and capped at 8 GB).
import type { MemoryPlan } from './memory.ts';

export interface DeviceLimits {
  maxBufferSize: number | null;
  maxStorageBufferBindingSize: number | null;
  /** Storage quota and usage (navigator.storage.estimate). */
  storageQuotaBytes: number | null;
  storageUsageBytes: number | null;
  /** navigator.deviceMemory, GB; a lower bound of the real memory. */
  deviceMemoryGb: number | null;
}

export interface LimitCheck {
  id: 'binding' | 'buffer' | 'storage' | 'memory';
  label: string;
  needBytes: number;
  limitBytes: number | null;
  /** null when the limit is unknown here. */
  ok: boolean | null;
  note: string;
}

const GIB = 2 ** 30;

function check(id: LimitCheck['id'], label: string, needBytes: number, limitBytes: number | null, note: string): LimitCheck {
  return { id, label, needBytes, limitBytes, ok: limitBytes === null ? null : needBytes <= limitBytes, note };
}

export function checkLimits(plan: MemoryPlan, limits: DeviceLimits): LimitCheck[] {
  const free = limits.storageQuotaBytes === null ? null : limits.storageQuotaBytes - (limits.storageUsageBytes ?? 0);
  return [
    check('binding', 'Largest tensor vs maxStorageBufferBindingSize', plan.largestTensorBytes, limits.maxStorageBufferBindingSize,
      `${plan.largestTensorName} must be bound whole by one WebGPU shader.`),
    check('buffer', 'Largest tensor vs maxBufferSize', plan.largestTensorBytes, limits.maxBufferSize, 'One GPU buffer holds one tensor.'),
    check('storage', 'Weights vs free storage quota', plan.weightsBytes, free, 'The weights are cached in this origin\'s storage before they load.'),
    check('memory', 'Total vs deviceMemory', plan.totalBytes, limits.deviceMemoryGb === null ? null : limits.deviceMemoryGb * GIB,
      'deviceMemory is rounded down and capped at 8 GB by Chrome: a failure here is a warning, not a proof.'),
  ];
}
