// The ReAct loop and its evaluation: generate until the model writes `Observation:` (stop string),
// run the last `Action: name[input]` with the tools, append `Observation: <output>` and continue,
// until finish[...], a step limit, a repeated action or a turn without an action. Success = the
// finish answer equals the item's answer after normalising.
import type { ReactItem } from '../items.ts';
import { normalizeAnswer } from '../normalize.ts';
import { STOPS } from '../templates.ts';
import type { EvalHooks } from './answer-eval.ts';
import type { TextGenerator } from './generator.ts';
import { isToolError, type ReactTools } from './oracle-tools.ts';
import { summarise, type EvalSummary, type ItemRecord } from './records.ts';

export const REACT_MAX_STEPS = 8;
export const REACT_MAX_NEW_TOKENS = 64;

export interface ReactStepRecord { action: string; input: string; observation: string }

export interface ReactRun {
  /** finish: ended with finish[...]; the others say why the loop stopped without it. */
  reason: 'finish' | 'no-action' | 'repeated' | 'step-limit';
  answer: string | null;
  steps: ReactStepRecord[];
  /** Everything after the prompt: the model's text and the observations. */
  trace: string;
  toolErrors: number;
}

const ACTION_LINE = /^Action:\s*([A-Za-z_]+)\[(.*)\]\s*$/gm;

/** The last `Action: name[input]` line of a turn, or null. */
export function lastAction(turn: string): { action: string; input: string } | null {
  let found: { action: string; input: string } | null = null;
  for (const match of turn.matchAll(ACTION_LINE)) found = { action: match[1]!.toLowerCase(), input: match[2]! };
  return found;
}

export async function runReact(prompt: string, model: TextGenerator, tools: ReactTools, maxSteps = REACT_MAX_STEPS): Promise<ReactRun> {
  let trace = '';
  const steps: ReactStepRecord[] = [];
  const done = new Set<string>();
  let article = '';
  let toolErrors = 0;
  for (let step = 0; step < maxSteps; step += 1) {
    const turn = await model.generate(prompt + trace, { maxNewTokens: REACT_MAX_NEW_TOKENS, stop: STOPS.react });
    trace += turn;
    const action = lastAction(turn);
    if (!action) return { reason: 'no-action', answer: null, steps, trace, toolErrors };
    if (action.action === 'finish') return { reason: 'finish', answer: action.input.trim(), steps, trace, toolErrors };
    // lookup reads the last article found: the same lookup after another search is a new action.
    const key = `${action.action}[${action.input.trim()}]${action.action === 'lookup' ? ` in ${article}` : ''}`;
    if (done.has(key)) return { reason: 'repeated', answer: null, steps, trace, toolErrors };
    done.add(key);
    if (action.action === 'search') article = action.input.trim();
    const observation = await tools.run(action.action, action.input);
    if (isToolError(observation)) toolErrors += 1;
    steps.push({ ...action, observation });
    trace += `${trace.endsWith('\n') ? '' : '\n'}Observation: ${observation}\n`;
  }
  return { reason: 'step-limit', answer: null, steps, trace, toolErrors };
}

export async function evaluateReact(items: readonly ReactItem[], model: TextGenerator, toolsFor: (item: ReactItem) => ReactTools, hooks: EvalHooks = {}): Promise<EvalSummary> {
  const now = hooks.now ?? (() => Date.now());
  const records: ItemRecord[] = [];
  let actions = 0;
  let toolErrors = 0;
  for (const item of items) {
    const started = now();
    const base = { id: item.id, task: item.task, tags: item.tags, question: item.question, expected: item.answer };
    let record: ItemRecord;
    try {
      const run = await runReact(item.prompt, model, toolsFor(item));
      const answer = run.answer === null ? null : normalizeAnswer(run.answer);
      const correct = answer === item.answer;
      record = { ...base, output: run.trace, answer, correct, outcome: correct ? 'correct' : answer === null ? 'no-answer' : 'wrong', ms: now() - started, steps: run.steps.length + (run.reason === 'finish' ? 1 : 0) };
      if (run.reason !== 'finish') record.error = run.reason;
      actions += record.steps ?? 0;
      toolErrors += run.toolErrors;
    } catch (e) {
      record = { ...base, output: '', answer: null, correct: false, outcome: 'model-error', ms: now() - started, error: e instanceof Error ? e.message : String(e) };
    }
    records.push(record);
    hooks.onRecord?.(record, records.length, items.length);
  }
  const n = records.length;
  return summarise('react', records, {
    finished: { value: n === 0 ? 0 : records.filter((r) => r.answer !== null).length / n, of: n },
    'mean-actions': { value: n === 0 ? 0 : actions / n, of: n },
    'tool-errors-per-item': { value: n === 0 ? 0 : toolErrors / n, of: n },
  });
}
