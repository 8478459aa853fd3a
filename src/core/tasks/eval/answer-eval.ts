// Evaluation of the one-line-answer tasks (closed, reading, direct, copy): greedy generation to the
// end of the line, exact match after the normaliser. Closed-book adds the stale-answer rate (v2-changed
// items answered with the v1 value, which is also `answer`) and the made-up rate (v2-only items answered
// with anything but an abstention); reading adds the not-in-the-documents rate on absent items and the
// accuracy with the gold v2 passage.
import type { ClosedItem, TaskItem } from '../items.ts';
import { isAbstention, normalizeAnswer } from '../normalize.ts';
import { NOT_IN_DOCUMENTS, STOPS } from '../templates.ts';
import type { TextGenerator } from './generator.ts';
import { share, summarise, type EvalSummary, type ItemRecord, type Outcome } from './records.ts';

export const ANSWER_MAX_NEW_TOKENS = 32;

export type AnswerTask = 'closed' | 'reading' | 'direct' | 'copy';

export interface EvalHooks {
  /** Called after each item (progress). */
  onRecord?: (record: ItemRecord, done: number, total: number) => void;
  now?: () => number;
}

function outcomeOf(item: TaskItem, answer: string): Outcome {
  if (answer === item.answer) return 'correct';
  return isAbstention(answer) ? 'abstained' : 'wrong';
}

export async function evaluateAnswers(items: readonly TaskItem[], model: TextGenerator, hooks: EvalHooks = {}): Promise<EvalSummary> {
  const now = hooks.now ?? (() => Date.now());
  const records: ItemRecord[] = [];
  const task = items[0]?.task ?? 'closed';
  for (const item of items) {
    const started = now();
    let output = '';
    let error: string | undefined;
    try {
      output = await model.generate(item.prompt, { maxNewTokens: ANSWER_MAX_NEW_TOKENS, stop: STOPS[item.task] });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const answer = error === undefined ? normalizeAnswer(output) : null;
    const outcome = answer === null ? 'model-error' : outcomeOf(item, answer);
    const record: ItemRecord = { id: item.id, task: item.task, tags: item.tags, question: item.question, expected: item.answer, output, answer, correct: outcome === 'correct', outcome, ms: now() - started };
    if (error !== undefined) record.error = error;
    records.push(record);
    hooks.onRecord?.(record, records.length, items.length);
  }
  return summarise(task, records, answerRates(items, records));
}

function answerRates(items: readonly TaskItem[], records: readonly ItemRecord[]): Record<string, { value: number; of: number }> {
  const tagged = (tag: string) => records.filter((r) => r.tags.includes(tag));
  const byId = new Map(items.map((item) => [item.id, item]));
  const notInDocuments = normalizeAnswer(NOT_IN_DOCUMENTS);
  const rates: Record<string, { value: number; of: number }> = {};
  if (records.some((r) => r.task === 'closed')) {
    rates['stale'] = share(tagged('v2-changed'), (r) => r.answer === r.expected);
    rates['current'] = share(tagged('v2-changed'), (r) => r.answer === (byId.get(r.id) as ClosedItem | undefined)?.v2Answer);
    rates['made-up'] = share(tagged('v2-only'), (r) => r.answer !== null && !isAbstention(r.answer));
    rates['v1-accuracy'] = share(tagged('v1'), (r) => r.correct);
  }
  if (records.some((r) => r.task === 'reading')) {
    rates['not-in-documents'] = share(tagged('absent'), (r) => r.answer === notInDocuments);
    rates['gold-v2-accuracy'] = share(tagged('gold-v2'), (r) => r.correct);
    rates['present-accuracy'] = share(tagged('present'), (r) => r.correct);
    rates['false-abstention'] = share(tagged('present'), (r) => r.answer === notInDocuments);
  }
  return rates;
}
