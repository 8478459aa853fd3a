// RPC schema of the plan worker: the short microbenchmarks (CPU copy and matmul, WebGPU copy) and
// reading ModelFacts out of an ONNX file's bytes (a saved variant), all off the main thread.
import type { CopyBandwidth, MatmulThroughput, ModelFacts } from '../core/plan/index.ts';
import type { MethodSpec } from '../core/rpc/protocol.ts';
import type { GpuBandwidth } from '../lib/plan/gpu-bandwidth.ts';

export interface CpuBenchResult {
  copy: CopyBandwidth;
  matmul: MatmulThroughput;
}

export type PlanSchema = {
  cpuBench: MethodSpec<{ bytes: number }, CpuBenchResult>;
  gpuBench: MethodSpec<{ bytes: number }, GpuBandwidth | null>;
  /** The bytes are transferred in. */
  onnxFacts: MethodSpec<{ model: Uint8Array; label: string }, ModelFacts>;
};
