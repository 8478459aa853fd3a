// One plan against every deployment target: does it fit, and the decode speed the roofline allows
// there (bandwidth / bytes read per token at the given length). The fit thresholds are a stated
// heuristic, not a measurement: unified memory is shared with the OS and the browser (above 75% of
// it is "tight"), a discrete GPU keeps some memory for its driver and context (above 90% is "tight").
import type { MemoryPlan } from './memory.ts';
import { decodeTokensPerSecond } from './speed.ts';
import { DEPLOYMENT_TARGETS, type DeploymentTarget } from './targets.ts';
import { PlanInputError } from './errors.ts';

export type FitVerdict = 'fits' | 'tight' | 'too big';

export interface TargetFit {
  target: DeploymentTarget;
  memoryShare: number;
  verdict: FitVerdict;
  /** Upper bound at the plan's full context. */
  predictedDecodeTokPerS: number;
}

const GB = 1e9;

export function fitOn(target: DeploymentTarget, plan: MemoryPlan, length = plan.context): TargetFit {
  const memoryShare = plan.totalBytes / (target.memoryGB * GB);
  const comfortable = target.unifiedMemory ? 0.75 : 0.9;
  const verdict: FitVerdict = memoryShare <= comfortable ? 'fits' : memoryShare <= 1 ? 'tight' : 'too big';
  return { target, memoryShare, verdict, predictedDecodeTokPerS: decodeTokensPerSecond(plan, target.bandwidthGBps * GB, length) };
}

export function fitTargets(plan: MemoryPlan, targets: readonly DeploymentTarget[] = DEPLOYMENT_TARGETS, length?: number): TargetFit[] {
  return targets.map((target) => fitOn(target, plan, length));
}

/** A target by exact name, or by a case-insensitive fragment matching exactly one target. */
export function findTarget(name: string, targets: readonly DeploymentTarget[] = DEPLOYMENT_TARGETS): DeploymentTarget {
  const exact = targets.find((t) => t.name === name);
  if (exact) return exact;
  const matches = targets.filter((t) => t.name.toLowerCase().includes(name.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  const hint = matches.length > 1 ? `it matches ${matches.length}: ${matches.map((t) => t.name).join('; ')}` : `known: ${targets.map((t) => t.name).join('; ')}`;
  throw new PlanInputError(`Device '${name}' is not one target (${hint}).`, 'device');
}
