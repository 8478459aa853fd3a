// Merging runs from several exports (several devices): one row per run id, the first copy wins.
// Each run carries its own `device`, so merged rows stay attributable to the device they came from.
import type { DeviceDescription, RunResult } from './run-result.ts';

export interface MergeResult {
  /** All distinct runs, newest first. */
  runs: RunResult[];
  /** Ids of incoming runs that were new. */
  added: string[];
  /** Ids seen more than once (only the first copy kept). */
  duplicates: string[];
  /** Distinct devices among the merged runs. */
  devices: DeviceDescription[];
}

/** Stable key of a device description (same device -> same key). */
export function deviceKey(device: DeviceDescription): string {
  const adapter = device.adapter ? `${device.adapter.vendor}/${device.adapter.architecture}/${device.adapter.description}` : 'no-webgpu';
  return `${adapter}|${device.userAgent}|${device.hardwareConcurrency ?? '?'}|${device.deviceMemoryGb ?? '?'}`;
}

export function mergeRuns(existing: readonly RunResult[], ...incoming: ReadonlyArray<readonly RunResult[]>): MergeResult {
  const byId = new Map<string, RunResult>();
  for (const run of existing) if (!byId.has(run.id)) byId.set(run.id, run);
  const added: string[] = [];
  const duplicates = new Set<string>();
  for (const batch of incoming) {
    for (const run of batch) {
      if (byId.has(run.id)) {
        duplicates.add(run.id);
        continue;
      }
      byId.set(run.id, run);
      added.push(run.id);
    }
  }
  const runs = [...byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id));
  const devices = new Map<string, DeviceDescription>();
  for (const run of runs) devices.set(deviceKey(run.device), run.device);
  return { runs, added, duplicates: [...duplicates], devices: [...devices.values()] };
}
