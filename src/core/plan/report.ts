// One plan as flat JSON, the shape `llm-lab plan --json` prints and the Planner page shows: the
// memory plan, the chosen target's predicted decode speed, and web-llm's own figure when the model
// came from its catalogue.
import type { ModelFacts } from './facts.ts';
import type { MemoryPlan } from './memory.ts';
import { fitOn, type FitVerdict } from './target-fit.ts';
import type { DeploymentTarget } from './targets.ts';

export interface PlanReport extends Omit<MemoryPlan, 'warnings'> {
  model: string;
  source: string;
  dtype: string;
  format: string;
  device: { name: string; memoryGB: number; bandwidthGBps: number; source: string; fit: FitVerdict; memoryShare: number } | null;
  /** Roofline bound at the full context on --device; null without one. */
  predictedDecodeTokPerS: number | null;
  webllmVramRequiredMB: number | null;
  /** Our total minus web-llm's figure, MiB. */
  webllmDifferenceMiB: number | null;
  warnings: string[];
}

export interface ReportInput {
  model: string;
  dtype: string;
  facts: ModelFacts;
  plan: MemoryPlan;
  target?: DeploymentTarget | null;
  webllmVramRequiredMB?: number | null;
  warnings?: string[];
}

export function buildPlanReport(input: ReportInput): PlanReport {
  const { plan, facts, target } = input;
  const fit = target ? fitOn(target, plan) : null;
  const vram = input.webllmVramRequiredMB ?? null;
  const { warnings: planWarnings, ...figures } = plan;
  return {
    model: input.model,
    source: facts.source,
    dtype: input.dtype,
    format: facts.formatLabel,
    ...figures,
    device: target && fit ? { name: target.name, memoryGB: target.memoryGB, bandwidthGBps: target.bandwidthGBps, source: target.source, fit: fit.verdict, memoryShare: fit.memoryShare } : null,
    predictedDecodeTokPerS: fit ? fit.predictedDecodeTokPerS : null,
    webllmVramRequiredMB: vram,
    webllmDifferenceMiB: vram === null ? null : plan.totalBytes / 2 ** 20 - vram,
    warnings: [...(input.warnings ?? []), ...planWarnings],
  };
}
