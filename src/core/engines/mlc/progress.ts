// Turns web-llm's init progress reports ({ progress, timeElapsed, text }) into the lab's
// EngineProgress. web-llm has no byte fields: the texts below (tvmjs `fetchTensorCacheInternal`,
// `asyncLoadWebGPUPipelines`, web-llm `reloadInternal`) carry MB rounded up and shard counts.
import type { EngineProgress } from '../types.ts';

/** web-llm's `InitProgressReport`. */
export interface MlcInitProgress {
  progress: number;
  timeElapsed: number;
  text: string;
}

const MiB = 1024 * 1024;
// "Fetching param cache[3/20]: 120MB fetched. 34% completed, 5 secs elapsed. It can take a while..."
const FETCHING = /^Fetching param cache\[(\d+)\/(\d+)\]: (\d+)MB fetched/;
// "Loading model from cache[3/20]: 120MB loaded. 34% completed, 5 secs elapsed."
const LOADING = /^Loading model from cache\[(\d+)\/(\d+)\]: (\d+)MB loaded/;
// "Loading GPU shader modules[40/120]: 33% completed, 2 secs elapsed."
const SHADERS = /^Loading GPU shader modules\[(\d+)\/(\d+)\]/;
// "Finish loading on WebGPU - <adapter description or vendor>"
const FINISHED = /^Finish loading on (.+)$/;

export interface ParsedInitProgress extends EngineProgress {
  /** Set on web-llm's last report: the GPU label it loaded on ("WebGPU - <description>"). */
  finishedOn?: string;
}

function clampFraction(value: number): number | undefined {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : undefined;
}

export function parseInitProgress(report: MlcInitProgress): ParsedInitProgress {
  const fraction = clampFraction(report.progress);
  const fetching = FETCHING.exec(report.text);
  if (fetching) {
    return {
      phase: 'download',
      text: `Downloading weights: shard ${fetching[1]} of ${fetching[2]}, ${fetching[3]} MB`,
      loadedBytes: Number(fetching[3]) * MiB,
      fraction,
    };
  }
  const loading = LOADING.exec(report.text);
  if (loading) {
    return {
      phase: 'load',
      text: `Copying weights to the GPU: shard ${loading[1]} of ${loading[2]}, ${loading[3]} MB`,
      loadedBytes: Number(loading[3]) * MiB,
      fraction,
    };
  }
  const shaders = SHADERS.exec(report.text);
  if (shaders) return { phase: 'compile', text: `Compiling GPU kernels: ${shaders[1]} of ${shaders[2]}`, fraction };
  const finished = FINISHED.exec(report.text);
  if (finished) return { phase: 'compile', text: `Ready on ${finished[1]}`, fraction: 1, finishedOn: finished[1] };
  return { phase: 'load', text: report.text || 'Preparing', fraction };
}

/** The adapter part of web-llm's GPU label: "WebGPU - SwiftShader Device" -> "SwiftShader Device". */
export function adapterFromGpuLabel(label: string): string {
  return label.replace(/^WebGPU\s*-\s*/, '') || label;
}

/**
 * Follows a load's progress reports: whether weights were fetched from the network (web-llm only
 * reports "Fetching param cache" when some shard was missing from its cache), the last MB figure
 * (a fallback size, rounded up to 1 MiB), and the GPU label.
 */
export class InitProgressTracker {
  sawDownload = false;
  /** Largest MB figure seen, in bytes (web-llm rounds MB up). */
  weightBytesSeen = 0;
  gpuLabel: string | null = null;

  observe(report: MlcInitProgress): ParsedInitProgress {
    const parsed = parseInitProgress(report);
    if (parsed.phase === 'download') this.sawDownload = true;
    if (parsed.loadedBytes !== undefined) this.weightBytesSeen = Math.max(this.weightBytesSeen, parsed.loadedBytes);
    if (parsed.finishedOn) this.gpuLabel = parsed.finishedOn;
    return parsed;
  }
}
