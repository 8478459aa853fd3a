// Which run of a set is the baseline when nobody picked one: the run every comparison in the set
// was measured against, if the set includes it. Runs compared against different baselines, or
// against one left out, give no answer rather than a guess.
import type { RunResult } from './run-result.ts';

export function inferredBaseline(runs: readonly RunResult[]): string | null {
  const referenced = new Set(runs.flatMap((r) => (r.comparison ? [r.comparison.baselineRunId] : [])));
  const [only] = referenced;
  return referenced.size === 1 && runs.some((r) => r.id === only) ? only! : null;
}
