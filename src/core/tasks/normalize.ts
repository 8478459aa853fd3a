// The answer normaliser every evaluator uses (docs/task-pack.md, "Normaliser"): exact match after
// normalising both sides. Numbers lose thousands separators and a zero fractional part, so a PAL
// program returning 37.0 matches 37.
import { I_DO_NOT_KNOW, NOT_IN_DOCUMENTS } from './templates.ts';

const NUMBER = /^-?[0-9][0-9,]*(\.[0-9]+)?$/;

export function normalizeAnswer(text: string): string {
  let s = (text.split('\n')[0] ?? '').trim().toLowerCase();
  s = s.replace(/^["'`]+|["'`]+$/g, '').trim();
  s = s.replace(/[.,!?;:]+$/, '').trim();
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/^the /, '');
  if (NUMBER.test(s)) {
    s = s.replace(/,/g, '');
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (s === '-0') s = '0';
  }
  return s;
}

const ABSTENTIONS = new Set([normalizeAnswer(NOT_IN_DOCUMENTS), normalizeAnswer(I_DO_NOT_KNOW)]);

/** True when the answer declines ("not in the documents", "I do not know"), after normalising. */
export function isAbstention(text: string): boolean {
  return ABSTENTIONS.has(normalizeAnswer(text));
}
