// The fuzz run's tally and report: cases per suite, outcomes per target ('inspect:OnnxParseError'),
// errors by type, crashes and hangs with what replays them, and the slowest case.
import type { WorkerEvent } from './worker.ts';

type Done = Extract<WorkerEvent, { type: 'done' }>;

export interface Failure { suite: string; index: number; mutation: string; target?: string; error?: string; stack?: string; ms?: number }

export class FuzzTally {
  readonly casesBySuite: Record<string, number> = {};
  readonly outcomes: Record<string, number> = {};
  readonly errorsByType: Record<string, number> = {};
  readonly crashes: Failure[] = [];
  readonly hangs: Failure[] = [];
  slowest: Failure & { ms: number } = { suite: '', index: -1, mutation: '', ms: 0 };
  total = 0;

  add(event: Done): void {
    this.count(event.suite);
    for (const outcome of event.outcomes) {
      this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
      const error = outcome.split(':')[1]!;
      if (error !== 'ok') this.errorsByType[error] = (this.errorsByType[error] ?? 0) + 1;
    }
    if (event.crash) {
      this.crashes.push({ suite: event.suite, index: event.index, mutation: event.mutation, target: event.crash.target, error: `${event.crash.name}: ${event.crash.message}`, stack: event.crash.stack });
    }
    if (event.ms > this.slowest.ms) this.slowest = { suite: event.suite, index: event.index, mutation: event.mutation, ms: Math.round(event.ms) };
  }

  /** A case that ran past the limit (its worker was stopped) or took its worker down. */
  lost(kind: 'hang' | 'crash', suite: string, index: number, detail: string): void {
    this.count(suite);
    (kind === 'hang' ? this.hangs : this.crashes).push({ suite, index, mutation: '(see --case)', error: detail });
  }

  private count(suite: string): void {
    this.casesBySuite[suite] = (this.casesBySuite[suite] ?? 0) + 1;
    this.total++;
  }

  onnxCases(): number {
    return Object.entries(this.casesBySuite).filter(([suite]) => suite.startsWith('onnx:')).reduce((sum, [, n]) => sum + n, 0);
  }

  report(meta: Record<string, unknown>): Record<string, unknown> {
    return {
      ...meta,
      cases: this.total,
      onnxCases: this.onnxCases(),
      crashes: this.crashes.length,
      hangs: this.hangs.length,
      casesBySuite: this.casesBySuite,
      errorsByType: this.errorsByType,
      outcomes: this.outcomes,
      slowest: this.slowest,
      crashList: this.crashes.slice(0, 100),
      hangList: this.hangs.slice(0, 100),
    };
  }
}
