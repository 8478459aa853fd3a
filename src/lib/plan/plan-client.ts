// Main-thread client of the plan worker: microbenchmarks of this device and ONNX facts of saved
// variants. The worker starts on first use.
import type { ModelFacts } from '../../core/plan/index.ts';
import type { CpuBenchResult, PlanSchema } from '../../workers/plan.protocol.ts';
import { WorkerHandle } from '../workers/worker-handle.ts';
import type { GpuBandwidth } from './gpu-bandwidth.ts';
import '../../core/plan/errors.ts'; // registers PlanInputError so worker errors keep their class

/** 32 MiB: past every CPU cache, so the copy measures memory, not cache. */
export const BENCH_BYTES = 32 * 2 ** 20;

export class PlanClient {
  readonly handle = new WorkerHandle<PlanSchema>(() => new Worker(new URL('../../workers/plan.worker.ts', import.meta.url), { type: 'module', name: 'plan' }));

  cpuBench(bytes = BENCH_BYTES): Promise<CpuBenchResult> {
    return this.handle.call('cpuBench', { bytes });
  }

  gpuBench(bytes = BENCH_BYTES): Promise<GpuBandwidth | null> {
    return this.handle.call('gpuBench', { bytes });
  }

  onnxFacts(model: Uint8Array, label: string): Promise<ModelFacts> {
    return this.handle.call('onnxFacts', { model, label }, { transfer: [model.buffer as ArrayBuffer] });
  }
}

export const planClient = new PlanClient();
