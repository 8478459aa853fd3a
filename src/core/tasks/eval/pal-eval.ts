// PAL evaluation: the model writes `def solution(): ... return result`; the sandbox runs
// `program + "\nsolution()"` and the value of that last expression is the answer (normalised, so
// 37.0 matches 37). Failures are sorted into the sandbox's kinds (syntax, runtime, timeout, refused,
// crashed), a missing program, and a wrong answer.
import type { PythonSandbox } from '../../sandbox/types.ts';
import type { TaskItem } from '../items.ts';
import { normalizeAnswer } from '../normalize.ts';
import { STOPS } from '../templates.ts';
import type { EvalHooks } from './answer-eval.ts';
import type { TextGenerator } from './generator.ts';
import { share, summarise, type EvalSummary, type ItemRecord, type Outcome } from './records.ts';

export const PAL_MAX_NEW_TOKENS = 160;
export const PAL_TIMEOUT_MS = 2000;

/** The program to run: the generated function, then a call whose value is the result. */
export function palCode(program: string): string {
  return `${program.trimEnd()}\nsolution()`;
}

export async function evaluatePal(items: readonly TaskItem[], model: TextGenerator, sandbox: PythonSandbox, hooks: EvalHooks = {}): Promise<EvalSummary> {
  const now = hooks.now ?? (() => Date.now());
  const records: ItemRecord[] = [];
  for (const item of items) {
    const started = now();
    const base = { id: item.id, task: item.task, tags: item.tags, question: item.question, expected: item.answer };
    let record: ItemRecord;
    try {
      const output = await model.generate(item.prompt, { maxNewTokens: PAL_MAX_NEW_TOKENS, stop: STOPS.pal });
      if (!/def\s+solution\s*\(/.test(output)) {
        record = { ...base, output, answer: null, correct: false, outcome: 'no-answer', ms: now() - started, error: 'no def solution() in the output' };
      } else {
        const run = await sandbox.run({ code: palCode(output), timeoutMs: PAL_TIMEOUT_MS });
        const answer = run.error === null && run.result !== null ? normalizeAnswer(run.result) : null;
        const outcome: Outcome = run.error ? run.error.type : answer === item.answer ? 'correct' : answer === null ? 'no-answer' : 'wrong';
        record = { ...base, output, answer, correct: outcome === 'correct', outcome, ms: now() - started };
        if (run.error) record.error = run.error.message.trim().split('\n').at(-1) ?? run.error.message; // the exception line, not the traceback
      }
    } catch (e) {
      record = { ...base, output: '', answer: null, correct: false, outcome: 'model-error', ms: now() - started, error: e instanceof Error ? e.message : String(e) };
    }
    records.push(record);
    hooks.onRecord?.(record, records.length, items.length);
  }
  const ran = (r: ItemRecord) => r.outcome !== 'model-error';
  return summarise('pal', records, {
    'syntax-error': share(records.filter(ran), (r) => r.outcome === 'syntax'),
    'runtime-error': share(records.filter(ran), (r) => r.outcome === 'runtime'),
    timeout: share(records.filter(ran), (r) => r.outcome === 'timeout'),
    'wrong-answer': share(records.filter(ran), (r) => r.outcome === 'wrong'),
  });
}
