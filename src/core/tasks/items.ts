// The item records of the pack (docs/task-pack.md, "Items"): the fields every task shares and the
// ones each task adds. Generators return drafts; the pack gives them ids and their split.
export type Split = 'train' | 'validation' | 'test';
export const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

interface BaseItem {
  id: string;
  split: Split;
  /** The exact text given to the model. */
  prompt: string;
  /** The exact text the model should write after the prompt. */
  target: string;
  /** The normalised final answer. */
  answer: string;
  tags: string[];
  /** The question alone. */
  question: string;
}

export interface ClosedItem extends BaseItem { task: 'closed'; entity: string; attribute: string; v2Answer?: string }
export interface ReadingItem extends BaseItem { task: 'reading'; entity: string; attribute: string; documents: string[] }
export interface ArithmeticItem extends BaseItem { task: 'direct' | 'pal'; steps: number; program: string; numbers: number[] }
export interface ReactStep { thought: string; action: 'search' | 'lookup' | 'python' | 'finish'; input: string; observation: string }
export interface ReactItem extends BaseItem {
  task: 'react';
  entities: [string, string];
  kind: 'founded-gap' | 'age-at-founding' | 'population-gap' | 'employees-total';
  trace: ReactStep[];
  /** name -> article body (summary paragraph, blank line, details): what the oracle tools read. */
  documents: Record<string, string>;
}
export interface CopyItem extends BaseItem { task: 'copy'; text: string }

export type TaskItem = ClosedItem | ReadingItem | ArithmeticItem | ReactItem | CopyItem;

/** An item before the pack numbers it. */
export type Draft<T extends TaskItem = TaskItem> = T extends TaskItem ? Omit<T, 'id' | 'split'> : never;

