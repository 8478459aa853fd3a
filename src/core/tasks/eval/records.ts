// Per-item records and the summary every evaluator returns: accuracy overall and per tag, plus the
// task's own rates (stale, made-up, not-in-the-documents, PAL failure kinds, ReAct steps).
export type Outcome =
  | 'correct' | 'wrong' | 'abstained'
  | 'syntax' | 'runtime' | 'timeout' | 'refused' | 'crashed' | 'no-answer' | 'model-error';

export interface ItemRecord {
  id: string;
  task: string;
  tags: string[];
  question: string;
  /** The normalised expected answer. */
  expected: string;
  /** What the model wrote (for react: the whole trace after the prompt). */
  output: string;
  /** The normalised answer taken from the output (PAL: the program's result), or null. */
  answer: string | null;
  correct: boolean;
  outcome: Outcome;
  ms: number;
  /** ReAct: actions taken; PAL: the sandbox's error message. */
  steps?: number;
  error?: string;
}

export interface TagSummary { items: number; correct: number; accuracy: number }

export interface EvalSummary {
  task: string;
  items: number;
  correct: number;
  accuracy: number;
  byTag: Record<string, TagSummary>;
  /** Named rates in [0, 1], each over the items it names (see docs/task-pack.md, "Evaluation"). */
  rates: Record<string, { value: number; of: number }>;
  outcomes: Partial<Record<Outcome, number>>;
  records: ItemRecord[];
}

export function share(records: readonly ItemRecord[], test: (r: ItemRecord) => boolean): { value: number; of: number } {
  return { value: records.length === 0 ? 0 : records.filter(test).length / records.length, of: records.length };
}

export function summarise(task: string, records: ItemRecord[], rates: Record<string, { value: number; of: number }> = {}): EvalSummary {
  const byTag: Record<string, TagSummary> = {};
  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const r of records) {
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    for (const tag of r.tags) {
      const t = (byTag[tag] ??= { items: 0, correct: 0, accuracy: 0 });
      t.items += 1;
      if (r.correct) t.correct += 1;
    }
  }
  for (const t of Object.values(byTag)) t.accuracy = t.correct / t.items;
  const correct = records.filter((r) => r.correct).length;
  return { task, items: records.length, correct, accuracy: records.length === 0 ? 0 : correct / records.length, byTag, rates, outcomes, records };
}
