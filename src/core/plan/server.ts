// The server plan: which tensor-parallel degree each server GPU needs, how many sequences of a
// given context fit in the KV budget left over, and the vLLM flags that say the same thing.
// vLLM's accounting (docs/planner.md): it claims gpu_memory_utilization of each GPU, subtracts the
// weights (split across the TP group), the activation peak of a profiling run and non-torch memory,
// and turns the rest into KV blocks of 16 tokens. KV heads split across the group; with more GPUs
// than KV heads each GPU keeps one replicated head.
import type { ModelFacts } from './facts.ts';
import type { MemoryPlan } from './memory.ts';
import type { DeploymentTarget } from './targets.ts';

export interface ServerPlanOptions {
  context: number;
  /** vLLM --gpu-memory-utilization (default 0.9, vLLM's default). */
  gpuMemoryUtilization?: number;
  /** Largest tensor-parallel degree considered (default 8: one node). */
  maxTensorParallel?: number;
  /** Model name for the launch line. */
  model?: string;
}

export interface ServerPlan {
  target: DeploymentTarget;
  /** null when even maxTensorParallel GPUs cannot hold the weights and one sequence. */
  tensorParallel: number | null;
  weightsPerGpuBytes: number;
  /** What is left for KV blocks on each GPU. */
  kvBudgetPerGpuBytes: number;
  kvBytesPerTokenPerGpu: number;
  maxConcurrentSequences: number;
  vllmCommand: string | null;
  note: string;
}

const GB = 1e9;
/** vLLM's default --max-num-seqs. */
const VLLM_MAX_NUM_SEQS = 256;
const BLOCK_TOKENS = 16;

function kvPerGpu(facts: ModelFacts, tp: number): number {
  const kvHeadsPerGpu = Math.max(1, Math.ceil(facts.shape.kvHeads / tp));
  return (facts.kvBytesPerToken / facts.shape.kvHeads) * kvHeadsPerGpu;
}

function planOn(target: DeploymentTarget, facts: ModelFacts, plan: MemoryPlan, tp: number, options: ServerPlanOptions): ServerPlan {
  const utilization = options.gpuMemoryUtilization ?? 0.9;
  const usable = target.memoryGB * GB * utilization;
  const weightsPerGpuBytes = plan.weightsBytes / tp;
  // The profiled activation peak: our workspace estimate (flash attention: no score matrix; logits of one chunk).
  const kvBudgetPerGpuBytes = usable - weightsPerGpuBytes - plan.activationBytes / tp - plan.logitsBytes;
  const kvBytesPerTokenPerGpu = kvPerGpu(facts, tp);
  const blockBytes = kvBytesPerTokenPerGpu * BLOCK_TOKENS;
  const blocks = Math.max(0, Math.floor(kvBudgetPerGpuBytes / blockBytes));
  const maxConcurrentSequences = Math.floor(blocks / Math.ceil(options.context / BLOCK_TOKENS));
  const maxNumSeqs = Math.min(VLLM_MAX_NUM_SEQS, maxConcurrentSequences);
  const vllmCommand = maxConcurrentSequences < 1 ? null
    : `vllm serve ${options.model ?? '<model>'} --tensor-parallel-size ${tp} --max-model-len ${options.context} --gpu-memory-utilization ${utilization} --max-num-seqs ${maxNumSeqs}`;
  return { target, tensorParallel: tp, weightsPerGpuBytes, kvBudgetPerGpuBytes, kvBytesPerTokenPerGpu, maxConcurrentSequences, vllmCommand, note: '' };
}

/** Smallest power-of-two TP degree (dividing the attention heads, as vLLM requires) that holds one full-context sequence. */
export function serverPlan(target: DeploymentTarget, facts: ModelFacts, plan: MemoryPlan, options: ServerPlanOptions): ServerPlan {
  const maxTp = options.maxTensorParallel ?? 8;
  for (let tp = 1; tp <= maxTp; tp *= 2) {
    if (facts.shape.heads % tp !== 0) continue;
    const candidate = planOn(target, facts, plan, tp, options);
    if (candidate.maxConcurrentSequences >= 1) {
      const capped = candidate.maxConcurrentSequences > VLLM_MAX_NUM_SEQS ? ` (vLLM schedules at most ${VLLM_MAX_NUM_SEQS} by default)` : '';
      return { ...candidate, note: `${candidate.maxConcurrentSequences} sequences of ${options.context} tokens fit${capped}.` };
    }
  }
  const last = planOn(target, facts, plan, maxTp, options);
  return { ...last, tensorParallel: null, maxConcurrentSequences: 0, vllmCommand: null, note: `Does not fit on ${maxTp} GPUs of this type: add pipeline parallelism (--pipeline-parallel-size) or a smaller format.` };
}

export function serverPlans(targets: readonly DeploymentTarget[], facts: ModelFacts, plan: MemoryPlan, options: ServerPlanOptions): ServerPlan[] {
  return targets.filter((t) => t.kind === 'server-gpu').map((t) => serverPlan(t, facts, plan, options));
}
