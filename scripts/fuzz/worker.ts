// Fuzz worker thread: runs the cases of the ranges the runner sends, one at a time, and reports
// each case's start (the runner's hang watchdog times it) and its outcome. A non-LabError thrown by
// a target is a crash; it is reported with its stack and the worker goes on.
import { parentPort, workerData } from 'node:worker_threads';
import { allSuites, caseRandom } from './cases.ts';
import type { CaseStage, RunCase } from './suite.ts';

export interface CaseRange { suite: string; from: number; to: number }

export type WorkerEvent =
  | { type: 'start'; suite: string; index: number }
  | { type: 'done'; suite: string; index: number; ms: number; mutation: string; outcomes: string[]; crash?: { target: string; name: string; message: string; stack: string } }
  | { type: 'idle' };

const { seed, scale } = workerData as { seed: number; scale: number };
const suites = new Map(allSuites(scale).map((suite) => [suite.name, suite]));
const prepared = new Map<string, RunCase>();
const post = (event: WorkerEvent): void => parentPort!.postMessage(event);

async function runRange({ suite, from, to }: CaseRange): Promise<void> {
  if (!prepared.has(suite)) prepared.set(suite, await suites.get(suite)!.prepare());
  const run = prepared.get(suite)!;
  for (let index = from; index < to; index++) {
    post({ type: 'start', suite, index });
    const stage: CaseStage = { mutation: '', target: 'mutate', outcomes: [] };
    const started = performance.now();
    let crash: { target: string; name: string; message: string; stack: string } | undefined;
    try {
      await run(caseRandom(seed, suite, index), stage);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      crash = { target: stage.target, name: e.name, message: e.message.slice(0, 300), stack: (e.stack ?? '').split('\n').slice(1, 6).join('\n') };
    }
    post({ type: 'done', suite, index, ms: performance.now() - started, mutation: stage.mutation, outcomes: stage.outcomes, ...(crash ? { crash } : {}) });
  }
}

parentPort!.on('message', (range: CaseRange) => {
  void runRange(range).then(() => post({ type: 'idle' }));
});
post({ type: 'idle' });
