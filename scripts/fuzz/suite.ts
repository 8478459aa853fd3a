// What a fuzz suite is: a name, a case count, and a prepare step that builds its seeds once per
// worker and returns the function running case `index` from its own seeded random source.
import { LabError } from '../../src/core/errors.ts';
import type { SeededRandom } from '../../src/core/models/seeded-random.ts';

/** What a running case has done so far, read by the worker when the case throws. */
export interface CaseStage {
  mutation: string;
  /** The target running now ('inspect', 'compress', 'import'...). */
  target: string;
  /** `target:ok` or `target:ErrorName` per finished target. */
  outcomes: string[];
}

export type RunCase = (random: SeededRandom, stage: CaseStage) => Promise<void>;

export interface FuzzSuite {
  name: string;
  cases: number;
  prepare(): Promise<RunCase>;
}

/**
 * Runs one target of a case and records `target:ok` or `target:<ErrorName>` for a LabError (a
 * typed refusal is the expected answer to bad input). Anything else propagates: a crash.
 */
export async function runStage(stage: CaseStage, target: string, run: () => unknown): Promise<void> {
  stage.target = target;
  try {
    await run();
    stage.outcomes.push(`${target}:ok`);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    stage.outcomes.push(`${target}:${error.name}`);
  }
}
